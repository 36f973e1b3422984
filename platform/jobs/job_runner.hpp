#pragma once

// Workers for the job queue: threads that claim jobs of their queues, run the queue's handler,
// and record the outcome. A handler may block (media processing): it runs on a runner thread,
// never on an event loop. Leases of running jobs are extended while they run, so a long job is
// not taken over; a runner that dies stops extending, and its jobs are claimed again.
//
// An instance started with `--roles worker` runs runners alone; a single instance runs them
// beside the API.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "platform/jobs/job_queue.hpp"
#include "platform/store/database.hpp"

namespace platform::jobs {

// Throws to fail the attempt (the message becomes the job's last error). An ErrorException of
// kind UNAVAILABLE (storage or another service down) defers the job instead: it runs again
// after RunnerOptions::unavailable_retry, the attempt not counted.
using JobHandler = std::function<void(const Job& job)>;

// Thrown by a handler that stopped because its process is stopping: the job is queued again
// as it was, the attempt not counted.
class JobInterrupted : public std::runtime_error {
 public:
  JobInterrupted() : std::runtime_error("interrupted by a shutdown") {}
};

struct QueueWork {
  JobHandler run;
  // Optional: the job is given up, its last attempt failed (`reason`, or its worker was lost
  // during it); the product records the failure where its users see it. Called before the job
  // is marked dead, so a crash in between calls it again (write it to be safe to repeat); if it
  // throws, the job is given up again when its lease runs out.
  std::function<void(const Job& job, const std::string& reason)> given_up;
};

// A recurring job (one attempt each, enqueued with max_attempts 1) that queues its next run
// however this one ends: `work`, then `schedule_next`; `schedule_next` alone when `work`
// threw or its worker was lost, so one failed run does not end the chain.
QueueWork Recurring(std::function<void()> work, std::function<void()> schedule_next);

struct RunnerOptions {
  std::size_t threads = 2;
  std::chrono::milliseconds lease{60'000};
  std::chrono::milliseconds poll{500};  // how often idle threads look for due jobs
  Backoff backoff;
  // How long a job waits after a service it needs was unavailable. Not a growing backoff: the
  // job should run soon after the service is back, and one try per job and period is cheap.
  std::chrono::milliseconds unavailable_retry{5'000};
  // Who this instance is, the same across its restarts (letters, digits, '-';
  // platform/app InstanceName): jobs an earlier life of it left running when it was killed
  // are taken back at start instead of waiting out their leases. Empty: nothing is.
  std::string instance;
};

class Runner {
 public:
  Runner(store::Database& db, std::map<std::string, QueueWork> work, RunnerOptions options);
  ~Runner();  // stops claiming, lets running handlers finish, joins
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // A job was just enqueued in this process: idle threads look at once instead of at the next
  // poll.
  void Wake();
  std::uint64_t completed() const { return completed_.load(); }
  std::uint64_t failed() const { return failed_.load(); }
  // Jobs due and waiting for a worker (any instance's), as counted at most kCountEvery ago.
  std::int64_t due() const { return due_.load(); }
  static constexpr std::chrono::seconds kCountEvery{5};

 private:
  void Work();
  void KeepLeases();
  bool RunOne();

  store::Database& db_;
  const std::map<std::string, QueueWork> work_;
  const std::vector<std::string> queues_;
  const RunnerOptions options_;
  const std::string worker_id_;
  std::mutex mutex_;
  std::condition_variable wake_;  // idle workers wait here (Wake() picks one of them)
  std::condition_variable stop_;  // the lease keeper waits here
  bool stopping_ = false;
  std::uint64_t wakes_ = 0;
  std::set<std::string> running_;  // job ids, for lease extension
  std::atomic<std::uint64_t> completed_{0}, failed_{0};
  std::atomic<std::int64_t> due_{0};
  std::vector<std::thread> threads_;  // last: started once everything above exists
};

}  // namespace platform::jobs
