#include "platform/bus/detail/topic_table.hpp"

namespace platform::bus {

namespace {

class LocalBus final : public Bus {
 public:
  boost::asio::awaitable<Subscription> Subscribe(std::string topic, Handler handler) override {
    bool first = false;
    const auto id = table_->Add(topic, std::move(handler), first);
    co_return Subscription(
        [table = table_, topic = std::move(topic), id] { table->Remove(topic, id); });
  }

  void Publish(const std::string& topic, std::string message) override {
    table_->Deliver(topic, std::make_shared<const std::string>(std::move(message)));
  }

 private:
  // Shared with the subscriptions, which may outlive the bus during shutdown.
  std::shared_ptr<detail::TopicTable> table_ = std::make_shared<detail::TopicTable>();
};

}  // namespace

std::unique_ptr<Bus> MakeLocalBus() {
  return std::make_unique<LocalBus>();
}

}  // namespace platform::bus
