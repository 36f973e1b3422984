// Two instances behind nginx, as production runs them (DESIGN.md §1 "Scale-out", issue 21):
// nginx from Debian with the site configuration we ship (deploy/nginx/) proxies HTTP and
// WebSockets round-robin; the instances share PostgreSQL, Redis and S3 and no disk. A user works
// on both at once, an upload received by one is processed by the other's worker, a publish
// reaches screens wherever they are connected, and killing an instance loses nothing it
// acknowledged while its screens reconnect to the other. Prometheus from Debian scrapes both
// with the alert rules we ship (deploy/prometheus/).

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <set>
#include <thread>

#include "platform/blob/sigv4.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/media_samples.hpp"
#include "tests/support/proxy_and_monitoring.hpp"
#include "tests/support/support.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;
using platform::blob::sigv4::UriEncode;

// `http_open_websockets` on an instance's own /metrics.
int OpenWebsockets(unsigned short port) {
  const std::string metrics = HttpClient(port).Get("/metrics").body;
  const auto at = metrics.find("\nhttp_open_websockets ");
  return at == std::string::npos ? -1 : std::stoi(metrics.substr(at + 22));
}

std::string Address(unsigned short port) {
  return "127.0.0.1:" + std::to_string(port);
}

class BehindNginx : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto s3 = FindThrowawayS3();
    if (!PostgresAdminUrl() || !RedisUrl() || !s3 || !NginxProxy::Available()) {
      GTEST_SKIP() << "needs PostgreSQL, Redis, S3 and nginx (make test)";
    }
    const std::vector<std::string> shared = {
        "--database",   FreshDatabaseUrl(Backend::kPostgres, dir_), "--redis",   *RedisUrl(),
        "--jwt-secret", "shared-secret-for-both-instances",         "--storage", s3->url};
    // A takes requests and sockets only; B also runs the workers.
    auto a_args = shared;
    a_args.insert(a_args.end(), {"--roles", "api,realtime"});
    a_ = std::make_unique<ServerProcess>(dir_.path() / "a", a_args);
    b_ = std::make_unique<ServerProcess>(dir_.path() / "b", shared);
    a_port_ = a_->port();
    b_port_ = b_->port();
    nginx_ = std::make_unique<NginxProxy>(dir_.path() / "nginx",
                                          std::vector<unsigned short>{a_port_, b_port_});
    site_ = std::make_unique<HttpClient>(nginx_->port());
  }

  // Makes the next request through nginx go to the instance on `port`: round-robin alternates,
  // so a cheap request that lands on the other one comes first. The caller checks X-Upstream.
  void NextGoesTo(unsigned short port) {
    for (int i = 0; i < 4; ++i) {
      if (site_->Get("/healthz").Header("x-upstream") != Address(port)) return;
    }
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return site_->Call(admin_.token, method, target, body);
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> a_, b_;
  unsigned short a_port_ = 0, b_port_ = 0;
  std::unique_ptr<NginxProxy> nginx_;
  std::unique_ptr<HttpClient> site_;
  Account admin_;
};

