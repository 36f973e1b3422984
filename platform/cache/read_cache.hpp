#pragma once

// Reads cached in process and invalidated by the writes that change them (DESIGN.md
// "Reads are cached"). A Freshness is a generation counter for a family of reads: a write
// that changes any of them calls Invalidate once it has committed, and every entry cached
// under an older generation stops being served. Readers take the generation *before* they
// read the database and cache under it, so a write that commits while they read makes their
// result stale at once instead of serving it: nothing outlives the write that changed it on
// this instance. With Redis, ShareInvalidations (invalidations.hpp) carries each Invalidate
// to the other instances over the bus.
//
// GetOrLoad coalesces misses: while one request reads a key from the database, the others
// that miss the same key under the same generation wait for its result instead of reading it
// too, so an expiry or an invalidation under load costs one read, not one per connection.
//
// Entries also expire after `ttl`: the bound on what writes never invalidate (counters kept
// by batch, like views) and on what another instance may serve before its invalidation
// arrives. The cache holds at most `max_bytes` of values (as the caller costs them), the
// least recently used leaving first. Thread-safe; Get and Put take one short lock.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "platform/cache/flight.hpp"

namespace platform::cache {

class Freshness {
 public:
  std::uint64_t Current() const { return generation_.load(std::memory_order_acquire); }
  // After the write has committed. Never blocks: other instances hear of it asynchronously.
  void Invalidate() {
    Advance();
    if (announce_) announce_();
  }
  // What an invalidation from another instance does here.
  void Advance() { generation_.fetch_add(1, std::memory_order_acq_rel); }
  // Set once, before serving (ShareInvalidations).
  void AnnounceWith(std::function<void()> announce) { announce_ = std::move(announce); }

 private:
  std::atomic<std::uint64_t> generation_{1};
  std::function<void()> announce_;
};

struct CacheOptions {
  std::size_t max_bytes = 16 << 20;
  std::chrono::milliseconds ttl{2000};
};

struct CacheStats {
  std::uint64_t hits = 0, misses = 0;
  std::size_t entries = 0, bytes = 0;
};

template <class Value>
class ReadCache {
 public:
  using Clock = std::chrono::steady_clock;

  ReadCache(const Freshness& freshness, CacheOptions options)
      : freshness_(freshness), options_(options) {}

  // Take it before reading the database; give it to Put with what was read.
  std::uint64_t Generation() const { return freshness_.Current(); }

  // The value cached under `key`, unless a write or the ttl has made it stale.
  std::optional<Value> Get(const std::string& key) {
    const std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end()) {
      ++misses_;
      return std::nullopt;
    }
    const auto entry = found->second;
    if (entry->generation != freshness_.Current() || Clock::now() >= entry->expires_at) {
      Erase(entry);
      ++misses_;
      return std::nullopt;
    }
    entries_.splice(entries_.begin(), entries_, entry);  // most recently used first
    ++hits_;
    return entry->value;
  }

  // Caches what was read under `generation` (Generation() taken before the read);
  // dropped when a write has come since, or when `bytes` alone would not fit.
  void Put(const std::string& key, Value value, std::uint64_t generation, std::size_t bytes) {
    if (generation != freshness_.Current() || bytes > options_.max_bytes) return;
    const std::lock_guard lock(mutex_);
    if (const auto found = index_.find(key); found != index_.end()) Erase(found->second);
    entries_.push_front({key, std::move(value), generation, Clock::now() + options_.ttl, bytes});
    index_.emplace(key, entries_.begin());
    bytes_ += bytes;
    while (bytes_ > options_.max_bytes) Erase(std::prev(entries_.end()));
  }

  // The value under `key`, from the cache or from `load`, which returns the value and its cost
  // in bytes, or nullopt for what must not be cached (an error, nothing found): then each
  // waiting request runs `load` itself. A waiter also loads alone past `patience`.
  template <class Load>  // () -> awaitable<std::optional<std::pair<Value, std::size_t>>>
  boost::asio::awaitable<std::optional<Value>> GetOrLoad(
      const std::string& key, Load load, std::chrono::milliseconds patience = kPatience) {
    if (auto hit = Get(key)) co_return hit;
    const std::uint64_t generation = Generation();
    std::shared_ptr<InFlight> flight;
    bool leading = false;
    {
      const std::lock_guard lock(mutex_);
      auto& slot = flights_[key];
      if (!slot || slot->generation != generation) {
        slot = std::make_shared<InFlight>(generation);
        leading = true;
      }
      flight = slot;
    }
    if (!leading) {
      if (auto value = co_await flight->flight.Wait(patience)) co_return value;
      auto loaded = co_await load();
      if (!loaded) co_return std::nullopt;
      co_return std::move(loaded->first);
    }
    std::optional<std::pair<Value, std::size_t>> loaded;
    try {
      loaded = co_await load();
    } catch (...) {
      Land(key, flight, std::nullopt);
      throw;
    }
    if (!loaded) {
      Land(key, flight, std::nullopt);
      co_return std::nullopt;
    }
    Put(key, loaded->first, generation, loaded->second);
    Land(key, flight, loaded->first);
    co_return std::move(loaded->first);
  }

  static constexpr std::chrono::milliseconds kPatience{5000};

  using Stats = CacheStats;
  Stats stats() const {
    const std::lock_guard lock(mutex_);
    return {hits_, misses_, index_.size(), bytes_};
  }

 private:
  struct Entry {
    std::string key;
    Value value;
    std::uint64_t generation;
    Clock::time_point expires_at;
    std::size_t bytes;
  };
  using Iterator = typename std::list<Entry>::iterator;

  struct InFlight {
    explicit InFlight(std::uint64_t g) : generation(g) {}
    const std::uint64_t generation;
    Flight<Value> flight;
  };

  void Land(const std::string& key, const std::shared_ptr<InFlight>& flight,
            std::optional<Value> value) {
    {
      const std::lock_guard lock(mutex_);
      if (const auto found = flights_.find(key); found != flights_.end() && found->second == flight)
        flights_.erase(found);
    }
    flight->flight.Land(std::move(value));
  }

  void Erase(Iterator entry) {
    bytes_ -= entry->bytes;
    index_.erase(entry->key);
    entries_.erase(entry);
  }

  const Freshness& freshness_;
  const CacheOptions options_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;
  std::unordered_map<std::string, Iterator> index_;
  std::unordered_map<std::string, std::shared_ptr<InFlight>> flights_;
  std::size_t bytes_ = 0;
  std::uint64_t hits_ = 0, misses_ = 0;
};

}  // namespace platform::cache
