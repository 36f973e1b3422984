// The running server, from the outside: meta endpoints, the error model, bad input, the web
// apps, graceful shutdown and secrets. Every case runs on SQLite and on PostgreSQL.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <future>

#include "tests/support/support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace testing_support;

class ServerTest : public BackendTest {
 protected:
  std::unique_ptr<ServerProcess> Start(std::vector<std::string> args = {},
                                       std::vector<std::string> env = {}) {
    args.insert(args.begin(), {"--database", database_});
    return std::make_unique<ServerProcess>(dir_.path() / "data", std::move(args), std::move(env));
  }
};

TEST_P(ServerTest, HealthReadinessAndVersion) {
  auto server = Start();
  HttpClient client(server->port());
  auto health = client.Get("/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.Json().at("status").as_string(), "ok");
  auto ready = client.Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  auto version = client.Get("/api/v1/version").Json();
  EXPECT_EQ(version.at("database").as_string(), BackendName(GetParam()));
  EXPECT_GE(version.at("schemaVersion").as_int64(), 1);
  EXPECT_EQ(version.at("installationId").as_string().size(), 36u);
}

TEST_P(ServerTest, InstallationIdSurvivesARestart) {
  std::string first;
  {
    auto server = Start();
    first = std::string(
        HttpClient(server->port()).Get("/api/v1/version").Json().at("installationId").as_string());
    EXPECT_EQ(server->Stop(), 0);
  }
  auto again = Start();
  EXPECT_EQ(
      HttpClient(again->port()).Get("/api/v1/version").Json().at("installationId").as_string(),
      first);
}

TEST_P(ServerTest, OpenApiListsTheRoutes) {
  auto server = Start();
  auto doc = HttpClient(server->port()).Get("/api/openapi.json").Json();
  EXPECT_EQ(doc.at("openapi").as_string(), "3.0.3");
  const auto& paths = doc.at("paths").as_object();
  for (const char* path : {"/healthz", "/readyz", "/metrics", "/api/v1/version"}) {
    EXPECT_TRUE(paths.contains(path)) << path;
  }
  EXPECT_TRUE(paths.at("/healthz").as_object().contains("get"));
}

TEST_P(ServerTest, MetricsArePrometheusText) {
  auto server = Start();
  HttpClient client(server->port());
  client.Get("/healthz");
  auto metrics = client.Get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.Header("content-type").rfind("text/plain", 0), 0u);
  EXPECT_NE(metrics.body.find(R"(http_requests_total{route="/healthz",method="GET",code="2xx"} 1)"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("process_resident_memory_bytes"), std::string::npos);
  EXPECT_NE(metrics.body.find("http_open_connections"), std::string::npos);
}

TEST_P(ServerTest, ErrorsAreJsonWithStableCodes) {
  auto server = Start();
  HttpClient client(server->port());
  auto unknown = client.Get("/api/v1/no-such-thing");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.Header("content-type"), "application/json");
  EXPECT_EQ(unknown.Json().at("error").at("code").as_string(), "NOT_FOUND");
  auto wrong_method = client.Send({"DELETE", "/api/v1/version", {}, {}});
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.Json().at("error").at("code").as_string(), "METHOD_NOT_ALLOWED");
  EXPECT_NE(wrong_method.Header("allow").find("GET"), std::string::npos);
  auto unknown_ws = client.Get("/ws/nothing");
  EXPECT_EQ(unknown_ws.status, 404);
  EXPECT_EQ(unknown_ws.Header("content-type"), "application/json");
}

