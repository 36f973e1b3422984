#include "platform/bus/bus.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <mutex>
#include <thread>

#include "platform/bus/redis_bus.hpp"
#include "platform/bus/rooms.hpp"
#include "platform/bus/round_trip_probe.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/async.hpp"
#include "tests/support/support.hpp"

namespace platform::bus {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Collects what a subscriber received, from whatever thread delivers it.
struct Inbox {
  std::mutex mutex;
  std::vector<std::string> messages;
  Handler handler() {
    return [this](const Message& m) {
      std::lock_guard lock(mutex);
      messages.push_back(*m);
    };
  }
  std::vector<std::string> WaitFor(std::size_t count) {
    for (int i = 0; i < 400; ++i) {
      {
        std::lock_guard lock(mutex);
        if (messages.size() >= count) return messages;
      }
      std::this_thread::sleep_for(5ms);
    }
    std::lock_guard lock(mutex);
    return messages;
  }
};

class BusTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "redis") {
      const auto url = testing_support::RedisUrl();
      if (!url) GTEST_SKIP() << "Redis not available (run the tests through make test)";
      bus_ = MakeRedisBus(*url, "test:bus:");
      other_ = MakeRedisBus(*url, "test:bus:");  // a second instance
    } else {
      bus_ = MakeLocalBus();
    }
    topic_ = "test:" + RandomToken(6);
  }
  template <class T>
  T Run(boost::asio::awaitable<T> task) {
    return testing_support::RunToCompletion(io_, std::move(task));
  }
  Subscription Subscribe(Bus& bus, const std::string& topic, Handler handler) {
    return Run(bus.Subscribe(topic, std::move(handler)));
  }

  asio::io_context io_;
  std::unique_ptr<Bus> bus_, other_;
  std::string topic_;
};

TEST_P(BusTest, DeliversToEverySubscriberOfTheTopicInOrder) {
  Inbox a, b, elsewhere;
  auto sa = Subscribe(*bus_, topic_, a.handler());
  auto sb = Subscribe(*bus_, topic_, b.handler());
  auto sc = Subscribe(*bus_, topic_ + ":other", elsewhere.handler());
  for (int i = 0; i < 50; ++i) bus_->Publish(topic_, std::to_string(i));
  const auto got = a.WaitFor(50);
  ASSERT_EQ(got.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(got[i], std::to_string(i));
  EXPECT_EQ(b.WaitFor(50).size(), 50u);
  EXPECT_TRUE(elsewhere.messages.empty());
}

TEST_P(BusTest, NothingArrivesAfterTheSubscriptionEnds) {
  Inbox kept, dropped;
  auto keep = Subscribe(*bus_, topic_, kept.handler());
  {
    auto drop = Subscribe(*bus_, topic_, dropped.handler());
    bus_->Publish(topic_, "one");
    ASSERT_EQ(dropped.WaitFor(1).size(), 1u);
  }
  bus_->Publish(topic_, "two");
  ASSERT_EQ(kept.WaitFor(2).size(), 2u);
  EXPECT_EQ(dropped.messages.size(), 1u);
}

TEST_P(BusTest, ReachesSubscribersOfAnotherInstance) {
  if (!other_) GTEST_SKIP() << "one process has one instance";
  Inbox remote;
  auto s = Subscribe(*other_, topic_, remote.handler());
  bus_->Publish(topic_, "across");
  const auto got = remote.WaitFor(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "across");
}

TEST_P(BusTest, SubscribingBeforeAnyEventLoopRunsHearsOtherInstances) {
  Inbox inbox;
  Bus& listener = other_ ? *other_ : *bus_;
  auto s = SubscribeBlocking(listener, topic_, inbox.handler());
  bus_->Publish(topic_, "at start-up");
  const auto got = inbox.WaitFor(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], "at start-up");
}

TEST_P(BusTest, ResubscribingAfterTheLastListenerLeftStillDelivers) {
  // Unsubscribe and subscribe race to Redis: the order must be kept.
  for (int round = 0; round < 20; ++round) {
    Inbox inbox;
    auto s = Subscribe(*bus_, topic_, inbox.handler());
    bus_->Publish(topic_, "x");
    ASSERT_EQ(inbox.WaitFor(1).size(), 1u) << "round " << round;
  }
}

