#include "vizora/devices/device_routes.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>

#include "platform/auth/jwt.hpp"
#include "platform/core/clock.hpp"
#include "platform/net/handler_support.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/devices/manifest.hpp"
#include "vizora/devices/pairing_code.hpp"
#include "vizora/identity/identity_routes.hpp"

namespace vizora::devices {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using identity::MetaOf;
using identity::PrincipalOf;
using platform::Error;
using platform::Result;

namespace {

constexpr std::size_t kMaxDeviceBodyBytes = 16 * 1024;
constexpr std::size_t kMaxMetadataBytes = 4096;
constexpr std::size_t kMaxIdentifierBytes = 255;
constexpr std::size_t kMaxTargets = 10'000;
constexpr std::size_t kMaxCommandArgsBytes = 4096;
constexpr std::int64_t kDefaultPairingWaitSeconds = 0;

const net::StringRule kNicknameRule{.required = false, .max_bytes = kMaxNicknameBytes};
const net::StringRule kLocationRule{
    .required = false, .max_bytes = kMaxLocationBytes, .allow_empty = true};
const net::StringRule kIdRule{.max_bytes = 64};

Result<std::chrono::seconds> WaitQuery(const net::Request& r) {
  const auto text = r.Query("wait");
  if (!text) return std::chrono::seconds(kDefaultPairingWaitSeconds);
  std::int64_t seconds = -1;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), seconds);
  if (ec != std::errc() || end != text->data() + text->size() || seconds < 0 ||
      seconds > kMaxPairingWait.count()) {
    return net::FieldError("wait", "whole seconds from 0 to 30");
  }
  return std::chrono::seconds(seconds);
}

std::string DashboardBase(const net::Request& r, const DeviceRoutesOptions& options) {
  if (!options.public_url.empty()) return options.public_url;
  std::string host(r.Header("Host"));
  // Only what a Host may contain: the QR code must not carry anything else.
  if (host.empty() || host.size() > 255 ||
      host.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") !=
          std::string::npos) {
    host = "localhost";
  }
  return "http://" + host;
}

Result<DeviceFilter> FilterOf(const net::Request& r) {
  DeviceFilter filter{
      .status = r.Query("status"), .group_id = r.Query("groupId"), .search = r.Query("q")};
  if (filter.status && *filter.status != "online" && *filter.status != "offline" &&
      *filter.status != "pairing") {
    return net::FieldError("status", "one of online, offline, pairing");
  }
  if (filter.search && filter.search->size() > 100) return net::FieldError("q", "too long");
  if (const auto sort = r.Query("sort"); sort && !sort->empty()) {
    if (*sort == "name") {
      filter.sort = DeviceSort::kName;
    } else if (*sort == "lastSeen") {
      filter.sort = DeviceSort::kLastSeen;
    } else if (*sort != "paired") {
      return net::FieldError("sort", "one of paired, name, lastSeen");
    }
  }
  if (filter.group_id && filter.group_id->size() > 64)
    return net::FieldError("groupId", "too long");
  return filter;
}

}  // namespace

const DeviceIdentity& DeviceOf(const net::Request& request) {
  return std::any_cast<const DeviceIdentity&>(request.principal);
}

awaitable<std::optional<net::Response>> GuardDevice(DevicesService& devices,
                                                    net::Request& request) {
  const auto token = net::BearerToken(request);
  if (!token || token->empty()) {
    co_return net::Response::FromError(
        Error(platform::auth::errors::kTokenInvalid, "a device token is required"));
  }
  auto device = co_await devices.Authenticate(std::string(*token));
  if (!device) {
    co_return net::Response::FromError(
        Error(platform::auth::errors::kTokenInvalid, "unknown or revoked device token"));
  }
  request.principal = std::move(*device);
  co_return std::nullopt;
}

