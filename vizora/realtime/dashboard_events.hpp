#pragma once

// Events for the dashboards of an organization (API.md "WebSocket: dashboards"): serialized
// once here, then fanned out by whichever instances hold that organization's dashboards.

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "platform/bus/bus.hpp"

namespace vizora::realtime {

// Sends {"type": type, ...fields} to every dashboard of the organization.
void PublishToDashboards(platform::bus::Bus& bus, std::string_view organization_id,
                         std::string_view type, boost::json::object fields);

}  // namespace vizora::realtime
