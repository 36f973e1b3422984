#pragma once

// The bus topics of the product, in one place. Each is scoped (an organization, a pairing
// code) so an instance subscribes only to what its own sockets need.

#include <string>
#include <string_view>

namespace vizora::realtime {

// Commands, unpairs and replacements for the device sockets of one organization.
inline std::string DevicesTopic(std::string_view organization_id) {
  return "devices:" + std::string(organization_id);
}
// Events for the dashboards of one organization (already serialized frames).
inline std::string DashboardsTopic(std::string_view organization_id) {
  return "dashboards:" + std::string(organization_id);
}
// Every instance: an organization's manifests changed (publishing::Manifests drops what it
// computed before). The one topic not scoped to a tenant: its messages are rare (one per
// change that moves a timeline) and every instance may serve the organization's next screen.
inline std::string ManifestsChangedTopic() {
  return "manifests:changed";
}
// Wakes the screen long-polling for this code when an admin completes the pairing.
inline std::string PairingTopic(std::string_view code) {
  return "pairing:" + std::string(code);
}

}  // namespace vizora::realtime