TEST_P(BusTest, SignalWakesAWaiterAtOnceOrTimesOut) {
  const bool timed_out = !Run([&]() -> asio::awaitable<bool> {
    auto signal = co_await Signal::Listen(*bus_, topic_);
    co_return co_await signal->Wait(50ms);
  }());
  EXPECT_TRUE(timed_out);

  const auto started = std::chrono::steady_clock::now();
  std::thread publisher;
  const bool woke = Run([&]() -> asio::awaitable<bool> {
    auto signal = co_await Signal::Listen(*bus_, topic_);
    publisher = std::thread([&] {
      std::this_thread::sleep_for(30ms);
      bus_->Publish(topic_, "go");
    });
    co_return co_await signal->Wait(10s);
  }());
  publisher.join();
  EXPECT_TRUE(woke);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);

  // A message between Listen and Wait is not missed.
  const bool early = Run([&]() -> asio::awaitable<bool> {
    auto signal = co_await Signal::Listen(*bus_, topic_);
    bus_->Publish(topic_, "early");
    std::this_thread::sleep_for(100ms);  // let Redis deliver it before Wait starts
    co_return co_await signal->Wait(5s);
  }());
  EXPECT_TRUE(early);
}

// Rooms: a room's topic is heard while it has members here, not after the last one left; a
// member joining under a taken key replaces the old one, which can no longer leave for it.
TEST_P(BusTest, RoomsHearTheirTopicWhileTheyHaveMembers) {
  using Member = std::shared_ptr<std::string>;
  std::mutex mutex;
  std::vector<std::string> heard;  // "room:message"
  Rooms<Member> rooms(
      *bus_, [this](const std::string& room) { return topic_ + ":" + room; },
      [&](const std::string& room, const Message& m) {
        std::lock_guard lock(mutex);
        heard.push_back(room + ":" + *m);
      });
  const auto first = std::make_shared<std::string>("first");
  const auto second = std::make_shared<std::string>("second");
  const auto newer = std::make_shared<std::string>("newer");
  EXPECT_FALSE(Run(rooms.Join("a", "k1", first)));
  EXPECT_FALSE(Run(rooms.Join("a", "k2", second)));
  const auto replaced = Run(rooms.Join("a", "k1", newer));
  ASSERT_TRUE(replaced);
  EXPECT_EQ(*replaced, first);
  EXPECT_EQ(rooms.size(), 2u);
  EXPECT_FALSE(rooms.Leave("a", "k1", first)) << "a replaced member no longer holds the key";
  EXPECT_EQ(rooms.Members("a").size(), 2u);
  EXPECT_EQ(rooms.Members("a", {"k2", "gone"}), std::vector<Member>{second});
  EXPECT_EQ(rooms.AllMembers([&](const Member& m) { return m == newer; }),
            std::vector<Member>{newer});

  bus_->Publish(topic_ + ":a", "hello");
  bus_->Publish(topic_ + ":b", "nobody here");
  for (int i = 0; i < 400; ++i) {
    std::lock_guard lock(mutex);
    if (!heard.empty()) break;
  }
  std::this_thread::sleep_for(50ms);
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(heard, std::vector<std::string>{"a:hello"});
    heard.clear();
  }
  EXPECT_TRUE(rooms.Leave("a", "k1", newer));
  EXPECT_TRUE(rooms.Leave("a", "k2", second));
  EXPECT_EQ(rooms.size(), 0u);
  bus_->Publish(topic_ + ":a", "after");
  // A sentinel subscriber proves the message went out before we check nothing arrived: the
  // same publisher's later message reaches it only after the earlier one was delivered (it
  // may hear "after" too, since publishing does not wait).
  Inbox sentinel;
  auto s = Subscribe(*bus_, topic_ + ":a", sentinel.handler());
  bus_->Publish(topic_ + ":a", "sentinel");
  for (int i = 0; i < 400; ++i) {
    const auto got = sentinel.WaitFor(1);
    if (std::find(got.begin(), got.end(), "sentinel") != got.end()) break;
    std::this_thread::sleep_for(5ms);
  }
  std::lock_guard lock(mutex);
  EXPECT_TRUE(heard.empty()) << "the room unsubscribed when its last member left";
}

TEST_P(BusTest, TheRoundTripProbeMeasuresTheBusAndNoticesWhenItStops) {
  RoundTripProbe probe(*bus_, 50ms);
  for (int i = 0; i < 200 && probe.seconds() == 0; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_GT(probe.seconds(), 0) << "the first probe came back";
  EXPECT_LT(probe.seconds(), 0.5);
}

// A bus that loses everything: the probe's figure grows with the wait, past a second.
TEST(RoundTripProbe, ABusThatStoppedAnsweringShowsAGrowingFigure) {
  struct DeafBus final : Bus {
    boost::asio::awaitable<Subscription> Subscribe(std::string, Handler) override {
      co_return Subscription();
    }
    void Publish(const std::string&, std::string) override {}
  } deaf;
  RoundTripProbe probe(deaf, 50ms);
  std::this_thread::sleep_for(300ms);
  const double first = probe.seconds();
  EXPECT_GE(first, 0.25);
  std::this_thread::sleep_for(200ms);
  EXPECT_GE(probe.seconds(), first + 0.15) << "the probe away keeps its start";
}

INSTANTIATE_TEST_SUITE_P(Buses, BusTest, ::testing::Values("local", "redis"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace platform::bus
