#include "platform/redis/redis_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <thread>

#include "platform/core/ids.hpp"
#include "platform/redis/redis_rate_limiter.hpp"
#include "tests/support/async.hpp"
#include "tests/support/support.hpp"

namespace platform::redis {
namespace {

namespace asio = boost::asio;

// Against the throwaway redis-server that scripts/test starts.
class RedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto url = testing_support::RedisUrl();
    if (!url) GTEST_SKIP() << "Redis not available (run the tests through make test)";
    client_ = Client::Connect(*url);
    prefix_ = "test:" + RandomToken(6) + ":";
  }
  template <class T>
  T Run(boost::asio::awaitable<T> task) {
    return testing_support::RunToCompletion(io_, std::move(task));
  }
  Reply Command(std::vector<std::string> args) { return Run(client_->Command(std::move(args))); }

  asio::io_context io_;
  std::shared_ptr<Client> client_;
  std::string prefix_;
};

TEST_F(RedisTest, CommandsAndReplyTypes) {
  EXPECT_EQ(Command({"SET", prefix_ + "k", std::string("v\0w", 3)}).text, "OK");
  EXPECT_EQ(Command({"GET", prefix_ + "k"}).text, std::string("v\0w", 3));  // binary-safe
  EXPECT_EQ(Command({"GET", prefix_ + "missing"}).type, Reply::Type::kNil);
  EXPECT_EQ(Command({"INCRBY", prefix_ + "n", "41"}).integer, 41);
  const Reply list = Command({"EVAL", "return {1, 'two', {3}}", "0"});
  ASSERT_EQ(list.type, Reply::Type::kArray);
  EXPECT_EQ(list.elements[1].text, "two");
  EXPECT_EQ(list.elements[2].elements[0].integer, 3);
  const Reply error = Command({"NOSUCHCOMMAND"});
  EXPECT_EQ(error.type, Reply::Type::kError);
  EXPECT_EQ(Command({"PING"}).text, "PONG");  // the connection survives an error reply
}

TEST_F(RedisTest, ManyConcurrentCommandsAllComplete) {
  std::atomic<int> done{0};
  for (int i = 0; i < 500; ++i) {
    asio::co_spawn(
        io_,
        [&, i]() -> asio::awaitable<void> {
          std::vector<std::string> command = {"INCR",
                                              prefix_ + "count"};  // GCC 12: no braces in co_await
          const Reply r = co_await client_->Command(std::move(command));
          if (r.type == Reply::Type::kInteger) ++done;
          (void)i;
        },
        asio::detached);
  }
  io_.run();
  io_.restart();
  EXPECT_EQ(done.load(), 500);
  EXPECT_EQ(std::stoi(Command({"GET", prefix_ + "count"}).text), 500);
}

TEST_F(RedisTest, RateLimitsAreSharedByEveryClient) {
  RedisRateLimiter first(client_, "test:ratelimit:");
  RedisRateLimiter second(Client::Connect(*testing_support::RedisUrl()), "test:ratelimit:");
  const net::RateLimit limit{.per_second = 0.5, .burst = 4};
  int allowed = 0;
  for (int i = 0; i < 6; ++i) {
    net::RateLimiter& limiter = i % 2 ? static_cast<net::RateLimiter&>(second) : first;
    allowed += Run(limiter.Acquire(prefix_ + "login", limit)).allowed;
  }
  EXPECT_EQ(allowed, 4);
  const auto denied = Run(first.Acquire(prefix_ + "login", limit));
  EXPECT_FALSE(denied.allowed);
  EXPECT_GT(denied.retry_after.count(), 1000);
  EXPECT_LE(denied.retry_after.count(), 2000);
}

TEST_F(RedisTest, ALostConnectionReconnectsAndSubscribesAgain) {
  auto admin = Client::Connect(*testing_support::RedisUrl());
  auto subscriber = Client::Connect(*testing_support::RedisUrl());
  // Its id, while it may still run commands: other tests share this Redis, so only it is cut.
  const std::string subscriber_id =
      std::to_string(Run(subscriber->Command({"CLIENT", "ID"})).integer);
  std::atomic<int> received{0};
  subscriber->OnMessage([&](const std::string&, std::string) { ++received; });
  Run(subscriber->Subscribe(prefix_ + "chan"));
  auto publish_until_received = [&] {
    for (int i = 0; i < 50 && received == 0; ++i) {
      Command({"PUBLISH", prefix_ + "chan", "hello"});
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return received.load() > 0;
  };
  ASSERT_TRUE(publish_until_received());

  // Redis drops the subscriber (as a restart or a network cut would).
  const Reply killed = Run(admin->Command({"CLIENT", "KILL", "ID", subscriber_id}));
  ASSERT_EQ(killed.integer, 1);
  received = 0;
  EXPECT_TRUE(publish_until_received()) << "subscribed again after reconnecting";

  // A command connection comes back too; while it is down, commands fail rather than hang.
  const std::string id = std::to_string(Command({"CLIENT", "ID"}).integer);
  Run(admin->Command({"CLIENT", "KILL", "ID", id}));
  bool back = false;
  for (int i = 0; i < 50 && !back; ++i) {
    try {
      back = Command({"PING"}).text == "PONG";
    } catch (const RedisError&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_TRUE(back);
}

TEST(RedisClient, ConnectFailuresAreErrors) {
  EXPECT_THROW(Client::Connect("redis://127.0.0.1:1"), RedisError);
  EXPECT_THROW(Client::Connect("http://127.0.0.1:6379"), RedisError);
}

}  // namespace
}  // namespace platform::redis
