#include "platform/cache/read_cache.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>

#include "platform/bus/redis_bus.hpp"
#include "platform/cache/invalidations.hpp"
#include "tests/support/support.hpp"

namespace platform::cache {
namespace {

using namespace std::chrono_literals;

TEST(ReadCache, ServesWhatWasPutUntilAWriteInvalidatesIt) {
  Freshness freshness;
  ReadCache<std::string> cache(freshness, {.max_bytes = 1000, .ttl = 60s});
  EXPECT_FALSE(cache.Get("page:1"));
  cache.Put("page:1", "first", freshness.Current(), 5);
  EXPECT_EQ(cache.Get("page:1"), "first");
  freshness.Invalidate();
  EXPECT_FALSE(cache.Get("page:1"));
  const auto stats = cache.stats();
  EXPECT_EQ(stats.hits, 1u);
  EXPECT_EQ(stats.misses, 2u);
  EXPECT_EQ(stats.entries, 0u);
}

TEST(ReadCache, AReadThatAWriteOvertookIsNotCached) {
  Freshness freshness;
  ReadCache<std::string> cache(freshness, {.max_bytes = 1000, .ttl = 60s});
  const auto before_read = freshness.Current();
  freshness.Invalidate();  // the write commits while the read is under way
  cache.Put("page:1", "maybe stale", before_read, 11);
  EXPECT_FALSE(cache.Get("page:1"));
  cache.Put("page:1", "fresh", freshness.Current(), 5);
  EXPECT_EQ(cache.Get("page:1"), "fresh");
}

TEST(ReadCache, EntriesExpire) {
  Freshness freshness;
  ReadCache<int> cache(freshness, {.max_bytes = 1000, .ttl = 20ms});
  cache.Put("a", 1, freshness.Current(), 1);
  EXPECT_EQ(cache.Get("a"), 1);
  std::this_thread::sleep_for(40ms);
  EXPECT_FALSE(cache.Get("a"));
}

TEST(ReadCache, HoldsAtMostItsBytesTheLeastRecentlyUsedLeavingFirst) {
  Freshness freshness;
  ReadCache<int> cache(freshness, {.max_bytes = 30, .ttl = 60s});
  cache.Put("a", 1, freshness.Current(), 10);
  cache.Put("b", 2, freshness.Current(), 10);
  cache.Put("c", 3, freshness.Current(), 10);
  EXPECT_EQ(cache.Get("a"), 1);  // now b is the least recently used
  cache.Put("d", 4, freshness.Current(), 10);
  EXPECT_FALSE(cache.Get("b"));
  EXPECT_EQ(cache.Get("a"), 1);
  EXPECT_EQ(cache.Get("c"), 3);
  EXPECT_EQ(cache.Get("d"), 4);
  EXPECT_EQ(cache.stats().bytes, 30u);
  cache.Put("huge", 5, freshness.Current(), 31);  // larger than the whole cache: not kept
  EXPECT_FALSE(cache.Get("huge"));
  cache.Put("a", 6, freshness.Current(), 10);  // replacing counts its bytes once
  EXPECT_EQ(cache.Get("a"), 6);
  EXPECT_EQ(cache.stats().bytes, 30u);
}

// Ten requests missing one key at once: one load, ten answers; a load that yields nothing
// cacheable leaves each waiter to load for itself.
TEST(ReadCache, ConcurrentMissesOfOneKeyShareOneLoad) {
  Freshness freshness;
  ReadCache<std::string> cache(freshness, {.max_bytes = 1000, .ttl = 60s});
  boost::asio::io_context io;
  int loads = 0;
  std::vector<std::string> answers;
  auto load = [&]() -> boost::asio::awaitable<std::optional<std::pair<std::string, std::size_t>>> {
    ++loads;
    boost::asio::steady_timer slow(co_await boost::asio::this_coro::executor, 20ms);
    co_await slow.async_wait(boost::asio::use_awaitable);
    co_return std::pair<std::string, std::size_t>("page", 4);
  };
  for (int i = 0; i < 10; ++i) {
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
          auto value = co_await cache.GetOrLoad("page:1", load);
          answers.push_back(value.value_or("none"));
        },
        boost::asio::detached);
  }
  io.run();
  EXPECT_EQ(loads, 1);
  EXPECT_EQ(answers, std::vector<std::string>(10, "page"));

  io.restart();
  int empty_loads = 0;
  auto nothing =
      [&]() -> boost::asio::awaitable<std::optional<std::pair<std::string, std::size_t>>> {
    ++empty_loads;
    co_return std::nullopt;
  };
  for (int i = 0; i < 3; ++i) {
    boost::asio::co_spawn(
        io, [&]() -> boost::asio::awaitable<void> { co_await cache.GetOrLoad("missing", nothing); },
        boost::asio::detached);
  }
  io.run();
  EXPECT_EQ(empty_loads, 3);
  EXPECT_FALSE(cache.Get("missing"));
}

// Two instances, each with its own cache, sharing invalidations over a real Redis.
TEST(ReadCache, AnInvalidationOnOneInstanceReachesTheOtherOverRedis) {
  const auto url = testing_support::RedisUrl();
  if (!url) GTEST_SKIP() << "Redis not available (run the tests through make test)";
  auto bus_a = bus::MakeRedisBus(*url, "test:cache:");
  auto bus_b = bus::MakeRedisBus(*url, "test:cache:");
  Freshness a, b;
  auto shared_a = ShareInvalidations(a, *bus_a, "reads");
  auto shared_b = ShareInvalidations(b, *bus_b, "reads");
  ReadCache<std::string> cache_b(b, {.max_bytes = 1000, .ttl = 60s});
  cache_b.Put("page:1", "old", b.Current(), 3);

  const auto a_before = a.Current();
  a.Invalidate();
  EXPECT_EQ(a.Current(), a_before + 1);
  for (int i = 0; i < 400 && cache_b.Get("page:1"); ++i) std::this_thread::sleep_for(5ms);
  EXPECT_FALSE(cache_b.Get("page:1"));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(a.Current(), a_before + 1);  // its own message did not advance it again
}

}  // namespace
}  // namespace platform::cache
