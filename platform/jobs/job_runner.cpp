#include "platform/jobs/job_runner.hpp"

#include <algorithm>

#include "platform/core/error.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"

namespace platform::jobs {

namespace {

std::vector<std::string> QueuesOf(const std::map<std::string, QueueWork>& work) {
  std::vector<std::string> out;
  for (const auto& [queue, handlers] : work) out.push_back(queue);
  return out;
}

}  // namespace

QueueWork Recurring(std::function<void()> work, std::function<void()> schedule_next) {
  return {.run =
              [work, schedule_next](const Job&) {
                work();
                schedule_next();
              },
          .given_up = [schedule_next](const Job&, const std::string&) { schedule_next(); }};
}

Runner::Runner(store::Database& db, std::map<std::string, QueueWork> work, RunnerOptions options)
    : db_(db),
      work_(std::move(work)),
      queues_(QueuesOf(work_)),
      options_(options),
      worker_id_((options_.instance.empty() ? "runner" : options_.instance) + "-" +
                 RandomToken(6)) {
  if (!options_.instance.empty()) {
    const std::int64_t taken = db_.TransactBlocking(
        [&](store::Connection& c) { return TakeBack(c, options_.instance + "-"); });
    if (taken > 0) log::Info("jobs.taken_back", {{"jobs", taken}});
  }
  for (std::size_t i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { Work(); });
  threads_.emplace_back([this] { KeepLeases(); });
}

Runner::~Runner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  stop_.notify_all();
  for (auto& t : threads_) t.join();
}

void Runner::Wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakes_;
  }
  wake_.notify_one();
}

void Runner::Work() {
  for (;;) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      seen = wakes_;
    }
    bool ran = false;
    try {
      ran = RunOne();
    } catch (const std::exception& e) {
      // The database is unreachable or similar: try again after a poll interval.
      log::Error("jobs.claim_failed", {{"worker", worker_id_}, {"error", e.what()}});
    }
    if (ran) continue;  // there may be more due right away
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.poll, [&] { return stopping_ || wakes_ != seen; });
  }
}

bool Runner::RunOne() {
  auto job = db_.TransactBlocking(
      [&](store::Connection& c) { return Claim(c, queues_, worker_id_, options_.lease); });
  if (!job) return false;
  {
    std::lock_guard lock(mutex_);
    running_.insert(job->id);
  }
  const QueueWork& work = work_.at(job->queue);
  std::string error;
  bool interrupted = false;
  bool unavailable = false;
  if (job->worker_lost) {
    error = "the worker was lost during the last attempt (a crash or a kill)";
  } else {
    try {
      work.run(*job);
    } catch (const JobInterrupted&) {
      interrupted = true;
    } catch (const std::exception& e) {
      error = e.what();
      if (error.empty()) error = "failed";
      const auto* failure = dynamic_cast<const ErrorException*>(&e);
      unavailable = failure != nullptr && failure->error().kind == errors::kUnavailable;
    }
  }
  bool recorded = true;
  if (!error.empty() && !unavailable && job->attempts >= job->max_attempts && work.given_up) {
    try {
      work.given_up(*job, error);
    } catch (const std::exception& e) {
      // Left running: its lease runs out and it is given up again.
      log::Error("jobs.give_up_failed", {{"job", job->id}, {"error", e.what()}});
      recorded = false;
    }
  }
  {
    std::lock_guard lock(mutex_);
    running_.erase(job->id);
  }
  if (!recorded) return true;
  db_.TransactBlocking([&](store::Connection& c) {
    if (interrupted) {
      Release(c, *job, worker_id_);
    } else if (error.empty()) {
      Complete(c, *job, worker_id_);
    } else if (unavailable) {
      Defer(c, *job, worker_id_, error, options_.unavailable_retry);
    } else {
      Fail(c, *job, worker_id_, error, options_.backoff);
    }
  });
  if (interrupted) return false;  // stopping: claim nothing more
  if (error.empty()) {
    ++completed_;
  } else {
    ++failed_;
    log::Warn(
        unavailable ? "jobs.deferred" : "jobs.attempt_failed",
        {{"job", job->id}, {"queue", job->queue}, {"attempt", job->attempts}, {"error", error}});
  }
  return true;
}

// Extends the leases of running jobs (well before they end) and counts the due ones.
void Runner::KeepLeases() {
  std::unique_lock lock(mutex_);
  const auto extend_every = options_.lease / 3;
  const auto every = std::min<std::chrono::milliseconds>(extend_every, kCountEvery);
  auto extended = std::chrono::steady_clock::now();
  while (!stop_.wait_for(lock, every, [this] { return stopping_; })) {
    const std::set<std::string> running = running_;
    lock.unlock();
    try {
      due_ = db_.ReadBlocking([](store::Connection& c) { return CountDue(c); });
    } catch (const std::exception& e) {
      log::Warn("jobs.not_counted", {{"error", e.what()}});
    }
    // Leases at their own pace (a third of their length), not at the count's; half a round
    // early rather than a round late.
    const auto now = std::chrono::steady_clock::now();
    if (now - extended + every / 2 < extend_every) {
      lock.lock();
      continue;
    }
    extended = now;
    for (const auto& id : running) {
      try {
        db_.TransactBlocking(
            [&](store::Connection& c) { ExtendLease(c, id, worker_id_, options_.lease); });
      } catch (const std::exception& e) {
        log::Warn("jobs.lease_not_extended", {{"job", id}, {"error", e.what()}});
      }
    }
    lock.lock();
  }
}

}  // namespace platform::jobs