TEST_F(BehindNginx, OneSiteOnTwoInstancesThatLosesNothingWhenOneDies) {
  // Signed in through the site, the user's requests are served by both instances.
  admin_ = AccountFrom(site_->PostJson(
      "/api/v1/auth/register",
      R"({"email":"ops-)" + platform::RandomToken(6) +
          R"(@example.com","password":"correct horse","firstName":"O","lastName":"P","organizationName":"Edge"})"));
  ASSERT_FALSE(admin_.token.empty());
  std::set<std::string> served_by;
  for (int i = 0; i < 6; ++i) {
    const auto me = Call("GET", "/api/v1/auth/me");
    EXPECT_EQ(me.status, 200) << me.body;
    served_by.insert(me.Header("x-upstream"));
  }
  EXPECT_EQ(served_by, (std::set<std::string>{Address(a_port_), Address(b_port_)}));

  // An image uploaded through A (no workers) is processed by B and served by A from S3.
  MakeImage(dir_.path() / "pic.png", 320, 200);
  const std::string png = [&] {
    std::ifstream in(dir_.path() / "pic.png", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  NextGoesTo(a_port_);
  const auto uploaded =
      site_->Send({"POST",
                   "/api/v1/content",
                   Multipart({{"file", png, "pic.png", "image/png"}}),
                   {{"Authorization", "Bearer " + admin_.token},
                    {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}});
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  EXPECT_EQ(uploaded.Header("x-upstream"), Address(a_port_));
  const std::string image_id(uploaded.Json().at("content").at("id").as_string());
  json::object image;
  for (auto deadline = std::chrono::steady_clock::now() + 20s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(50ms)) {
    image = Call("GET", "/api/v1/content/" + image_id).Json().at("content").as_object();
    if (image.at("uploadStatus") != "processing") break;
  }
  ASSERT_EQ(image.at("uploadStatus"), "ready") << json::serialize(image);
  EXPECT_EQ(image.at("metadata").at("width").as_int64(), 320);
  NextGoesTo(a_port_);
  const auto file = Call("GET", "/api/v1/content/" + image_id + "/file");
  EXPECT_EQ(file.Header("x-upstream"), Address(a_port_));
  EXPECT_EQ(file.status, 200);
  EXPECT_TRUE(file.body == png) << "the bytes uploaded, through the proxy";
  NextGoesTo(b_port_);
  const auto thumbnail = Call("GET", "/api/v1/content/" + image_id + "/thumbnail");
  EXPECT_EQ(thumbnail.status, 200);
  EXPECT_EQ(thumbnail.Header("x-upstream"), Address(b_port_));
  EXPECT_EQ(FilesUnder(dir_.path() / "a" / "blobs") + FilesUnder(dir_.path() / "b" / "blobs"), 0u)
      << "no instance keeps media on its own disk";

  // Two screens connect through the site, one lands on each instance: where the first one
  // landed, the instances' own /metrics say; the second connects again (its new socket
  // replaces the last) until round-robin puts it on the other.
  const auto first = PairScreen(*site_, admin_.token, "First");
  const auto second = PairScreen(*site_, admin_.token, "Second");
  const auto connect = [&](const PairedScreen& screen) {
    auto socket = std::make_unique<WsClient>(nginx_->port(), "/ws/device");
    socket->Send(R"({"type":"hello","token":")" + screen.token + "\"}");
    EXPECT_TRUE(NextFrame(*socket, "manifest")) << "a screen connects through the proxy";
    return socket;
  };
  const int before = OpenWebsockets(a_port_);
  auto first_socket = connect(first);
  const bool first_on_a = OpenWebsockets(a_port_) > before;
  std::unique_ptr<WsClient> second_socket;
  for (int i = 0; i < 4 && !second_socket; ++i) {
    const int was = OpenWebsockets(a_port_);
    auto socket = connect(second);
    if ((OpenWebsockets(a_port_) > was) != first_on_a) second_socket = std::move(socket);
  }
  ASSERT_TRUE(second_socket) << "round-robin put a screen on each instance";
  std::unique_ptr<WsClient>& on_a = first_on_a ? first_socket : second_socket;
  std::unique_ptr<WsClient>& on_b = first_on_a ? second_socket : first_socket;
  const std::string token_on_a = first_on_a ? first.token : second.token;

  // A publish through A reaches both, the one on B across Redis.
  const auto page = Call("POST", "/api/v1/content",
                         R"({"type":"webpage","title":"Menu","url":"https://example.com/m"})");
  ASSERT_EQ(page.status, 201) << page.body;
  const auto playlist =
      Call("POST", "/api/v1/playlists",
           R"({"name":"Menu","items":[{"contentId":")" +
               std::string(page.Json().at("content").at("id").as_string()) +
               R"(","duration":20},{"contentId":")" + image_id + R"(","duration":10}]})");
  ASSERT_EQ(playlist.status, 201) << playlist.body;
  NextGoesTo(a_port_);
  const auto published =
      Call("POST",
           "/api/v1/playlists/" + std::string(playlist.Json().at("playlist").at("id").as_string()) +
               "/instant-publish",
           R"({"allDevices":true})");
  ASSERT_EQ(published.status, 201) << published.body;
  EXPECT_EQ(published.Header("x-upstream"), Address(a_port_));
  const auto pushed_to_b = NextFrame(*on_b, "manifest");
  ASSERT_TRUE(pushed_to_b);
  ASSERT_EQ(pushed_to_b->at("playlists").as_array().size(), 1u);
  const auto pushed_to_a = NextFrame(*on_a, "manifest");
  ASSERT_TRUE(pushed_to_a);
  EXPECT_EQ(pushed_to_a->at("version"), pushed_to_b->at("version"));
  // A, which took the publish, timed its push to the screens (manifest_push_seconds).
  const std::string a_metrics = HttpClient(a_port_).Get("/metrics").body;
  const auto pushes = a_metrics.find("\nmanifest_push_seconds_count ");
  ASSERT_NE(pushes, std::string::npos);
  EXPECT_GE(std::stoi(a_metrics.substr(pushes + 29)), 1);

  // A dies (SIGKILL) while the user keeps creating content through the site. Everything the
  // site acknowledged is there afterwards; the screen that was on A reconnects through the
  // site and lands on B, with the manifest it had.
  std::atomic<bool> stop = false;
  std::vector<std::string> acknowledged;
  int refused = 0;
  std::thread writer([&] {
    HttpClient own(nginx_->port());
    for (int i = 0; !stop; ++i) {
      const auto created =
          own.Call(admin_.token, "POST", "/api/v1/content",
                   R"({"type":"webpage","title":"Page )" + std::to_string(i) +
                       R"(","url":"https://example.com/)" + std::to_string(i) + "\"}");
      if (created.status == 201) {
        acknowledged.emplace_back(created.Json().at("content").at("id").as_string());
      } else {
        ++refused;
      }
    }
  });
  std::this_thread::sleep_for(400ms);
  a_->Kill();
  std::this_thread::sleep_for(600ms);
  stop = true;
  writer.join();
  std::cout << acknowledged.size() << " pages acknowledged across the kill, " << refused
            << " refused\n";
  EXPECT_GT(acknowledged.size(), 10u);
  for (const auto& id : acknowledged) {
    EXPECT_EQ(Call("GET", "/api/v1/content/" + id).status, 200) << id;
  }
  EXPECT_FALSE(NextFrame(*on_a, "never", 2s)) << "A's screen lost its socket";
  WsClient reconnected(nginx_->port(), "/ws/device");
  reconnected.Send(R"({"type":"hello","token":")" + token_on_a + "\"}");
  const auto again = NextFrame(reconnected, "manifest");
  ASSERT_TRUE(again) << "the screen reconnects through the site, to B";
  EXPECT_EQ(again->at("version"), pushed_to_a->at("version"));
  EXPECT_EQ(Call("GET", "/api/v1/auth/me").Header("x-upstream"), Address(b_port_));
}

