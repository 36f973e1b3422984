#include "platform/bus/redis_bus.hpp"

#include <functional>
#include <mutex>

#include "platform/bus/detail/topic_table.hpp"
#include "platform/core/log.hpp"
#include "platform/redis/redis_client.hpp"

namespace platform::bus {

namespace {

class RedisBus final : public Bus {
 public:
  RedisBus(const std::string& url, std::string channel_prefix)
      : channel_prefix_(std::move(channel_prefix)),
        publisher_(redis::Client::Connect(url)),
        subscriber_(redis::Client::Connect(url)) {
    subscriber_->OnMessage([table = table_, prefix = channel_prefix_](const std::string& channel,
                                                                      std::string payload) {
      if (!channel.starts_with(prefix)) return;
      table->Deliver(channel.substr(prefix.size()),
                     std::make_shared<const std::string>(std::move(payload)));
    });
    publisher_->OnConnectionChange(
        [link = link_, resumed = ResumeNotifier()](bool up) { link->Publisher(up, resumed); });
    subscriber_->OnConnectionChange(
        [link = link_, resumed = ResumeNotifier()](bool up) { link->Subscriber(up, resumed); });
  }

  boost::asio::awaitable<Subscription> Subscribe(std::string topic, Handler handler) override {
    std::uint64_t id = 0;
    {
      std::lock_guard order(table_->order());
      bool first = false;
      id = table_->Add(topic, std::move(handler), first);
    }
    // Every Subscribe asks Redis (a repeat is harmless) so that each caller resumes only once
    // its messages are flowing, even if another listener's SUBSCRIBE is still in flight.
    std::exception_ptr failed;
    try {
      std::string channel = channel_prefix_ + topic;  // a named local (GCC 12)
      co_await subscriber_->Subscribe(std::move(channel));
    } catch (const redis::RedisError&) {
      failed = std::current_exception();
    }
    if (failed) {
      std::lock_guard order(table_->order());
      table_->Remove(topic, id);
      std::rethrow_exception(failed);
    }
    co_return Subscription([table = table_, subscriber = subscriber_,
                            channel = channel_prefix_ + topic, topic = std::move(topic), id] {
      std::lock_guard order(table->order());
      if (table->Remove(topic, id)) subscriber->Unsubscribe(channel);
    });
  }

  void Publish(const std::string& topic, std::string message) override {
    std::vector<std::string> command{"PUBLISH", channel_prefix_ + topic, std::move(message)};
    publisher_->Post(std::move(command));
  }

 private:
  // Whether both connections are up, and whether either was lost since the bus last resumed:
  // the bus is back only when messages can go out and come in again. Each client calls from
  // its own thread.
  struct Link {
    std::mutex mutex;
    bool publisher_up = true, subscriber_up = true, lost = false;

    void Publisher(bool up, const std::function<void()>& resumed) {
      Changed(publisher_up, up, resumed);
    }
    void Subscriber(bool up, const std::function<void()>& resumed) {
      Changed(subscriber_up, up, resumed);
    }
    void Changed(bool& which, bool up, const std::function<void()>& resumed) {
      bool resume = false;
      {
        std::lock_guard lock(mutex);
        which = up;
        if (!up) lost = true;
        resume = lost && publisher_up && subscriber_up;
        if (resume) lost = false;
      }
      if (resume) {
        log::Info("bus.resumed", {});
        resumed();
      }
    }
  };

  const std::string channel_prefix_;
  std::shared_ptr<Link> link_ = std::make_shared<Link>();
  std::shared_ptr<detail::TopicTable> table_ = std::make_shared<detail::TopicTable>();
  std::shared_ptr<redis::Client> publisher_;
  std::shared_ptr<redis::Client> subscriber_;
};

}  // namespace

std::unique_ptr<Bus> MakeRedisBus(const std::string& redis_url, std::string channel_prefix) {
  return std::make_unique<RedisBus>(redis_url, std::move(channel_prefix));
}

}  // namespace platform::bus
