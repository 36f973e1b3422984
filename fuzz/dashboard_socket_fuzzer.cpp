// Vizora's dashboard socket (GET /ws/admin) as a browser's bytes meet it: the real route,
// identity service and hub on a migrated SQLite database with one registered admin. Each
// input is one connection. Its first byte chooses how the dashboard authenticates (bit 0: a
// hello frame with the admin's real access token first; bit 1: Authorization: Bearer at the
// upgrade; bit 2: the vizora_access cookie at the upgrade) and whether the organization's
// topic carries an event while the socket is open (bit 3); the rest are lines, each a masked
// text frame, or a ping frame for a line "<ping>". Hellos without, with bad and with
// repeated tokens, frames that are not JSON and floods all meet the real handlers. A crash,
// a sanitizer report or a hang is a finding.

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "fuzz/loopback_server.hpp"
#include "platform/app/database.hpp"
#include "platform/bus/bus.hpp"
#include "platform/core/worker_pool.hpp"
#include "vizora/identity/identity_service.hpp"
#include "vizora/migrations/embedded_migrations.hpp"
#include "vizora/realtime/dashboard_socket.hpp"
#include "vizora/realtime/topics.hpp"

namespace fs = std::filesystem;
namespace identity = vizora::identity;

namespace {

struct Harness {
  Harness() : dir(fs::temp_directory_path() / ("dashboard-fuzz-" + std::to_string(getpid()))) {
    fs::create_directories(dir);
    db =
        platform::store::Database::Open("sqlite://" + (dir / "fuzz.db").string(), {.pool_size = 2});
    platform::app::ApplyMigrations(*db, vizora::EmbeddedMigrations());
    accounts = std::make_unique<platform::identity::Accounts>(*db, password_pool);
    service = std::make_unique<identity::IdentityService>(*db, *accounts, sessions, cache,
                                                          /*mail_enabled=*/false);
    boost::asio::io_context io;
    auto registered =
        boost::asio::co_spawn(io,
                              service->Register({.email = "admin@fuzz.example",
                                                 .password = "correct horse battery staple",
                                                 .first_name = "Ada",
                                                 .last_name = "Admin",
                                                 .organization_name = "Fuzz"},
                                                {.ip = "127.0.0.1", .user_agent = "fuzzer"}),
                              boost::asio::use_future);
    io.run();
    const auto session = registered.get();
    if (!session) __builtin_trap();
    access_token = session->access_token;
    organization_id = session->organization.id;
    bus = platform::bus::MakeLocalBus();
    hub = std::make_unique<vizora::realtime::DashboardHub>(*bus);
    vizora::realtime::AddDashboardSocketRoute(
        loopback.router, {.identity = *service, .hub = *hub, .hello_deadlines = hellos});
    loopback.Start(fuzzing::QuickServerOptions(std::chrono::seconds(3)));
  }
  ~Harness() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }

  fs::path dir;
  platform::WorkerPool password_pool{1};
  std::unique_ptr<platform::store::Database> db;
  std::unique_ptr<platform::identity::Accounts> accounts;
  const platform::identity::Sessions sessions{"fuzzing-signing-key-0123456789abcdef",
                                              identity::kSessionPolicy};
  platform::identity::SessionCache cache;
  std::unique_ptr<identity::IdentityService> service;
  std::string access_token, organization_id;
  std::unique_ptr<platform::bus::Bus> bus;
  std::unique_ptr<vizora::realtime::DashboardHub> hub;
  platform::net::SocketDeadlines hellos{std::chrono::seconds(1), 4401, "no hello"};
  fuzzing::LoopbackServer loopback;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness harness;
  if (size == 0 || size > 60'000) return 0;
  const std::uint8_t flags = data[0];
  std::string upgrade = fuzzing::UpgradeRequest("/ws/admin");
  upgrade.resize(upgrade.size() - 2);  // before the blank line: more headers follow
  if (flags & 2) upgrade += "Authorization: Bearer " + harness.access_token + "\r\n";
  if (flags & 4) upgrade += "Cookie: vizora_access=" + harness.access_token + "\r\n";
  upgrade += "\r\n";

  fuzzing::Connection connection(harness.loopback.port);
  if (!connection.ok() || !connection.Send(upgrade)) return 0;
  connection.ReadHead();
  std::string wire;
  if (flags & 1)
    wire +=
        fuzzing::MaskedFrame(0x1, R"({"type":"hello","token":")" + harness.access_token + "\"}");
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::size_t start = 0;
  while (start <= input.size()) {
    const auto end = std::min(input.find('\n', start), input.size());
    const std::string_view line = input.substr(start, end - start);
    wire += line == "<ping>" ? fuzzing::MaskedFrame(0x9, "") : fuzzing::MaskedFrame(0x1, line);
    start = end + 1;
  }
  connection.Send(wire);
  if (flags & 8) {
    harness.bus->Publish(vizora::realtime::DashboardsTopic(harness.organization_id),
                         R"({"type":"device:status","deviceId":"d","status":"online"})");
  }
  connection.FinishAndDrain();
  return 0;
}
