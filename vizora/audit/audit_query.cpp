#include "vizora/audit/audit_query.hpp"

#include <boost/json/parse.hpp>

#include "platform/core/clock.hpp"

namespace vizora::audit {

namespace {
boost::json::value TextOrNull(const platform::store::Row& row, std::size_t i) {
  if (row.IsNull(i)) return nullptr;
  return boost::json::value(row.Text(i));
}
}  // namespace

Page List(platform::store::Connection& c, const Filter& filter,
          const platform::net::PageRequest& page) {
  std::string sql =
      "SELECT id, user_id, action, entity_type, entity_id, details, ip_address, user_agent, "
      "created_at "
      "FROM audit_logs WHERE organization_id = $1";
  platform::store::Params params{filter.organization_id, page.limit + 1};
  const auto next = [&](platform::store::Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  if (filter.action) sql += " AND action = " + next(*filter.action);
  if (filter.from) sql += " AND created_at >= " + next(*filter.from);
  if (filter.to) sql += " AND created_at < " + next(*filter.to);
  if (page.after) {
    const std::string t = next(page.after->time);
    sql += " AND (created_at, id) < (" + t + ", " + next(page.after->id) + ")";
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT $2";
  const auto rows = c.Query(sql, params);
  Page out;
  for (const auto& row : rows) {
    if (static_cast<std::int64_t>(out.items.size()) == page.limit) {
      const auto& last = out.items.back().as_object();
      out.next_cursor = platform::net::EncodeCursor(
          {platform::ParseIso8601(last.at("createdAt").as_string()).value_or(0),
           std::string(last.at("id").as_string())});
      break;
    }
    // PostgreSQL returns JSONB as text too; both parse the same way.
    boost::system::error_code ec;
    auto details = boost::json::parse(row.IsNull(5) ? "{}" : row.Text(5), ec);
    out.items.push_back(boost::json::object{{"id", row.Text(0)},
                                            {"userId", TextOrNull(row, 1)},
                                            {"action", row.Text(2)},
                                            {"entityType", TextOrNull(row, 3)},
                                            {"entityId", TextOrNull(row, 4)},
                                            {"details", ec ? boost::json::object{} : details},
                                            {"ipAddress", TextOrNull(row, 6)},
                                            {"userAgent", TextOrNull(row, 7)},
                                            {"createdAt", platform::FormatIso8601(row.Int(8))}});
  }
  return out;
}

}  // namespace vizora::audit
