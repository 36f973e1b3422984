#include "vizora/audit/audit_query.hpp"

#include "platform/core/clock.hpp"
#include "platform/store/json_columns.hpp"
#include "platform/store/sql_builder.hpp"

namespace vizora::audit {

namespace {
boost::json::value TextOrNull(const platform::store::Row& row, std::size_t i) {
  if (row.IsNull(i)) return nullptr;
  return boost::json::value(row.Text(i));
}
}  // namespace

Page List(platform::store::Connection& c, const Filter& filter,
          const platform::net::PageRequest& page) {
  platform::store::SqlBuilder q({filter.organization_id, page.limit + 1});
  if (filter.action) q.And("action = " + q.Bind(*filter.action));
  if (filter.from) q.And("created_at >= " + q.Bind(*filter.from));
  if (filter.to) q.And("created_at < " + q.Bind(*filter.to));
  if (page.after) {
    const std::string t = q.Bind(page.after->time);
    q.And("(created_at, id) < (" + t + ", " + q.Bind(page.after->id) + ")");
  }
  const std::string sql =
      "SELECT id, user_id, action, entity_type, entity_id, details, ip_address, user_agent, "
      "created_at FROM audit_logs WHERE organization_id = $1" +
      q.conditions() + " ORDER BY created_at DESC, id DESC LIMIT $2";
  const auto rows = c.Query(sql, q.params());
  Page out;
  for (const auto& row : rows) {
    if (static_cast<std::int64_t>(out.items.size()) == page.limit) {
      const auto& last = out.items.back().as_object();
      out.next_cursor = platform::net::EncodeCursor(
          {platform::ParseIso8601(last.at("createdAt").as_string()).value_or(0),
           std::string(last.at("id").as_string())});
      break;
    }
    out.items.push_back(boost::json::object{
        {"id", row.Text(0)},
        {"userId", TextOrNull(row, 1)},
        {"action", row.Text(2)},
        {"entityType", TextOrNull(row, 3)},
        {"entityId", TextOrNull(row, 4)},
        {"details", platform::store::JsonObjectColumn(row, 5).value_or(boost::json::object{})},
        {"ipAddress", TextOrNull(row, 6)},
        {"userAgent", TextOrNull(row, 7)},
        {"createdAt", platform::FormatIso8601(row.Int(8))}});
  }
  return out;
}

}  // namespace vizora::audit
