#include "vizora/publishing/tick.hpp"

#include <boost/json/serialize.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "platform/jobs/job_queue.hpp"
#include "vizora/scheduling/cron.hpp"

namespace vizora::publishing {

using platform::store::Connection;

namespace {
// A schedule firing every minute that was paused for years is not counted past this.
constexpr int kMaxCountedFirings = 100'000;
}  // namespace

std::int64_t RecordExecutions(platform::store::Database& db, std::int64_t now) {
  struct Due {
    std::string id, cron, zone;
    std::optional<std::int64_t> last_executed, end;
    std::int64_t since;  // count firings after this
  };
  const auto due = db.ReadBlocking([&](Connection& c) {
    std::vector<Due> out;
    for (const auto& r :
         c.Query("SELECT id, cron_expression, timezone, last_executed_at, created_at, start_date, "
                 "end_date FROM schedules WHERE is_active = 1")) {
      Due d{r.Text(0), r.Text(1), r.Text(2), r.OptInt(3), r.OptInt(6), 0};
      const auto start = r.OptInt(5);
      d.since =
          d.last_executed ? *d.last_executed : std::max(r.Int(4), start ? *start - 1 : r.Int(4));
      out.push_back(std::move(d));
    }
    return out;
  });
  std::int64_t changed = 0;
  for (const auto& d : due) {
    const auto cron = scheduling::CronExpression::Parse(d.cron);
    const auto zone = platform::TimeZone::Find(d.zone);
    if (!cron || !zone) continue;
    const std::int64_t until = d.end ? std::min(now, *d.end - 1) : now;
    std::int64_t last = d.since, count = 0;
    while (count < kMaxCountedFirings) {
      const auto next = cron->Next(last, *zone);
      if (!next || *next > until) break;
      last = *next;
      ++count;
    }
    if (count == 0) continue;
    // Guarded by the value read: two workers ticking at once count each firing once.
    changed += db.TransactBlocking([&](Connection& c) {
      return c.Execute(
          "UPDATE schedules SET last_executed_at = $1, execution_count = execution_count + $2 "
          "WHERE id = $3 AND COALESCE(last_executed_at, -1) = $4",
          {last, count, d.id, d.last_executed.value_or(-1)});
    });
  }
  return changed;
}

void Tick(platform::store::Database& db, Manifests& manifests, std::int64_t previous_run,
          std::int64_t now) {
  RecordExecutions(db, now);
  if (previous_run / platform::kMillisPerHour == now / platform::kMillisPerHour) return;
  // A new hour: the manifests' windows move on; screens whose manifest changed get it.
  const auto organizations = db.ReadBlocking([](Connection& c) {
    std::vector<std::string> out;
    for (const auto& r : c.Query("SELECT DISTINCT organization_id FROM devices")) {
      out.push_back(r.Text(0));
    }
    return out;
  });
  for (const auto& organization_id : organizations) manifests.PushNow(organization_id);
  platform::log::Info("publishing.refreshed", {{"organizations", organizations.size()}});
}

void ScheduleTick(Connection& c, std::chrono::seconds delay, std::int64_t previous_run) {
  platform::jobs::EnqueueUnlessQueued(
      c, kTickQueue, boost::json::serialize(boost::json::object{{"at", previous_run}}),
      {.max_attempts = 1, .delay = delay});
}

}  // namespace vizora::publishing
