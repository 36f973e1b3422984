#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "platform/net/router.hpp"
#include "vizora/devices/devices_service.hpp"
#include "vizora/devices/manifest.hpp"
#include "vizora/devices/pairing_service.hpp"

namespace vizora::devices {

// Pairing requests per client address. A screen asks about once per 5 minutes; a shop whose
// screens all boot at once behind one address still fits.
inline const platform::net::RateLimit kPairingRequestsPerIp =
    platform::net::RateLimit::PerMinute(30);
// Status polls per address: long-polls of 25 s make ~2.4 a minute per screen.
inline const platform::net::RateLimit kPairingPollsPerIp = platform::net::RateLimit::PerMinute(300);

struct DeviceRoutesOptions {
  // The dashboard's public base URL for the QR code ("https://signage.example.com"); empty:
  // the Host the screen used.
  std::string public_url;
  ManifestSource manifest;  // empty: the empty manifest
};

// API.md "Devices": pairing, devices, device groups, commands, and the device-side manifest.
void AddDeviceRoutes(platform::net::Router& router, DevicesService& devices,
                     PairingService& pairing, DeviceRoutesOptions options);

// Enforces Route::access == "device": a device token (Authorization: Bearer), never an admin
// token. Sets Request::principal to the DeviceIdentity.
boost::asio::awaitable<std::optional<platform::net::Response>> GuardDevice(
    DevicesService& devices, platform::net::Request& request);
const DeviceIdentity& DeviceOf(const platform::net::Request& request);

}  // namespace vizora::devices
