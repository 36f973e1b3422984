#include "vizora/realtime/dashboard_events.hpp"

#include <boost/json/serialize.hpp>

#include "vizora/realtime/topics.hpp"

namespace vizora::realtime {

void PublishToDashboards(platform::bus::Bus& bus, std::string_view organization_id,
                         std::string_view type, boost::json::object fields) {
  boost::json::object frame{{"type", type}};
  for (auto& [key, value] : fields) frame[key] = std::move(value);
  bus.Publish(DashboardsTopic(organization_id), boost::json::serialize(frame));
}

}  // namespace vizora::realtime
