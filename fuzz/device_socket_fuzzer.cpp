// Vizora's screen socket (GET /ws/device) as a screen's bytes meet it: the real device
// gateway, hub, presence writer and proof-of-play store on a migrated SQLite database with
// one paired screen. Each input is one connection; its lines are text frames (a masked text
// frame each). The input chooses whether the connection first says hello with the screen's
// real token, so both the unauthenticated and the authenticated handlers are explored:
// heartbeats with their metrics, command results, impressions and playback errors, repeated
// hellos, anything else. A crash, a sanitizer report or a hang is a finding.

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "fuzz/loopback_server.hpp"
#include "platform/app/database.hpp"
#include "platform/auth/tokens.hpp"
#include "platform/bus/bus.hpp"
#include "platform/net/socket_deadlines.hpp"
#include "vizora/analytics/analytics_routes.hpp"
#include "vizora/analytics/event_store.hpp"
#include "vizora/devices/device_gateway.hpp"
#include "vizora/devices/device_messages.hpp"
#include "vizora/migrations/embedded_migrations.hpp"

namespace net = platform::net;
namespace devices = vizora::devices;

namespace {

constexpr std::string_view kDeviceToken = "fuzz-device-token-0123456789abcdef";

struct Harness {
  Harness()
      : dir(std::filesystem::temp_directory_path() / ("device-fuzz-" + std::to_string(getpid()))) {
    std::filesystem::create_directories(dir);
    db =
        platform::store::Database::Open("sqlite://" + (dir / "fuzz.db").string(), {.pool_size = 2});
    platform::app::ApplyMigrations(*db, vizora::EmbeddedMigrations());
    db->TransactBlocking([](platform::store::Connection& c) {
      c.Execute(
          "INSERT INTO organizations (id, name, slug, created_at, updated_at) "
          "VALUES ('org', 'Org', 'org', 0, 0)");
      c.Execute(
          "INSERT INTO devices (id, organization_id, nickname, token_hash, status, paired_at, "
          "created_at, updated_at) VALUES ('screen', 'org', 'Lobby', $1, 'offline', 0, 0, 0)",
          {platform::auth::HashToken(kDeviceToken)});
    });
    bus = platform::bus::MakeLocalBus();
    service = std::make_unique<devices::DevicesService>(*db, *bus);
    hub = std::make_unique<devices::DeviceHub>(*bus);
    presence = std::make_unique<devices::PresenceWriter>(
        *db, devices::WritePresence, platform::store::BatchWriterOptions{.name = "presence"});
    events = std::make_unique<vizora::analytics::EventStore>(*db);
    devices::AddDeviceSocketRoute(loopback.router,
                                  {.devices = *service,
                                   .hello_deadlines = hellos,
                                   .hub = *hub,
                                   .presence = *presence,
                                   .bus = *bus,
                                   .manifest = nullptr,
                                   .events = vizora::analytics::MakeDeviceEventSink(*events)});
    loopback.Start(fuzzing::QuickServerOptions(std::chrono::seconds(3)));
  }
  ~Harness() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  std::filesystem::path dir;
  std::unique_ptr<platform::store::Database> db;
  std::unique_ptr<platform::bus::Bus> bus;
  std::unique_ptr<devices::DevicesService> service;
  std::unique_ptr<devices::DeviceHub> hub;
  std::unique_ptr<devices::PresenceWriter> presence;
  std::unique_ptr<vizora::analytics::EventStore> events;
  net::SocketDeadlines hellos{std::chrono::seconds(1), devices::device_close::kNoHello, "no hello"};
  fuzzing::LoopbackServer loopback;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness harness;
  if (size == 0 || size > 60'000) return 0;
  fuzzing::Connection connection(harness.loopback.port);
  if (!connection.ok() || !connection.Send(fuzzing::UpgradeRequest("/ws/device"))) return 0;
  connection.ReadHead();
  // First byte odd: the screen says hello with its real token before the input's frames.
  std::string wire;
  if (data[0] & 1) {
    wire += fuzzing::MaskedFrame(0x1, R"({"type":"hello","token":")" + std::string(kDeviceToken) +
                                          R"(","player":{"version":"1"}})");
  }
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t start = 0;
  while (start <= input.size()) {
    const auto end = std::min(input.find('\n', start), input.size());
    wire += fuzzing::MaskedFrame(0x1, input.substr(start, end - start));
    start = end + 1;
  }
  connection.Send(wire);
  connection.FinishAndDrain();
  return 0;
}
