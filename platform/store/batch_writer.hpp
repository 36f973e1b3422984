#pragma once

// Many small writes (heartbeats, presence, analytics events) as few transactions: items are
// queued from any thread without waiting and written by a thread of their own, one
// transaction per batch, at least every `interval` and sooner when `max_batch` is reached.
// The queue is bounded: when the database cannot keep up, Push refuses (and counts) rather
// than growing without end. Never blocks the caller on the database. An item may carry a
// completion, called on the writer's thread once its batch is committed (true) or rolled
// back (false): what acknowledges an event to its sender only when it is stored.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "platform/core/log.hpp"
#include "platform/store/database.hpp"

namespace platform::store {

struct BatchWriterOptions {
  std::chrono::milliseconds interval{250};
  std::size_t max_batch = 5000;
  std::size_t max_queue = 200'000;
  std::string name = "batch";  // in log lines
};

template <class T>
class BatchWriter {
 public:
  // Writes one batch inside a transaction; throwing rolls it back (the batch is logged and
  // dropped: a poison item must not wedge the queue).
  using WriteBatch = std::function<void(Connection&, std::vector<T>&)>;
  using Done = std::function<void(bool committed)>;

  BatchWriter(Database& db, WriteBatch write, BatchWriterOptions options = {})
      : db_(db),
        write_(std::move(write)),
        options_(std::move(options)),
        thread_([this] { Run(); }) {}

  ~BatchWriter() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();  // the last items are written before it ends
  }

  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  // False (and the item dropped, `done` not called) when the queue is full.
  bool Push(T item, Done done = {}) {
    std::size_t size = 0;
    {
      std::lock_guard lock(mutex_);
      if (queue_.size() >= options_.max_queue) {
        ++dropped_;
        return false;
      }
      queue_.push_back(std::move(item));
      dones_.push_back(std::move(done));
      ++pushed_;
      size = queue_.size();
    }
    if (size == options_.max_batch) wake_.notify_one();
    return true;
  }

  // Returns once everything pushed before the call is committed (tests, shutdown paths).
  void Flush() {
    std::unique_lock lock(mutex_);
    const std::uint64_t target = pushed_;
    flush_requested_ = true;
    wake_.notify_one();
    flushed_.wait(lock, [&] { return processed_ >= target; });
  }

  std::uint64_t written() const { return written_.load(); }
  std::uint64_t dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
  }

 private:
  void Run() {
    std::vector<T> batch;
    std::vector<Done> dones;
    for (;;) {
      bool stop = false;
      {
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, options_.interval, [&] {
          return stopping_ || flush_requested_ || queue_.size() >= options_.max_batch;
        });
        flush_requested_ = false;
        stop = stopping_;
        const std::size_t take = std::min(queue_.size(), options_.max_batch);
        batch.assign(std::make_move_iterator(queue_.begin()),
                     std::make_move_iterator(queue_.begin() + static_cast<long>(take)));
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(take));
        dones.assign(std::make_move_iterator(dones_.begin()),
                     std::make_move_iterator(dones_.begin() + static_cast<long>(take)));
        dones_.erase(dones_.begin(), dones_.begin() + static_cast<long>(take));
        if (!queue_.empty()) flush_requested_ = true;  // more than one batch waiting
      }
      const std::size_t taken = batch.size();
      if (!batch.empty()) {
        const bool committed = WriteOne(batch);
        for (auto& done : dones) {
          if (done) done(committed);
        }
        dones.clear();
      }
      {
        std::lock_guard lock(mutex_);
        processed_ += taken;  // FIFO: everything pushed before is now written (or failed)
        if (stop && queue_.empty()) {
          flushed_.notify_all();
          return;
        }
      }
      flushed_.notify_all();
    }
  }

  bool WriteOne(std::vector<T>& batch) {
    bool committed = false;
    try {
      db_.TransactBlocking([&](Connection& c) { write_(c, batch); });
      written_ += batch.size();
      committed = true;
    } catch (const std::exception& e) {
      log::Error("batch_writer.failed",
                 {{"writer", options_.name}, {"items", batch.size()}, {"error", e.what()}});
    }
    batch.clear();
    return committed;
  }

  Database& db_;
  WriteBatch write_;
  const BatchWriterOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, flushed_;
  std::vector<T> queue_;
  std::vector<Done> dones_;  // one per queued item, in step with queue_
  bool stopping_ = false;
  bool flush_requested_ = false;
  std::uint64_t pushed_ = 0, processed_ = 0;
  std::uint64_t dropped_ = 0;
  std::atomic<std::uint64_t> written_{0};
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace platform::store