void AddDeviceRoutes(net::Router& router, DevicesService& devices, PairingService& pairing,
                     DeviceRoutesOptions options) {
  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/devices/pairing/request",
              .handler = [&pairing, options](net::Request& r) -> awaitable<net::Response> {
                // A screen may send nothing at all: an empty body is an empty object.
                Result<json::object> body =
                    r.body.empty() ? Result<json::object>(json::object{}) : net::ParseJsonObject(r);
                if (!body) co_return net::Response::FromError(body.error());
                NET_TRY(identifier,
                        net::StringField(*body, "deviceIdentifier",
                                         {.required = false, .max_bytes = kMaxIdentifierBytes}));
                NET_TRY(metadata, net::ObjectField(*body, "metadata", kMaxMetadataBytes));
                PairingRequestInput input{.device_identifier = *identifier,
                                          .metadata = metadata->value_or(json::object{}),
                                          .remote_address = r.remote_address};
                const PairingTicket ticket = co_await pairing.Request(std::move(input));
                const std::string link = DashboardBase(r, options) + "/pair?code=" + ticket.code;
                co_return net::Response::Json(
                    201, json::object{{"code", ticket.code},
                                      {"pairingSecret", ticket.secret},
                                      {"expiresAt", platform::FormatIso8601(ticket.expires_at)},
                                      {"pairingUrl", link},
                                      {"qrCode", QrCodeDataUrl(link)}});
              },
              .summary = "A screen asks for a pairing code (no auth)",
              .max_body_bytes = kMaxDeviceBodyBytes,
              .rate_limit_per_ip = kPairingRequestsPerIp});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/devices/pairing/status",
              .handler = [&pairing](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(wait, WaitQuery(r));
                std::string code = r.Query("code").value_or("");
                std::string secret(r.Header("X-Pairing-Secret"));
                NET_TRY(status, co_await pairing.Status(std::move(code), std::move(secret), *wait));
                if (!status->paired) {
                  co_return net::Response::Json(200, json::object{{"status", "pending"}});
                }
                net::Response paired = net::Response::Json(
                    200, json::object{{"status", "paired"},
                                      {"deviceId", status->device_id},
                                      {"deviceToken", status->device_token},
                                      {"organizationId", status->organization_id},
                                      {"config", {{"heartbeatInterval", kHeartbeatIntervalMs}}}});
                paired.AddHeader("Cache-Control", "no-store");
                co_return paired;
              },
              .summary = "A screen waits for its pairing (long-poll, ?wait= up to 30 s)",
              .rate_limit_per_ip = kPairingPollsPerIp});

  router.Add(
      {.method = net::Method::kPost,
       .pattern = "/api/v1/devices/pairing/complete",
       .handler = [&pairing](net::Request& r) -> awaitable<net::Response> {
         NET_TRY(body, net::ParseJsonObject(r));
         NET_TRY(code, net::StringField(*body, "code", {.max_bytes = 16}));
         NET_TRY(nickname, net::StringField(*body, "nickname", kNicknameRule));
         NET_TRY(location, net::StringField(*body, "location", kLocationRule));
         NET_TRY(zone, net::TimeZoneField(*body));
         NET_TRY(groups, net::StringArrayField(*body, "groupIds", kMaxGroupsPerDevice, kIdRule));
         PairingCompletion input{.code = **code,
                                 .nickname = *nickname,
                                 .location = *location,
                                 .timezone = *zone,
                                 .group_ids = groups->value_or(std::vector<std::string>{})};
         NET_TRY(device, co_await pairing.Complete(PrincipalOf(r), std::move(input), MetaOf(r)));
         co_return net::Response::Json(
             201, json::object{{"device", ToJson(*device, platform::NowMillis())}});
       },
       .summary = "Pair the screen showing this code with the organization",
       .max_body_bytes = kMaxDeviceBodyBytes,
       .access = "manager"});

  router.Add(
      {.method = net::Method::kGet,
       .pattern = "/api/v1/devices",
       .handler = [&devices](net::Request& r) -> awaitable<net::Response> {
         NET_TRY(page, net::ParsePageRequest(r));
         NET_TRY(filter, FilterOf(r));
         if (page->after && page->after->text.has_value() != (filter->sort == DeviceSort::kName)) {
           co_return net::Response::FromError(net::FieldError("cursor", "made for another sort"));
         }
         const DevicePage found = co_await devices.List(PrincipalOf(r), std::move(*filter), *page);
         const std::int64_t now = platform::NowMillis();
         json::array items;
         for (const auto& d : found.items) items.push_back(ToJson(d, now));
         co_return net::Response::Json(200, net::PageJson(std::move(items), found.next_cursor));
       },
       .summary = "The organization's screens (?status=&groupId=&q=&sort=paired|name|lastSeen)",
       .access = "viewer"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/devices/{id}",
              .handler = [&devices](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(device,
                        co_await devices.Get(PrincipalOf(r), std::string(r.PathParam("id"))));
                co_return net::Response::Json(
                    200, json::object{{"device", ToJson(*device, platform::NowMillis())}});
              },
              .summary = "One screen with its live status, metrics and current content",
              .access = "viewer"});

  router.Add(
      {.method = net::Method::kPatch,
       .pattern = "/api/v1/devices/{id}",
       .handler = [&devices](net::Request& r) -> awaitable<net::Response> {
         NET_TRY(body, net::ParseJsonObject(r));
         NET_TRY(nickname, net::StringField(*body, "nickname", kNicknameRule));
         NET_TRY(location, net::StringField(*body, "location", kLocationRule));
         NET_TRY(zone, net::TimeZoneField(*body));
         NET_TRY(groups, net::StringArrayField(*body, "groupIds", kMaxGroupsPerDevice, kIdRule));
         NET_TRY(playlist, net::StringField(*body, "defaultPlaylistId",
                                            {.required = false, .max_bytes = 64}));
         DevicePatch patch{.nickname = *nickname,
                           .location = *location,
                           .timezone = *zone,
                           .group_ids = *groups,
                           .set_default_playlist = body->contains("defaultPlaylistId"),
                           .default_playlist_id = *playlist};
         NET_TRY(device, co_await devices.Update(PrincipalOf(r), std::string(r.PathParam("id")),
                                                 std::move(patch), MetaOf(r)));
         co_return net::Response::Json(
             200, json::object{{"device", ToJson(*device, platform::NowMillis())}});
       },
       .summary = "Rename, locate, regroup a screen, or set its time zone or default playlist",
       .max_body_bytes = kMaxDeviceBodyBytes,
       .access = "manager"});

  router.Add({.method = net::Method::kDelete,
              .pattern = "/api/v1/devices/{id}",
              .handler = [&devices](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(deleted, co_await devices.Delete(
                                     PrincipalOf(r), std::string(r.PathParam("id")), MetaOf(r)));
                co_return net::Response::NoContent();
              },
              .summary = "Unpair a screen: its token stops working and its socket closes (4403)",
              .access = "manager"});

  // One command to one screen (API.md), or to many: listed screens, groups, or all.
  auto send_command = [&devices](net::Request& r,
                                 std::optional<std::string> one) -> awaitable<net::Response> {
    NET_TRY(body, net::ParseJsonObject(r));
    NET_TRY(command, net::StringField(*body, "command", {.max_bytes = 32}));
    if (!IsKnownCommand(**command)) {
      co_return net::Response::FromError(
          net::FieldError("command", "one of reload, identify, clear-cache, screenshot"));
    }
    NET_TRY(args, net::ObjectField(*body, "args", kMaxCommandArgsBytes));
    CommandTarget target;
    if (one) {
      target.device_ids.push_back(*one);
    } else {
      NET_TRY(ids, net::StringArrayField(*body, "deviceIds", kMaxTargets, kIdRule));
      NET_TRY(groups, net::StringArrayField(*body, "groupIds", kMaxTargets, kIdRule));
      target.device_ids = ids->value_or(std::vector<std::string>{});
      target.group_ids = groups->value_or(std::vector<std::string>{});
    }
    NET_TRY(sent, co_await devices.SendCommand(PrincipalOf(r), std::move(**command),
                                               args->value_or(json::object{}), std::move(target),
                                               MetaOf(r)));
    co_return net::Response::Json(
        202, json::object{{"commandId", sent->command_id}, {"devices", sent->devices}});
  };
  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/devices/{id}/commands",
              .handler = [send_command](net::Request& r) -> awaitable<net::Response> {
                return send_command(r, std::string(r.PathParam("id")));
              },
              .summary = "Send reload, identify, clear-cache or screenshot to a screen",
              .max_body_bytes = kMaxDeviceBodyBytes,
              .access = "manager"});
  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/devices/commands",
              .handler = [send_command](net::Request& r) -> awaitable<net::Response> {
                return send_command(r, std::nullopt);
              },
              .summary = "Send a command to listed screens, groups ({deviceIds, groupIds}) or all",
              .max_body_bytes = 1 << 20,
              .access = "manager"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/device-groups",
              .handler = [&devices](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(page, net::ParsePageRequest(r));
                const GroupPage groups = co_await devices.ListGroups(PrincipalOf(r), *page);
                json::array items;
                for (const auto& g : groups.items) items.push_back(ToJson(g));
                co_return net::Response::Json(200,
                                              net::PageJson(std::move(items), groups.next_cursor));
              },
              .summary = "The organization's screen groups",
              .access = "viewer"});

  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/device-groups",
              .handler = [&devices](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                NET_TRY(name, net::StringField(*body, "name", {.max_bytes = kMaxGroupNameBytes}));
                NET_TRY(group, co_await devices.CreateGroup(PrincipalOf(r), **name, MetaOf(r)));
                co_return net::Response::Json(201, json::object{{"group", ToJson(*group)}});
              },
              .summary = "Create a screen group",
              .max_body_bytes = kMaxDeviceBodyBytes,
              .access = "manager"});

  router.Add({.method = net::Method::kPatch,
              .pattern = "/api/v1/device-groups/{id}",
              .handler = [&devices](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                NET_TRY(name, net::StringField(*body, "name", {.max_bytes = kMaxGroupNameBytes}));
                NET_TRY(group,
                        co_await devices.RenameGroup(PrincipalOf(r), std::string(r.PathParam("id")),
                                                     **name, MetaOf(r)));
                co_return net::Response::Json(200, json::object{{"group", ToJson(*group)}});
              },
              .summary = "Rename a screen group",
              .max_body_bytes = kMaxDeviceBodyBytes,
              .access = "manager"});

  router.Add({.method = net::Method::kDelete,
              .pattern = "/api/v1/device-groups/{id}",
              .handler = [&devices](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(deleted, co_await devices.DeleteGroup(
                                     PrincipalOf(r), std::string(r.PathParam("id")), MetaOf(r)));
                co_return net::Response::NoContent();
              },
              .summary = "Delete a screen group (its screens stay)",
              .access = "manager"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/device/self",
              .handler = [](net::Request& r) -> awaitable<net::Response> {
                const DeviceIdentity& device = DeviceOf(r);
                co_return net::Response::Json(
                    200,
                    json::object{{"device", json::object{{"id", device.device_id},
                                                         {"organizationId", device.organization_id},
                                                         {"nickname", device.nickname}}}});
              },
              .summary = "The screen this device token belongs to (its name, for identify)",
              .access = "device"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/device/manifest",
              .handler = [options](net::Request& r) -> awaitable<net::Response> {
                const DeviceIdentity& device = DeviceOf(r);
                SharedManifest manifest = NothingToPlay();
                if (options.manifest) {
                  manifest = co_await options.manifest(device.organization_id, device.device_id);
                }
                std::string etag = "\"" + manifest->version + "\"";
                // A held screen keeps whatever it has: anything it holds is "not modified".
                if (manifest->held && !r.Header("If-None-Match").empty()) {
                  etag = std::string(r.Header("If-None-Match"));
                }
                if (r.Header("If-None-Match") == etag) {
                  net::Response unchanged{.status = 304};
                  unchanged.AddHeader("ETag", etag);
                  co_return unchanged;
                }
                net::Response response = net::Response::Json(200, manifest->body);
                response.AddHeader("ETag", etag);
                response.AddHeader("Cache-Control", "no-cache");
                co_return response;
              },
              .summary = "What this screen plays (device token; ETag)",
              .access = "device"});
}

}  // namespace vizora::devices
