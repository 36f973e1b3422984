#include "vizora/devices/device_gateway.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"
#include "vizora/devices/device_messages.hpp"
#include "vizora/devices/manifest.hpp"
#include "vizora/realtime/dashboard_events.hpp"

namespace vizora::devices {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;

namespace {

constexpr std::size_t kMaxPlayerBytes = 2048;
constexpr std::size_t kMaxMetricsBytes = 2048;
constexpr std::size_t kMaxCommandDataBytes = 32 * 1024;

std::optional<double> NumberOf(const json::value* v) {
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return std::nullopt;
}

bool IsNumberOrAbsent(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v == nullptr || v->is_null() || NumberOf(v).has_value();
}

bool IsStringOrAbsent(const json::object& o, std::string_view key, std::size_t max_bytes) {
  const auto* v = o.if_contains(key);
  return v == nullptr || v->is_null() || (v->is_string() && v->as_string().size() <= max_bytes);
}

std::optional<std::string> StringOf(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

class DeviceSession final : public net::WebSocketHandler {
 public:
  explicit DeviceSession(std::shared_ptr<const DeviceGatewayContext> context)
      : ctx_(std::move(context)) {}

  awaitable<void> OnOpen(std::shared_ptr<net::WebSocket> socket) override {
    socket_ = std::move(socket);
    ctx_->hello_deadlines.Track(socket_);
    co_return;
  }

  awaitable<void> OnMessage(std::string text) override {
    if (closing_) co_return;
    const std::int64_t now = platform::NowMillis();
    const auto verdict = flood_guard_.Admit(*socket_, now);
    if (verdict != net::FloodGuard::Verdict::kAllow) {
      closing_ = verdict == net::FloodGuard::Verdict::kClose;
      if (!closing_) SendError("RATE_LIMIT", "too many messages: slow down");
      co_return;
    }
    if (connection_) connection_->last_seen_ms.store(now, std::memory_order_relaxed);

    Deferred deferred = Dispatch(text, now);
    if (deferred.hello) co_await OnHello(std::move(*deferred.hello));
    if (deferred.event) co_await OnEvent(std::move(*deferred.event));
  }

  void OnPing() override {
    if (closing_ || !socket_) return;
    closing_ =
        flood_guard_.Admit(*socket_, platform::NowMillis()) == net::FloodGuard::Verdict::kClose;
  }

  void OnClose(std::uint16_t) override {
    if (!socket_) return;
    ctx_->hello_deadlines.Met(socket_->id());
    if (connection_ && ctx_->hub.Closed(connection_)) {
      const std::int64_t now = platform::NowMillis();
      ctx_->presence.Push(WentOffline{connection_->device_id, connection_->connection_id, now});
      realtime::PublishToDashboards(ctx_->bus, connection_->organization_id, "device:status",
                                    {{"deviceId", connection_->device_id},
                                     {"status", "offline"},
                                     {"lastHeartbeat", platform::FormatIso8601(last_heartbeat_)},
                                     {"currentContent", CurrentContentJson()}});
    }
    socket_.reset();  // the socket holds this handler until now: no cycle left behind
    connection_.reset();
  }

 private:
  struct Hello {
    std::optional<std::string> token;
    json::object player;
  };
  // What a frame leaves to do once Dispatch's arena is gone: the hello's token check, or
  // storing a proof-of-play event.
  struct Deferred {
    std::optional<Hello> hello;
    std::optional<json::object> event;
  };

  // Everything but the hello's token check, synchronously: the frame is parsed into a small
  // arena on the stack (no heap allocation per heartbeat), which cannot outlive a co_await.
  Deferred Dispatch(const std::string& text, std::int64_t now) {
    unsigned char scratch[2048];
    json::monotonic_resource arena(scratch, sizeof scratch);
    boost::system::error_code ec;
    json::value parsed = json::parse(text, ec, &arena);
    if (ec || !parsed.is_object()) {
      SendError("VALIDATION_001", "a frame is a JSON object");
      return {};
    }
    const json::object& frame = parsed.as_object();
    const auto* type = frame.if_contains("type");
    if (type == nullptr || !type->is_string()) {
      SendError("VALIDATION_001", "a frame needs a string \"type\"");
    } else if (type->as_string() == "hello") {
      return {.hello = HelloOf(frame)};
    } else if (!connection_) {
      SendError("AUTH_002", "say hello with the device token first");
    } else if (type->as_string() == "heartbeat") {
      OnHeartbeat(frame, now);
    } else if (type->as_string() == "command_result") {
      OnCommandResult(frame);
    } else if (type->as_string() == "impression" || type->as_string() == "playback_error") {
      return {.event = json::object(frame, json::storage_ptr())};  // off the arena
    } else {
      SendError("VALIDATION_001",
                "unknown frame type \"" + std::string(type->as_string().subview(0, 32)) + "\"");
    }
    return {};
  }

  std::optional<Hello> HelloOf(const json::object& frame) {
    if (connection_) {
      SendError("VALIDATION_001", "hello was already said");
      return std::nullopt;
    }
    const auto* player = frame.if_contains("player");
    if (player != nullptr && !player->is_null() &&
        (!player->is_object() || json::serialize(*player).size() > kMaxPlayerBytes)) {
      SendError("VALIDATION_001", "player must be an object of at most 2 KiB");
      return std::nullopt;
    }
    Hello hello{.token = StringOf(frame, "token")};
    if (player != nullptr && player->is_object()) {
      hello.player = json::object(player->as_object(), json::storage_ptr());  // off the arena
    }
    return hello;
  }

  awaitable<void> OnHello(Hello hello) {
    std::optional<DeviceIdentity> device;
    if (hello.token) device = co_await ctx_->devices.Authenticate(*hello.token);
    if (!device) {
      closing_ = true;
      socket_->Close(device_close::kBadToken, "bad or missing device token");
      co_return;
    }
    const std::int64_t now = platform::NowMillis();
    auto connection = std::make_shared<DeviceConnection>();
    connection->connection_id = platform::NewId();
    connection->device_id = device->device_id;
    connection->organization_id = device->organization_id;
    connection->socket = socket_;
    connection->last_seen_ms = now;
    ctx_->hello_deadlines.Met(socket_->id());
    co_await ctx_->hub.Attach(connection);
    connection_ = std::move(connection);
    last_heartbeat_ = now;
    last_recorded_ = now;  // WentOnline records it

    Send(json::object{{"type", "welcome"},
                      {"deviceId", device->device_id},
                      {"organizationId", device->organization_id},
                      {"heartbeatInterval", kHeartbeatIntervalMs},
                      {"serverTime", platform::FormatIso8601(now)}});
    SharedManifest manifest = NothingToPlay();
    if (ctx_->manifest) {
      // Locals first: GCC 12 mishandles temporaries inside a co_await expression.
      const std::string organization_id = device->organization_id;
      const std::string device_id = device->device_id;
      manifest = co_await ctx_->manifest(organization_id, device_id);
    }
    // A push may have brought it a newer one meanwhile.
    if (connection_->Offer(manifest->version, manifest->computed_at))
      socket_->Send(manifest->frame);

    ctx_->presence.Push(
        WentOnline{device->device_id, connection_->connection_id, now, std::move(hello.player)});
    realtime::PublishToDashboards(ctx_->bus, device->organization_id, "device:status",
                                  {{"deviceId", device->device_id},
                                   {"status", "online"},
                                   {"lastHeartbeat", platform::FormatIso8601(now)},
                                   {"currentContent", nullptr}});
  }

  awaitable<void> OnEvent(json::object event) {
    if (!ctx_->events) {
      SendError("VALIDATION_001", "this server does not take proof-of-play events");
      co_return;
    }
    const json::value* id = event.if_contains("id");
    const json::value id_copy = id != nullptr ? *id : json::value(nullptr);
    // Locals first: GCC 12 mishandles temporaries inside a co_await expression.
    const std::string organization_id = connection_->organization_id;
    const std::string device_id = connection_->device_id;
    const std::optional<platform::Error> refused =
        co_await ctx_->events(organization_id, device_id, std::move(event));
    if (closing_ || !socket_) co_return;
    if (refused) {
      json::object error{{"type", "error"},
                         {"code", refused->kind.code},
                         {"message", refused->message},
                         {"id", id_copy}};
      Send(error);
    } else {
      Send(json::object{{"type", "events:ack"}, {"ids", json::array{id_copy}}});
    }
  }

  void OnHeartbeat(const json::object& frame, std::int64_t now) {
    static const json::object kNoMetrics;
    const json::object* metrics = &kNoMetrics;
    if (const auto* m = frame.if_contains("metrics"); m != nullptr && !m->is_null()) {
      if (!m->is_object() || json::serialize(*m).size() > kMaxMetricsBytes) {
        SendError("VALIDATION_001", "metrics must be an object of at most 2 KiB");
        return;
      }
      metrics = &m->as_object();
      for (const auto* key : {"cpu", "memory", "storageUsed", "latencyMs"}) {
        if (!IsNumberOrAbsent(*metrics, key)) {
          SendError("VALIDATION_001", std::string("metrics.") + key + " must be a number");
          return;
        }
      }
    }
    std::optional<std::string> playlist_id, content_id;
    if (const auto* c = frame.if_contains("currentContent"); c != nullptr && !c->is_null()) {
      if (!c->is_object() || !IsStringOrAbsent(c->as_object(), "playlistId", 64) ||
          !IsStringOrAbsent(c->as_object(), "contentId", 64)) {
        SendError("VALIDATION_001", "currentContent must be {playlistId, contentId}");
        return;
      }
      playlist_id = StringOf(c->as_object(), "playlistId");
      content_id = StringOf(c->as_object(), "contentId");
    }
    const bool changed = playlist_id != playing_playlist_ || content_id != playing_content_;
    Heartbeat beat{.device_id = connection_->device_id,
                   .organization_id = connection_->organization_id,
                   .at = now,
                   .cpu = NumberOf(metrics->if_contains("cpu")),
                   .memory = NumberOf(metrics->if_contains("memory")),
                   .playlist_id = playlist_id,
                   .content_id = content_id,
                   .covered_ms = std::min(now - last_heartbeat_, 2 * kHeartbeatIntervalMs)};
    if (auto v = NumberOf(metrics->if_contains("storageUsed"))) {
      beat.storage_used = static_cast<std::int64_t>(*v);
    }
    if (auto v = NumberOf(metrics->if_contains("latencyMs"))) {
      beat.latency_ms = static_cast<std::int64_t>(*v);
    }
    beat.update_device = changed || now - last_recorded_ >= kHeartbeatRecordedEveryMs;
    if (beat.update_device) {
      // Serialized only when the device row is written (once a minute, or on a change).
      last_recorded_ = now;
      beat.metrics_json = json::serialize(*metrics);
      if (changed) {
        playing_playlist_ = std::move(playlist_id);
        playing_content_ = std::move(content_id);
      }
      if (playing_playlist_ || playing_content_) {
        beat.current_content_json = json::serialize(CurrentContentJson());
      }
    }
    ctx_->presence.Push(std::move(beat));
    last_heartbeat_ = now;
    socket_->Send(net::MakePayload(R"({"type":"heartbeat:ack","nextHeartbeatIn":)" +
                                   std::to_string(kHeartbeatIntervalMs) + R"(,"serverTime":")" +
                                   platform::FormatIso8601(now) + "\"}"));
    if (changed) {
      // Dashboards hear what a screen plays when it changes, not every 15 s.
      realtime::PublishToDashboards(ctx_->bus, connection_->organization_id, "device:status",
                                    {{"deviceId", connection_->device_id},
                                     {"status", "online"},
                                     {"lastHeartbeat", platform::FormatIso8601(now)},
                                     {"currentContent", CurrentContentJson()}});
    }
  }

  void OnCommandResult(const json::object& frame) {
    const auto command_id = StringOf(frame, "commandId");
    const auto* ok = frame.if_contains("ok");
    const auto* data = frame.if_contains("data");
    if (!command_id || !platform::IsUuid(*command_id) || ok == nullptr || !ok->is_bool()) {
      SendError("VALIDATION_001", "command_result needs commandId and ok");
      return;
    }
    if (data != nullptr && json::serialize(*data).size() > kMaxCommandDataBytes) {
      SendError("VALIDATION_001", "command_result data is limited to 32 KiB");
      return;
    }
    realtime::PublishToDashboards(ctx_->bus, connection_->organization_id, "command:result",
                                  {{"deviceId", connection_->device_id},
                                   {"commandId", *command_id},
                                   {"ok", ok->as_bool()},
                                   {"data", data != nullptr ? *data : json::value(nullptr)}});
  }

  json::value CurrentContentJson() const {
    if (!playing_playlist_ && !playing_content_) return nullptr;
    json::object current;
    if (playing_playlist_) current["playlistId"] = *playing_playlist_;
    if (playing_content_) current["contentId"] = *playing_content_;
    return current;
  }

  void Send(const json::object& frame) { socket_->Send(net::MakePayload(json::serialize(frame))); }
  void SendError(std::string_view code, std::string_view message) {
    Send(json::object{{"type", "error"}, {"code", code}, {"message", message}});
  }

  std::shared_ptr<const DeviceGatewayContext> ctx_;  // one for all screens, not a copy each
  std::shared_ptr<net::WebSocket> socket_;
  std::shared_ptr<DeviceConnection> connection_;
  net::FloodGuard flood_guard_{kDeviceFrameLimits, platform::NowMillis()};
  bool closing_ = false;
  std::int64_t last_heartbeat_ = 0;
  std::int64_t last_recorded_ = 0;  // last heartbeat written to the device row
  std::optional<std::string> playing_playlist_, playing_content_;  // from the last heartbeat
};

}  // namespace

void AddDeviceSocketRoute(net::Router& router, DeviceGatewayContext context) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/ws/device",
              .websocket = [shared = std::make_shared<const DeviceGatewayContext>(std::move(
                                context))](net::Request&) -> awaitable<net::WebSocketAcceptResult> {
                co_return std::make_shared<DeviceSession>(shared);
              },
              // No websocket pings: a screen's liveness is its heartbeats (the hub closes
              // those silent for 45 s), and an idle timer per screen would cost memory.
              .websocket_options = {.max_message_bytes = kMaxDeviceFrameBytes,
                                    .idle_timeout = std::chrono::seconds(0)},
              .summary = "The screens' socket (API.md \"WebSocket: devices\")"});
}

}  // namespace vizora::devices
