// Two instances sharing PostgreSQL and Redis behave as one (DESIGN.md §1 "Scale-out"):
// a session made on one works on the other, rate limits are enforced once, not per instance,
// and the realtime bus reaches sockets wherever they are connected.

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <thread>

#include "platform/core/ids.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

// Two instances on one PostgreSQL database and one Redis, sharing the signing key: what a
// load balancer would put behind one address.
struct TwoInstances {
  TempDir dir;
  std::string database = FreshDatabaseUrl(Backend::kPostgres, dir);
  std::vector<std::string> shared = {"--database",   database,
                                     "--redis",      *RedisUrl(),
                                     "--jwt-secret", "shared-secret-for-both-instances"};
  ServerProcess a{dir.path() / "a", shared};
  ServerProcess b{dir.path() / "b", shared};
};

TEST(ScaleOut, TwoInstancesShareSessionsAndRateLimits) {
  if (!PostgresAdminUrl() || !RedisUrl()) GTEST_SKIP() << "needs PostgreSQL and Redis (make test)";
  TwoInstances instances;
  ServerProcess &a = instances.a, &b = instances.b;
  HttpClient to_a(a.port()), to_b(b.port());

  // Limits outlive a server in Redis: an address of its own for this run.
  const std::string email = "ada-" + platform::RandomToken(6) + "@example.com";
  const std::string login_wrong = R"({"email":")" + email + R"(","password":"wrong-pw"})";
  const std::string login_right = R"({"email":")" + email + R"(","password":"correct horse"})";
  auto reg = to_a.PostJson(
      "/api/v1/auth/register",
      R"({"email":")" + email +
          R"(","password":"correct horse","firstName":"A","lastName":"L","organizationName":"Scale"})");
  ASSERT_EQ(reg.status, 201) << reg.body;
  const std::string token(reg.Json().at("token").as_string());
  auto me = to_b.Send({"GET", "/api/v1/auth/me", {}, {{"Authorization", "Bearer " + token}}});
  EXPECT_EQ(me.status, 200) << "a token from A works on B";

  // 10 wrong passwords for one account, alternating instances: the 11th try is refused
  // whichever instance gets it, because the bucket is in Redis.
  for (int i = 0; i < 10; ++i) {
    HttpClient& client = i % 2 ? to_b : to_a;
    EXPECT_EQ(client.PostJson("/api/v1/auth/login", login_wrong).status, 401) << i;
  }
  EXPECT_EQ(to_a.PostJson("/api/v1/auth/login", login_right).status, 429);
  EXPECT_EQ(to_b.PostJson("/api/v1/auth/login", login_right).status, 429);
}