TEST_F(BehindNginx, PrometheusScrapesBothInstancesAndLoadsTheAlertRules) {
  if (!PrometheusServer::Available()) GTEST_SKIP() << "needs Prometheus (make test)";
  PrometheusServer prometheus(dir_.path() / "prometheus", {a_port_, b_port_});
  HttpClient api(prometheus.port());
  // Both targets up, as Prometheus itself reports after its first scrapes.
  json::array targets;
  for (auto deadline = std::chrono::steady_clock::now() + 20s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(200ms)) {
    targets = api.Get("/api/v1/targets").Json().at("data").at("activeTargets").as_array();
    const bool all_up = std::all_of(targets.begin(), targets.end(),
                                    [](const json::value& t) { return t.at("health") == "up"; });
    if (targets.size() == 2 && all_up) break;
  }
  ASSERT_EQ(targets.size(), 2u);
  for (const auto& t : targets) EXPECT_EQ(t.at("health"), "up") << json::serialize(t);

  // The shipped rules are loaded and evaluate without error against what the instances export.
  json::array groups;
  for (auto deadline = std::chrono::steady_clock::now() + 20s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(200ms)) {
    groups = api.Get("/api/v1/rules").Json().at("data").at("groups").as_array();
    bool evaluated = !groups.empty();
    for (const auto& g : groups) {
      for (const auto& r : g.at("rules").as_array()) {
        evaluated = evaluated && r.as_object().contains("lastEvaluation") &&
                    std::string_view(r.at("lastEvaluation").as_string()).substr(0, 4) != "0001";
      }
    }
    if (evaluated) break;
  }
  ASSERT_FALSE(groups.empty());
  std::size_t rules = 0;
  for (const auto& g : groups) {
    for (const auto& r : g.at("rules").as_array()) {
      ++rules;
      EXPECT_EQ(r.at("health"), "ok") << json::serialize(r);
    }
  }
  EXPECT_GE(rules, 8u);
  // Both instances export the runtime series; only B, which runs workers, the job queue's.
  const auto count = [&](const std::string& series) {
    const auto answer =
        api.Get("/api/v1/query?query=" + UriEncode("count(" + series + ")", false)).Json();
    const auto& result = answer.at("data").at("result").as_array();
    return result.empty() ? std::string("0")
                          : std::string(result.at(0).at("value").at(1).as_string());
  };
  EXPECT_EQ(count("up{job=\"vizora\"} == 1"), "2");
  EXPECT_EQ(count("db_pool_busy"), "2");
  EXPECT_EQ(count("bus_round_trip_seconds"), "2");
  EXPECT_EQ(count("jobs_due"), "1");
  // Every query of the shipped Grafana dashboard is valid PromQL over these series.
  std::ifstream file(DeployDir() / "grafana" / "vizora-dashboard.json");
  const auto dashboard =
      json::parse(std::string(std::istreambuf_iterator<char>(file), {})).as_object();
  for (const auto& panel : dashboard.at("panels").as_array()) {
    for (const auto& target : panel.at("targets").as_array()) {
      const std::string expr(target.at("expr").as_string());
      const auto answer = api.Get("/api/v1/query?query=" + UriEncode(expr, false)).Json();
      EXPECT_EQ(answer.at("status"), "success") << expr << ": " << json::serialize(answer);
    }
  }
}

}  // namespace
