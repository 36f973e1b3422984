#include "platform/net/detail/handshake_turns.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <string>
#include <vector>

namespace platform::net::detail {
namespace {

namespace asio = boost::asio;

// A clump of steps arrives in one cycle (as one epoll batch does), then a request becomes
// ready: it waits for at most one more budget of steps, not for the whole clump.
TEST(HandshakeTurnsTest, ARequestBehindAClumpWaitsForOneBudgetNotTheClump) {
  asio::io_context loop(1);
  auto& turns = HandshakeTurns::Of(loop.get_executor());
  std::vector<std::string> order;
  asio::post(loop, [&] {
    for (int i = 0; i < 100; ++i) {
      if (turns.TryTake()) {
        order.push_back("now");
      } else {
        turns.Defer([&] { order.push_back("later"); });
      }
    }
    // Ready once the loop polls again: after this cycle's marker was posted.
    asio::post(loop, [&] { asio::post(loop, [&] { order.push_back("probe"); }); });
  });
  loop.run();
  ASSERT_EQ(order.size(), 101u);
  const auto probe = std::find(order.begin(), order.end(), "probe") - order.begin();
  EXPECT_EQ(std::count(order.begin(), order.begin() + probe, "now"),
            static_cast<long>(HandshakeTurns::kPerCycle));
  EXPECT_LE(probe, static_cast<long>(3 * HandshakeTurns::kPerCycle));
  EXPECT_EQ(std::count(order.begin(), order.end(), "later"), 100 - 16);
}

// Deferred steps keep their order, and a loop with nothing else to do runs them all.
TEST(HandshakeTurnsTest, DeferredStepsRunInOrderAndCoroutinesWaitTheirTurn) {
  asio::io_context loop(1);
  auto& turns = HandshakeTurns::Of(loop.get_executor());
  std::vector<int> ran;
  for (int i = 0; i < 50; ++i) {
    asio::co_spawn(
        loop,
        [&, i]() -> asio::awaitable<void> {
          if (!turns.TryTake()) co_await turns.Wait(asio::use_awaitable);
          ran.push_back(i);
        },
        asio::detached);
  }
  loop.run();
  ASSERT_EQ(ran.size(), 50u);
  EXPECT_TRUE(std::is_sorted(ran.begin(), ran.end()));
}

// A loop destroyed with steps still waiting frees them (the sanitizers would say otherwise).
TEST(HandshakeTurnsTest, StepsStillWaitingAtShutdownAreFreed) {
  auto owned = std::make_shared<int>(7);
  {
    asio::io_context loop(1);
    auto& turns = HandshakeTurns::Of(loop.get_executor());
    while (turns.TryTake()) {
    }
    turns.Defer([owned] {});
  }
  EXPECT_EQ(owned.use_count(), 1);
}

}  // namespace
}  // namespace platform::net::detail
