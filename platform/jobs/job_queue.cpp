#include "platform/jobs/job_queue.hpp"

#include <algorithm>
#include <stdexcept>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"

namespace platform::jobs {

namespace {

// Errors are kept for people to read, not whole stack dumps.
constexpr std::size_t kMaxErrorBytes = 2000;

std::string InList(const std::vector<std::string>& queues, store::Params& params) {
  std::string out;
  for (const auto& q : queues) {
    params.emplace_back(q);
    out += (out.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  return out;
}

}  // namespace

std::chrono::milliseconds Backoff::After(std::int64_t failures) const {
  const std::int64_t doublings = std::clamp<std::int64_t>(failures - 1, 0, 40);
  const double wait = static_cast<double>(base.count()) *
                      static_cast<double>(1LL << std::min<std::int64_t>(doublings, 30));
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(std::min(wait, static_cast<double>(max.count()))));
}

std::string Enqueue(store::Connection& c, std::string_view queue, std::string_view payload,
                    EnqueueOptions options) {
  const std::string id = NewId();
  const std::int64_t now = NowMillis();
  c.Execute(
      "INSERT INTO jobs (id, queue, payload, state, attempts, max_attempts, run_at, created_at, "
      "updated_at) VALUES ($1, $2, $3, 'queued', 0, $4, $5, $6, $6)",
      {id, std::string(queue), std::string(payload), options.max_attempts,
       now + options.delay.count(), now});
  return id;
}

bool EnqueueUnlessQueued(store::Connection& c, std::string_view queue, std::string_view payload,
                         EnqueueOptions options, bool same_payload) {
  const bool queued =
      same_payload
          ? !c.Query("SELECT 1 FROM jobs WHERE queue = $1 AND payload = $2 AND state = 'queued'",
                     {std::string(queue), std::string(payload)})
                 .empty()
          : !c.Query("SELECT 1 FROM jobs WHERE queue = $1 AND state = 'queued'",
                     {std::string(queue)})
                 .empty();
  if (queued) return false;
  Enqueue(c, queue, payload, options);
  return true;
}

std::optional<Job> Claim(store::Connection& c, const std::vector<std::string>& queues,
                         std::string_view worker, std::chrono::milliseconds lease) {
  if (queues.empty()) return std::nullopt;
  const std::int64_t now = NowMillis();
  store::Params params{now};
  const std::string in = InList(queues, params);
  // PostgreSQL: concurrent workers skip each other's rows instead of queueing on them.
  // SQLite has one writer (this runs in BEGIN IMMEDIATE), so no clause is needed there.
  const std::string lock =
      c.dialect() == store::Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  const auto due = c.Query(
      "SELECT id, queue, payload, attempts, max_attempts, state FROM jobs WHERE queue IN (" + in +
          ") AND ((state = 'queued' AND run_at <= $1) OR (state = 'running' AND lease_until < "
          "$1)) ORDER BY run_at, id LIMIT 1" +
          lock,
      params);
  if (due.empty()) return std::nullopt;
  Job job{due[0].Text(0), due[0].Text(1), due[0].Text(2), due[0].Int(3), due[0].Int(4)};
  job.worker_lost = due[0].Text(5) == "running" && job.attempts >= job.max_attempts;
  if (!job.worker_lost) ++job.attempts;
  c.Execute(
      "UPDATE jobs SET state = 'running', attempts = $2, lease_until = $3, locked_by = $4, "
      "updated_at = $5 WHERE id = $1",
      {job.id, job.attempts, now + lease.count(), std::string(worker), now});
  return job;
}

std::int64_t TakeBack(store::Connection& c, std::string_view worker_prefix) {
  if (worker_prefix.empty() ||
      worker_prefix.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789-") != std::string_view::npos) {
    throw std::invalid_argument("a worker prefix is letters, digits and '-'");
  }
  return c.Execute("UPDATE jobs SET lease_until = 0 WHERE state = 'running' AND locked_by LIKE $1",
                   {std::string(worker_prefix) + "%"});
}

bool Complete(store::Connection& c, const Job& job, std::string_view worker) {
  return c.Execute(
             "UPDATE jobs SET state = 'done', lease_until = NULL, updated_at = $3 WHERE id = $1 "
             "AND locked_by = $2 AND state = 'running'",
             {job.id, std::string(worker), NowMillis()}) == 1;
}

bool Fail(store::Connection& c, const Job& job, std::string_view worker, std::string_view error,
          const Backoff& backoff) {
  const std::int64_t now = NowMillis();
  const std::string kept(error.substr(0, kMaxErrorBytes));
  if (job.attempts >= job.max_attempts) {
    return c.Execute(
               "UPDATE jobs SET state = 'dead', last_error = $3, lease_until = NULL, updated_at = "
               "$4 WHERE id = $1 AND locked_by = $2 AND state = 'running'",
               {job.id, std::string(worker), kept, now}) == 1;
  }
  return c.Execute(
             "UPDATE jobs SET state = 'queued', last_error = $3, lease_until = NULL, run_at = $5, "
             "updated_at = $4 WHERE id = $1 AND locked_by = $2 AND state = 'running'",
             {job.id, std::string(worker), kept, now, now + backoff.After(job.attempts).count()}) ==
         1;
}

bool Defer(store::Connection& c, const Job& job, std::string_view worker, std::string_view error,
           std::chrono::milliseconds delay) {
  const std::int64_t now = NowMillis();
  return c.Execute(
             "UPDATE jobs SET state = 'queued', attempts = attempts - 1, last_error = $3, "
             "lease_until = NULL, run_at = $5, updated_at = $4 WHERE id = $1 AND locked_by = $2 "
             "AND state = 'running'",
             {job.id, std::string(worker), std::string(error.substr(0, kMaxErrorBytes)), now,
              now + delay.count()}) == 1;
}

bool Release(store::Connection& c, const Job& job, std::string_view worker) {
  const std::int64_t now = NowMillis();
  return c.Execute(
             "UPDATE jobs SET state = 'queued', attempts = attempts - 1, lease_until = NULL, "
             "run_at = $3, updated_at = $3 WHERE id = $1 AND locked_by = $2 AND state = 'running'",
             {job.id, std::string(worker), now}) == 1;
}

bool ExtendLease(store::Connection& c, const std::string& job_id, std::string_view worker,
                 std::chrono::milliseconds lease) {
  const std::int64_t now = NowMillis();
  return c.Execute(
             "UPDATE jobs SET lease_until = $3, updated_at = $4 WHERE id = $1 AND locked_by = $2 "
             "AND state = 'running'",
             {job_id, std::string(worker), now + lease.count(), now}) == 1;
}

std::optional<JobState> StateOf(store::Connection& c, const std::string& job_id) {
  const auto rows = c.Query("SELECT state, attempts, last_error FROM jobs WHERE id = $1", {job_id});
  if (rows.empty()) return std::nullopt;
  return JobState{rows[0].Text(0), rows[0].Int(1), rows[0].OptText(2)};
}

std::int64_t CountDue(store::Connection& c) {
  const auto rows =
      c.Query("SELECT COUNT(*) FROM jobs WHERE state = 'queued' AND run_at <= $1", {NowMillis()});
  return rows[0].Int(0);
}

}  // namespace platform::jobs
