#include "platform/bus/bus.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>

namespace platform::bus {

struct Bus::ResumeHandlers {
  std::mutex mutex;
  std::uint64_t next_id = 1;
  std::map<std::uint64_t, std::function<void()>> handlers;

  void RunAll() {
    std::vector<std::function<void()>> run;  // called outside the lock
    {
      std::lock_guard lock(mutex);
      for (const auto& [id, handler] : handlers) run.push_back(handler);
    }
    for (const auto& handler : run) handler();
  }
};

std::shared_ptr<Bus::ResumeHandlers> Bus::MakeResumeHandlers() {
  return std::make_shared<ResumeHandlers>();
}

Subscription Bus::OnResume(std::function<void()> handler) {
  std::uint64_t id = 0;
  {
    std::lock_guard lock(resume_handlers_->mutex);
    id = resume_handlers_->next_id++;
    resume_handlers_->handlers.emplace(id, std::move(handler));
  }
  return Subscription([handlers = resume_handlers_, id] {
    std::lock_guard lock(handlers->mutex);
    handlers->handlers.erase(id);
  });
}

std::function<void()> Bus::ResumeNotifier() const {
  return [handlers = resume_handlers_] { handlers->RunAll(); };
}

Subscription SubscribeBlocking(Bus& bus, std::string topic, Handler handler) {
  boost::asio::io_context io;
  auto subscribed = boost::asio::co_spawn(io, bus.Subscribe(std::move(topic), std::move(handler)),
                                          boost::asio::use_future);
  io.run();  // until the subscription is confirmed (the coroutine holds the context's work)
  return subscribed.get();
}

}  // namespace platform::bus
