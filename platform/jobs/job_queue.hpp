#pragma once

// Durable jobs in the database (DESIGN.md "Content": processing runs as jobs). A job is a row:
// enqueued inside the transaction of the change that needs it (so it exists exactly when that
// change commits), claimed by a worker with a lease, retried with exponential backoff when it
// fails, and kept as "dead" with its last error when it has failed too often. A worker that
// dies leaves a lease that runs out: the job is claimed again (at-least-once; handlers are
// written to be safe to run twice).
//
// The table is `jobs` (platform/app/migrations …_jobs_and_installation.sql). Everything here blocks
// on the database: call it from worker threads or inside Database::Transact, never on an event
// loop.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/store/database.hpp"

namespace platform::jobs {

struct Job {
  std::string id, queue, payload;
  std::int64_t attempts = 0;  // including the current one
  std::int64_t max_attempts = 0;
  // Claimed because its worker was lost (a crash, a kill) during its last attempt: it is not
  // run again, only given up (Fail makes it dead), so an input that kills its worker cannot
  // kill every worker that takes it after.
  bool worker_lost = false;
};

struct EnqueueOptions {
  std::int64_t max_attempts = 5;
  std::chrono::milliseconds delay{0};
};

struct Backoff {
  std::chrono::milliseconds base{1000};
  std::chrono::milliseconds max{3'600'000};
  // The wait before attempt n+1 after n failures: base · 2^(n-1), at most max.
  std::chrono::milliseconds After(std::int64_t failures) const;
};

// Adds a job in the caller's transaction; returns its id.
std::string Enqueue(store::Connection& c, std::string_view queue, std::string_view payload,
                    EnqueueOptions options = {});

// Enqueue, unless a job of `queue` is already waiting to run (one with this very payload,
// when `same_payload`): recurring jobs queue their next run this way, however often that is
// asked. True when it added one.
bool EnqueueUnlessQueued(store::Connection& c, std::string_view queue, std::string_view payload,
                         EnqueueOptions options = {}, bool same_payload = false);

// The next due job of `queues` (or one whose worker's lease ran out), now running under
// `worker` until the lease ends. One whose lease ran out on its last attempt comes back with
// `worker_lost` and its attempts unchanged.
std::optional<Job> Claim(store::Connection& c, const std::vector<std::string>& queues,
                         std::string_view worker, std::chrono::milliseconds lease);
// False when the job is no longer this worker's (its lease ran out and another took it).
bool Complete(store::Connection& c, const Job& job, std::string_view worker);
// Queued again after the backoff, or dead (with `error` kept) after its last attempt.
bool Fail(store::Connection& c, const Job& job, std::string_view worker, std::string_view error,
          const Backoff& backoff);
// Queued again after `delay`, the attempt not counted and `error` kept: a service the job needs
// is down (UNAVAILABLE), so the job did not fail and an outage does not use up its attempts.
bool Defer(store::Connection& c, const Job& job, std::string_view worker, std::string_view error,
           std::chrono::milliseconds delay);
// Queued again at once, the attempt not counted: its worker stopped it (a shutdown), the job
// did not fail.
bool Release(store::Connection& c, const Job& job, std::string_view worker);
bool ExtendLease(store::Connection& c, const std::string& job_id, std::string_view worker,
                 std::chrono::milliseconds lease);
// Jobs left running by workers whose ids start with `worker_prefix` (letters, digits and '-'
// only) become claimable at once rather than when their leases end: an earlier life of this
// instance was killed while running them. Returns how many.
std::int64_t TakeBack(store::Connection& c, std::string_view worker_prefix);

struct JobState {
  std::string state;  // queued | running | done | dead
  std::int64_t attempts = 0;
  std::optional<std::string> last_error;
};
std::optional<JobState> StateOf(store::Connection& c, const std::string& job_id);

// Jobs of every queue that are due and wait for a worker: the queue's depth, for /metrics.
std::int64_t CountDue(store::Connection& c);

}  // namespace platform::jobs