TEST(ScaleOut, DevicesDashboardsAndCommandsReachAcrossInstances) {
  if (!PostgresAdminUrl() || !RedisUrl()) GTEST_SKIP() << "needs PostgreSQL and Redis (make test)";
  TwoInstances instances;
  ServerProcess &a = instances.a, &b = instances.b;
  HttpClient to_a(a.port()), to_b(b.port());
  const std::string email = "ops-" + platform::RandomToken(6) + "@example.com";
  auto reg = to_a.PostJson(
      "/api/v1/auth/register",
      R"({"email":")" + email +
          R"(","password":"correct horse","firstName":"O","lastName":"P","organizationName":"Fleet"})");
  ASSERT_EQ(reg.status, 201) << reg.body;
  const std::string admin(reg.Json().at("token").as_string());

  // The screen long-polls A; the admin completes on B; A answers at once.
  const auto ticket = to_a.PostJson("/api/v1/devices/pairing/request", "{}").Json();
  const std::string code(ticket.at("code").as_string());
  HttpResponse answer;
  std::chrono::steady_clock::time_point answered;
  std::thread screen([&] {
    HttpClient own(a.port());
    answer =
        own.Send({"GET",
                  "/api/v1/devices/pairing/status?code=" + code + "&wait=20",
                  {},
                  {{"X-Pairing-Secret", std::string(ticket.at("pairingSecret").as_string())}}});
    answered = std::chrono::steady_clock::now();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto completed = std::chrono::steady_clock::now();
  auto done =
      to_b.Call(admin, "POST", "/api/v1/devices/pairing/complete", R"({"code":")" + code + "\"}");
  screen.join();
  ASSERT_EQ(done.status, 201) << done.body;
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto paired = answer.Json();
  ASSERT_EQ(paired.at("status"), "paired");
  const auto latency =
      std::chrono::duration_cast<std::chrono::milliseconds>(answered - completed).count();
  std::cout << "cross-instance pairing answered " << latency << " ms after completion\n";
  EXPECT_LT(latency, 1000);
  const std::string device_id(paired.at("deviceId").as_string());
  const std::string token(paired.at("deviceToken").as_string());

  // A dashboard on B sees the device go online on A.
  WsClient dashboard(b.port(), "/ws/admin", {{"Authorization", "Bearer " + admin}});
  ASSERT_TRUE(NextFrame(dashboard, "welcome"));
  WsClient device(a.port(), "/ws/device");
  device.Send(R"({"type":"hello","token":")" + token + "\"}");
  ASSERT_TRUE(NextFrame(device, "manifest"));
  auto online = NextFrame(dashboard, "device:status");
  ASSERT_TRUE(online);
  EXPECT_EQ(online->at("deviceId"), device_id.c_str());
  EXPECT_EQ(online->at("status"), "online");

  // A command sent through B reaches the device on A.
  auto sent = to_b.Call(admin, "POST", "/api/v1/devices/" + device_id + "/commands",
                        R"({"command":"reload"})");
  ASSERT_EQ(sent.status, 202) << sent.body;
  auto command = NextFrame(device, "command");
  ASSERT_TRUE(command);
  EXPECT_EQ(command->at("commandId"), sent.Json().at("commandId"));

  // The same device connecting to B replaces its socket on A (4409).
  auto moved = std::make_unique<WsClient>(b.port(), "/ws/device");
  moved->Send(R"({"type":"hello","token":")" + token + "\"}");
  ASSERT_TRUE(NextFrame(*moved, "manifest"));
  EXPECT_FALSE(NextFrame(device, "never"));
  EXPECT_EQ(device.close_code(), 4409);

  // A publish through A reaches the screen on B, and B, which keeps the organization's
  // manifests in memory, forgets the old ones: the screen reconnecting to B gets the new one.
  const auto page = to_a.Call(admin, "POST", "/api/v1/content",
                              R"({"type":"webpage","title":"Menu","url":"https://example.com/m"})");
  ASSERT_EQ(page.status, 201) << page.body;
  const auto playlist = to_a.Call(admin, "POST", "/api/v1/playlists",
                                  R"({"name":"Menu","items":[{"contentId":")" +
                                      std::string(page.Json().at("content").at("id").as_string()) +
                                      R"(","duration":20}]})");
  ASSERT_EQ(playlist.status, 201) << playlist.body;
  const auto published = to_a.Call(
      admin, "POST",
      "/api/v1/playlists/" + std::string(playlist.Json().at("playlist").at("id").as_string()) +
          "/instant-publish",
      R"({"allDevices":true})");
  ASSERT_EQ(published.status, 201) << published.body;
  auto pushed = NextFrame(*moved, "manifest");
  ASSERT_TRUE(pushed);
  ASSERT_EQ(pushed->at("playlists").as_array().size(), 1u);
  WsClient again(b.port(), "/ws/device");
  again.Send(R"({"type":"hello","token":")" + token + "\"}");
  ASSERT_TRUE(NextFrame(again, "welcome"));
  auto reconnected = NextFrame(again, "manifest");
  ASSERT_TRUE(reconnected);
  EXPECT_EQ(reconnected->at("version"), pushed->at("version"));
  moved.reset();

  // Unpairing through A closes the socket on B (4403); the dashboard on B hears it, and B,
  // which had the token in memory, refuses it from then on.
  ASSERT_EQ(to_a.Call(admin, "DELETE", "/api/v1/devices/" + device_id).status, 204);
  EXPECT_FALSE(NextFrame(again, "never"));
  EXPECT_EQ(again.close_code(), 4403);
  EXPECT_TRUE(NextFrame(dashboard, "device:unpaired"));
  WsClient revoked(b.port(), "/ws/device");
  revoked.Send(R"({"type":"hello","token":")" + token + "\"}");
  EXPECT_FALSE(NextFrame(revoked, "welcome"));
  EXPECT_EQ(revoked.close_code(), 4401);
}