TEST_P(ServerTest, BadInputNeverCrashesTheServer) {
  auto server = Start();
  const unsigned short port = server->port();
  struct Case {
    std::string bytes;
    std::string status;
  };
  const std::vector<Case> cases = {
      {"GARBAGE\r\n\r\n", "400"},
      {std::string("\x00\x01\x02\xff\r\n\r\n", 8), "400"},
      {"GET /healthz HTTP/1.1\r\nHost: x\r\nX: " + std::string(20000, 'a') + "\r\n\r\n", "431"},
      {"POST /api/v1/version HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n", "405"},
      {"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "400"},
      {"GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", ""},
      {"GET /../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", "200"},  // the dashboard, not a file
  };
  for (const auto& c : cases) {
    const std::string reply = RawExchange(port, c.bytes, std::chrono::milliseconds(2000));
    if (!c.status.empty()) {
      EXPECT_EQ(reply.substr(0, 12), "HTTP/1.1 " + c.status) << c.bytes.substr(0, 60);
    }
    EXPECT_EQ(reply.find("root:"), std::string::npos);
  }
  // Half-open connections and abrupt disconnects.
  for (int i = 0; i < 20; ++i)
    RawExchange(port, "GET /healthz HTTP/1.1\r\nHo", std::chrono::milliseconds(10));
  HttpClient client(port);
  EXPECT_EQ(client.Get("/healthz").status, 200);
}

TEST_P(ServerTest, ServesTheBuiltWebAppsAndThePlaceholderOtherwise) {
  // Without built apps: a placeholder page, not an error.
  {
    auto server = Start();
    auto page = HttpClient(server->port()).Get("/");
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Vizora is running"), std::string::npos);
  }
  const fs::path web = dir_.path() / "web";
  fs::create_directories(web / "dashboard/dist/assets");
  fs::create_directories(web / "player/dist");
  std::ofstream(web / "dashboard/dist/index.html") << "<html>dashboard</html>";
  std::ofstream(web / "dashboard/dist/assets/app.js") << "dash();";
  std::ofstream(web / "player/dist/index.html") << "<html>player</html>";
  auto server = Start({"--web", web.string()});
  HttpClient client(server->port());
  EXPECT_EQ(client.Get("/").body, "<html>dashboard</html>");
  EXPECT_EQ(client.Get("/devices/42").body, "<html>dashboard</html>");  // client-side route
  EXPECT_EQ(client.Get("/assets/app.js").body, "dash();");
  EXPECT_EQ(client.Get("/player").body, "<html>player</html>");
  EXPECT_EQ(client.Get("/player/").body, "<html>player</html>");
  EXPECT_EQ(client.Get("/../dashboard/dist/index.html").status, 404);
  EXPECT_EQ(client.Get("/api/v1/nope").Header("content-type"), "application/json");
}

TEST_P(ServerTest, SigtermDrainsAndExitsCleanly) {
  auto server = Start();
  HttpClient idle(server->port());
  EXPECT_EQ(idle.Get("/healthz").status, 200);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(server->Stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_FALSE(idle.IsOpen());
  EXPECT_NE(server->Log().find("\"event\":\"server.stopped\""), std::string::npos);
}

TEST_P(ServerTest, SecretsAreGeneratedOncePrivateAndNeverLogged) {
  std::string secret;
  const fs::path key = dir_.path() / "data" / "secrets" / "jwt-signing-key";
  {
    auto server = Start();
    server->Stop();
    struct stat st {};
    ASSERT_EQ(::stat(key.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    std::ifstream(key) >> secret;
    EXPECT_GE(secret.size(), 40u);
    EXPECT_EQ(server->Log().find(secret), std::string::npos);
  }
  auto again = Start();
  again->Stop();
  std::string after;
  std::ifstream(key) >> after;
  EXPECT_EQ(after, secret);
}

TEST_P(ServerTest, ConfigFromEnvironmentAndFile) {
  const fs::path config = dir_.path() / "vizora.conf";
  std::ofstream(config) << "cors-origins = https://from-file.example\n";
  {
    auto server = Start({"--config", config.string()});
    auto r = HttpClient(server->port())
                 .Send({"GET", "/healthz", {}, {{"Origin", "https://from-file.example"}}});
    EXPECT_EQ(r.Header("access-control-allow-origin"), "https://from-file.example");
  }
  // The environment beats the file.
  auto server =
      Start({"--config", config.string()}, {"VIZORA_CORS_ORIGINS=https://from-env.example"});
  HttpClient client(server->port());
  auto env = client.Send({"GET", "/healthz", {}, {{"Origin", "https://from-env.example"}}});
  EXPECT_EQ(env.Header("access-control-allow-origin"), "https://from-env.example");
  auto file = client.Send({"GET", "/healthz", {}, {{"Origin", "https://from-file.example"}}});
  EXPECT_TRUE(file.Header("access-control-allow-origin").empty());
}

TEST_P(ServerTest, ManyConcurrentClients) {
  auto server = Start();
  std::vector<std::future<int>> clients;
  for (int c = 0; c < 16; ++c) {
    clients.push_back(std::async(std::launch::async, [port = server->port()] {
      HttpClient client(port);
      int ok = 0;
      for (int i = 0; i < 50; ++i)
        ok += client.Get(i % 2 ? "/healthz" : "/api/v1/version").status == 200;
      return ok;
    }));
  }
  for (auto& c : clients) EXPECT_EQ(c.get(), 50);
}

TEST_P(ServerTest, OneAddressHoldsOnlyItsShareOfConnections) {
  // Loopback is a trusted proxy by default (a local nginx): trust no one here.
  auto server = Start({"--max-connections", "20", "--max-connections-per-address", "3",
                       "--trusted-proxies", "none"});
  std::vector<std::unique_ptr<HttpClient>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<HttpClient>(server->port()));
    EXPECT_EQ(held.back()->Get("/healthz").status, 200);
  }
  const std::string refused =
      RawExchange(server->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(refused.rfind("HTTP/1.1 429", 0), 0u) << refused;
  HttpClient elsewhere(server->port(), "127.0.0.1", "127.0.0.2");
  EXPECT_EQ(elsewhere.Get("/readyz").status, 200);
}

TEST_P(ServerTest, ALocalProxyNamesTheClientForRateLimits) {
  auto server = Start();  // trusts loopback: the X-Forwarded-For of a local nginx counts
  HttpClient client(server->port());
  const std::string login = R"({"email":"nobody@example.com","password":"wrong-password"})";
  auto attempt = [&](const std::string& client_address) {
    return client
        .Send({"POST",
               "/api/v1/auth/login",
               login,
               {{"Content-Type", "application/json"}, {"X-Forwarded-For", client_address}}})
        .status;
  };
  int refused = 0;
  for (int i = 0; i < 24; ++i) refused += attempt("203.0.113.7") == 429;
  EXPECT_GE(refused, 1);                   // 20 a minute from one client…
  EXPECT_EQ(attempt("203.0.113.8"), 401);  // …and another behind the same proxy goes on
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