// `--roles` splits the work: web instances take uploads, a worker instance processes them
// (sharing the database, Redis and the blob storage), and the dashboard on the web instance
// hears that the item is ready.
TEST(ScaleOut, AWorkerInstanceProcessesWhatAWebInstanceReceived) {
  if (!PostgresAdminUrl() || !RedisUrl()) GTEST_SKIP() << "needs PostgreSQL and Redis (make test)";
  TempDir dir;
  const std::string database = FreshDatabaseUrl(Backend::kPostgres, dir);
  std::vector<std::string> shared = {"--database",   database,
                                     "--redis",      *RedisUrl(),
                                     "--jwt-secret", "shared-secret-for-both-instances",
                                     "--storage",    "file://" + (dir.path() / "blobs").string()};
  auto web_args = shared;
  web_args.insert(web_args.end(), {"--roles", "api,realtime"});
  auto worker_args = shared;
  worker_args.insert(worker_args.end(), {"--roles", "worker"});
  ServerProcess web(dir.path() / "web", web_args);
  HttpClient to_web(web.port());
  const std::string email = "media-" + platform::RandomToken(6) + "@example.com";
  auto reg = to_web.PostJson(
      "/api/v1/auth/register",
      R"({"email":")" + email +
          R"(","password":"correct horse","firstName":"A","lastName":"L","organizationName":"Split"})");
  ASSERT_EQ(reg.status, 201) << reg.body;
  const std::string token(reg.Json().at("token").as_string());
  WsClient dashboard(web.port(), "/ws/admin", {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(NextFrame(dashboard, "welcome"));

  const std::string csv = "city,temperature\nKöln,12\nLyon,15\n";
  const std::string body =
      "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n" +
      csv + "\r\n--b0undary--\r\n";
  auto created = to_web.Send({"POST",
                              "/api/v1/content",
                              body,
                              {{"Authorization", "Bearer " + token},
                               {"Content-Type", "multipart/form-data; boundary=b0undary"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(created.Json().at("content").at("id").as_string());
  // The web instance runs no workers: nothing happens until the worker instance starts.
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  auto waiting =
      to_web.Send({"GET", "/api/v1/content/" + id, {}, {{"Authorization", "Bearer " + token}}});
  EXPECT_EQ(waiting.Json().at("content").at("uploadStatus"), "processing");
  ServerProcess worker(dir.path() / "worker", worker_args);
  auto ready = NextFrame(dashboard, "content:ready");
  ASSERT_TRUE(ready) << "the dashboard on the web instance hears the worker's result";
  EXPECT_EQ(ready->at("contentId"), id.c_str());
  EXPECT_EQ(ready->at("uploadStatus"), "ready");
  auto table = to_web.Send(
      {"GET", "/api/v1/content/" + id + "/table", {}, {{"Authorization", "Bearer " + token}}});
  EXPECT_EQ(table.status, 200);
  EXPECT_EQ(table.Json().at("rows").as_array().size(), 2u);
  // And the worker instance serves no API.
  HttpClient to_worker(worker.port());
  EXPECT_EQ(
      to_worker.Send({"GET", "/api/v1/content", {}, {{"Authorization", "Bearer " + token}}}).status,
      404);
  EXPECT_EQ(to_worker.Get("/healthz").status, 200);
}

}  // namespace
