// Faults from the outside (issue 22 "Faults"): what the server depends on goes away for a
// while and comes back. The server must keep answering (a clear 503 where it cannot), never
// hang, and heal by itself; screens must end up showing what the database says.
//
// Redis down: a Redis of the test's own (PrivateRedis) is stopped for REDIS_OUTAGE_SECONDS
// (default 60, the issue's figure) under a server that uses it for its bus and rate limits.
// PostgreSQL restarted: a cluster of the test's own (PrivatePostgres) is shut down (sessions
// cut) for 10 s and started again under a server that keeps running.
// The disk full: the server's data directory is a small tmpfs of the test's own, filled to
// the last byte while the server runs, then freed.
// A slow client: one address opens 1,000 connections and trickles its headers a byte a
// second (slowloris) while others use the server.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <tuple>

#include "tests/support/media_samples.hpp"
#include "tests/support/proxy_and_monitoring.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::chrono::seconds RedisOutage() {
  const char* text = std::getenv("REDIS_OUTAGE_SECONDS");
  return std::chrono::seconds(text != nullptr ? std::atoi(text) : 60);
}

bool HasInstant(const json::object& manifest, const std::string& publish_id) {
  for (const auto& segment : manifest.at("timeline").as_array()) {
    if (segment.at("source") == "instant" && segment.at("sourceId") == publish_id.c_str()) {
      return true;
    }
  }
  return false;
}

std::size_t Occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

struct Screen {
  PairedScreen paired;
  std::unique_ptr<WsClient> socket;
};

class RedisOutageTest : public ServerBackendTest {
 protected:
  void SetUp() override {
    if (!PrivateRedis::Available()) GTEST_SKIP() << "needs redis-server (make test installs it)";
    redis_.emplace(dir_.path() / "redis");
    ServerBackendTest::SetUp();
    if (IsSkipped()) return;
    admin_ = AccountFrom(Register("ada@example.com", "Acme"));
    const std::string page = CreateWebPage(*client_, admin_.token, "Menu");
    auto playlist =
        Call("POST", "/api/v1/playlists",
             R"({"name":"Menu","items":[{"contentId":")" + page + R"(","duration":20}]})");
    ASSERT_EQ(playlist.status, 201) << playlist.body;
    playlist_ = std::string(playlist.Json().at("playlist").at("id").as_string());
  }
  std::vector<std::string> ExtraServerArgs() const override { return {"--redis", redis_->url()}; }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return client_->Call(admin_.token, method, target, body);
  }

  // Paired and connected; returns once its first manifest arrived (into `first`).
  Screen Connect(const std::string& name, std::optional<json::object>& first) {
    Screen s{PairScreen(*client_, admin_.token, name), nullptr};
    s.socket = std::make_unique<WsClient>(server_->port(), "/ws/device");
    s.socket->Send(json::serialize(json::object{{"type", "hello"}, {"token", s.paired.token}}));
    EXPECT_TRUE(NextFrame(*s.socket, "welcome"));
    first = NextFrame(*s.socket, "manifest");
    return s;
  }

  static void Heartbeat(Screen& screen) {
    screen.socket->Send(R"({"type":"heartbeat","metrics":{"cpu":1}})");
  }

  Account admin_;
  std::string playlist_;
  std::optional<PrivateRedis> redis_;
};

TEST_P(RedisOutageTest, TheServerKeepsServingAndScreensConvergeWhenRedisReturns) {
  std::optional<json::object> first;
  Screen a = Connect("A", first);
  ASSERT_TRUE(first);
  const std::string before(first->at("version").as_string());

  WsClient dashboard(server_->port(), "/ws/admin", {{"Authorization", "Bearer " + admin_.token}});
  ASSERT_TRUE(NextFrame(dashboard, "welcome"));

  redis_->Stop();
  const auto outage_started = Clock::now();

  // Writes still land (the database is the truth) and answer promptly.
  auto asked = Clock::now();
  auto published = Call("POST", "/api/v1/playlists/" + playlist_ + "/instant-publish",
                        R"({"deviceIds":[")" + a.paired.id + R"("],"durationMinutes":60})");
  ASSERT_EQ(published.status, 201) << published.body;
  EXPECT_LT(Clock::now() - asked, 2s) << "a publish does not wait for Redis";
  const std::string publish_id(published.Json().at("instantPublish").at("id").as_string());

  // Sign-in still works and is still limited, by this instance alone meanwhile.
  auto login = client_->PostJson("/api/v1/auth/login",
                                 R"({"email":"ada@example.com","password":"correct horse"})");
  EXPECT_EQ(login.status, 200) << login.body;
  int refused = 0;
  for (int i = 0; i < 12; ++i) {
    auto wrong = client_->PostJson("/api/v1/auth/login",
                                   R"({"email":"ada@example.com","password":"wrong"})");
    refused += wrong.status == 429;
  }
  EXPECT_GT(refused, 0) << "the login limit holds without Redis";

  EXPECT_EQ(client_->Get("/healthz").status, 200);
  EXPECT_EQ(client_->Get("/readyz").status, 200) << "Redis is not the truth: stay in rotation";

  // A screen that connects meanwhile gets the change its instance made.
  std::optional<json::object> b_first;
  Screen b = Connect("B", b_first);
  ASSERT_TRUE(b_first) << "a screen connects while Redis is down";

  // Screens heartbeat through the outage (silence closes them after 45 s).
  while (Clock::now() - outage_started < RedisOutage()) {
    Heartbeat(a);
    Heartbeat(b);
    dashboard.Ping();  // a dashboard that says nothing for its idle timeout is closed
    EXPECT_EQ(client_->Get("/healthz").status, 200);
    std::this_thread::sleep_for(
        std::min<Clock::duration>(10s, RedisOutage() - (Clock::now() - outage_started) + 10ms));
  }

  redis_->Start();
  const auto back = Clock::now();
  // A missed the push while the bus was down; once the server is back on Redis it resends
  // from the database.
  auto converged = NextFrame(*a.socket, "manifest", 15s);
  ASSERT_TRUE(converged) << "A never got the publish made during the outage\n" << server_->Log();
  EXPECT_TRUE(HasInstant(*converged, publish_id));
  EXPECT_NE(converged->at("version").as_string(), before);
  std::printf(
      "screen converged %lld ms after Redis returned\n",
      static_cast<long long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - back).count()));

  // The dashboard may have missed events meanwhile: it is told to read its pages again.
  EXPECT_TRUE(NextFrame(dashboard, "resync", 5s)) << "the dashboard is told to resync";

  // And the bus works again: ending the publish reaches both screens at once.
  EXPECT_EQ(Call("DELETE", "/api/v1/instant-publishes/" + publish_id).status, 204);
  auto ended = NextFrame(*a.socket, "manifest", 5s);
  ASSERT_TRUE(ended) << "a change after the outage is pushed";
  EXPECT_FALSE(HasInstant(*ended, publish_id));

  // Limits are shared through Redis again (a request that takes a token says so in the log).
  EXPECT_EQ(client_
                ->PostJson("/api/v1/auth/login",
                           R"({"email":"nobody@example.com","password":"correct horse"})")
                .status,
            401);

  // Info lines reach the log within 50 ms (batched): wait for the last one expected.
  std::string log = server_->Log();
  for (int i = 0; i < 40 && Occurrences(log, "\"ratelimit.redis_back\"") == 0; ++i) {
    std::this_thread::sleep_for(50ms);
    log = server_->Log();
  }
  EXPECT_GE(Occurrences(log, "\"bus.resumed\""), 1u);
  EXPECT_EQ(Occurrences(log, "\"ratelimit.redis_unavailable\""), 1u)
      << "one warning per outage, not one per request";
  EXPECT_EQ(Occurrences(log, "\"ratelimit.redis_back\""), 1u);
}

long MillisSince(Clock::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

TEST(PostgresRestartTest, CallsGet503WhileItIsDownAndWorkAgainAfterwardsWithoutARestart) {
  if (!PrivatePostgres::Available()) GTEST_SKIP() << "needs PostgreSQL (make test installs it)";
  TempDir dir;
  PrivatePostgres postgres(dir.path() / "pg");
  ServerProcess server(dir.path() / "data", {"--database", postgres.url()});
  HttpClient client(server.port());
  const Account admin = AccountFrom(client.PostJson(
      "/api/v1/auth/register",
      R"({"email":"ada@example.com","password":"correct horse","firstName":"A","lastName":"L","organizationName":"Acme"})"));
  const std::string kept = CreateWebPage(client, admin.token, "Before the restart");
  const PairedScreen screen = PairScreen(client, admin.token, "Lobby");
  WsClient socket(server.port(), "/ws/device");
  socket.Send(json::serialize(json::object{{"type", "hello"}, {"token", screen.token}}));
  ASSERT_TRUE(NextFrame(socket, "manifest"));

  postgres.Stop();
  const auto down = Clock::now();
  // Every call that needs the database: 503 UNAVAILABLE at once, never a hang or a 500.
  for (const auto& [method, target, body] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"GET", "/api/v1/content", ""},
           {"POST", "/api/v1/content",
            R"({"type":"webpage","title":"During","url":"https://example.com/during"})"},
           {"GET", "/api/v1/devices", ""}}) {
    const auto asked = Clock::now();
    auto answer = client.Call(admin.token, method, target, body);
    EXPECT_EQ(answer.status, 503) << method << " " << target << ": " << answer.body;
    EXPECT_EQ(ErrorCode(answer), "UNAVAILABLE");
    EXPECT_LT(MillisSince(asked), 5000) << method << " " << target;
  }
  EXPECT_EQ(client.Get("/healthz").status, 200) << "the process is alive";
  EXPECT_EQ(client.Get("/readyz").status, 503) << "but out of rotation";
  // The screen keeps its socket (heartbeats are kept for later, not lost with an error).
  socket.Send(R"({"type":"heartbeat","metrics":{"cpu":1}})");
  EXPECT_TRUE(NextFrame(socket, "heartbeat:ack"));
  std::this_thread::sleep_for(10s - (Clock::now() - down));

  postgres.Start();
  const auto back = Clock::now();
  // Healed by itself: ready again, reads and writes work, nothing was lost or half-written.
  while (client.Get("/readyz").status != 200 && MillisSince(back) < 20'000) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(client.Get("/readyz").status, 200) << server.Log();
  std::printf("ready again %ld ms after PostgreSQL started\n", MillisSince(back));
  auto made =
      client.Call(admin.token, "POST", "/api/v1/content",
                  R"({"type":"webpage","title":"After","url":"https://example.com/after"})");
  EXPECT_EQ(made.status, 201) << made.body;
  auto items = client.Call(admin.token, "GET", "/api/v1/content").Json().at("items").as_array();
  std::vector<std::string> titles;
  for (const auto& item : items) titles.emplace_back(item.at("title").as_string());
  EXPECT_EQ(titles.size(), 2u) << "the one refused during the restart left nothing";
  EXPECT_NE(std::find(titles.begin(), titles.end(), "Before the restart"), titles.end()) << kept;
  EXPECT_NE(std::find(titles.begin(), titles.end(), "After"), titles.end());
  socket.Send(R"({"type":"heartbeat","metrics":{"cpu":1}})");
  EXPECT_TRUE(NextFrame(socket, "heartbeat:ack")) << "the screen stayed connected throughout";
}

// A connection from `source` that has sent `bytes`; -1 when it could not connect.
int OpenFrom(const std::string& source, unsigned short port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{}, remote{};
  local.sin_family = remote.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  remote.sin_port = htons(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    ::close(fd);
    return -1;
  }
  (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  return fd;
}

// Whether the server has closed `fd` (it may have answered first); never blocks.
bool ClosedByServer(int fd) {
  char buffer[512];
  while (true) {
    const auto n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n == 0) return true;
    if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
  }
}

TEST(SlowClientTest, OneAddressHoldingAThousandTricklingConnectionsCannotStarveTheOthers) {
  TempDir dir;
  // Not behind a proxy: every peer is a client (loopback would be a trusted proxy otherwise).
  ServerProcess server(dir.path() / "data",
                       {"--max-connections", "1200", "--trusted-proxies", "none"});
  HttpClient client(server.port());
  const Account admin = AccountFrom(client.PostJson(
      "/api/v1/auth/register",
      R"({"email":"ada@example.com","password":"correct horse","firstName":"A","lastName":"L","organizationName":"Acme"})"));

  std::vector<int> slow;
  for (int i = 0; i < 1000; ++i) {
    const int fd = OpenFrom("127.0.0.9", server.port(), "GET /api/v1/version HTTP/1.1\r\nHost: x");
    ASSERT_GE(fd, 0) << i;
    slow.push_back(fd);
  }
  const auto opened = Clock::now();
  auto trickle = [&] {
    for (const int fd : slow) (void)::send(fd, "x", 1, MSG_NOSIGNAL | MSG_DONTWAIT);
  };
  std::this_thread::sleep_for(500ms);
  std::size_t refused = 0;
  for (const int fd : slow) refused += ClosedByServer(fd);
  // Its share is half of --max-connections; the rest are turned away at once.
  EXPECT_GE(refused, 350u) << "one address holds no more than its share";
  EXPECT_LT(refused, 1000u);

  // Everyone else is served as usual meanwhile.
  long worst = 0;
  for (int i = 0; i < 20; ++i) {
    trickle();
    const auto asked = Clock::now();
    EXPECT_EQ(client.Call(admin.token, "GET", "/api/v1/content").status, 200);
    EXPECT_EQ(client.Get("/healthz").status, 200);
    worst = std::max(worst, MillisSince(asked));
    std::this_thread::sleep_for(250ms);
  }
  EXPECT_LT(worst, 1000) << "the server's loops are not held by the slow client";
  HttpClient newcomer(server.port(), "127.0.0.1", "127.0.0.3");
  EXPECT_EQ(newcomer.Get("/api/v1/version").status, 200) << "a new address gets in";

  // Headers must be whole within 10 s, trickle or not: every slow connection is cut.
  std::size_t open = slow.size();
  while (open > 0 && Clock::now() - opened < 15s) {
    trickle();
    std::this_thread::sleep_for(1s);
    open = 0;
    for (const int fd : slow) open += !ClosedByServer(fd);
  }
  EXPECT_EQ(open, 0u) << "still held after " << MillisSince(opened) << " ms";
  std::printf("slow connections all cut %ld ms after they opened\n", MillisSince(opened));
  for (const int fd : slow) ::close(fd);

  // And the address is welcome again once it behaves.
  HttpClient reformed(server.port(), "127.0.0.1", "127.0.0.9");
  EXPECT_EQ(reformed.Get("/api/v1/version").status, 200);
}

// A small filesystem of the test's own (tmpfs), unmounted at the end. Needs root (make test
// runs as root here and in CI); otherwise the test is skipped.
class SmallDisk {
 public:
  SmallDisk(const std::filesystem::path& at, const std::string& size) : at_(at) {
    std::filesystem::create_directories(at_);
    const std::string command =
        "mount -t tmpfs -o size=" + size + " tmpfs '" + at_.string() + "' 2>/dev/null";
    mounted_ = ::geteuid() == 0 && std::system(command.c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) (void)std::system(("umount -l '" + at_.string() + "'").c_str());
  }
  bool mounted() const { return mounted_; }
  // Writes a file until the disk refuses more.
  void Fill() {
    std::FILE* f = std::fopen((at_ / "filler").c_str(), "wb");
    const std::string block(64 * 1024, 'x');
    while (std::fwrite(block.data(), 1, block.size(), f) == block.size()) {
    }
    std::fclose(f);
    // What the block writes left: byte by byte.
    f = std::fopen((at_ / "filler-tail").c_str(), "wb");
    while (std::fputc('x', f) != EOF && std::fflush(f) == 0) {
    }
    std::fclose(f);
  }
  void Free() {
    std::filesystem::remove(at_ / "filler");
    std::filesystem::remove(at_ / "filler-tail");
  }

 private:
  std::filesystem::path at_;
  bool mounted_ = false;
};

std::size_t ContentCount(HttpClient& client, const std::string& token) {
  return client.Call(token, "GET", "/api/v1/content").Json().at("items").as_array().size();
}

TEST(DiskFullTest, WritesGetAClear503ReadsGoOnAndAllIsWellOnceThereIsRoom) {
  TempDir dir;
  SmallDisk disk(dir.path() / "data", "24m");
  if (!disk.mounted()) GTEST_SKIP() << "needs root to mount a small tmpfs";
  ServerProcess server(dir.path() / "data");
  HttpClient client(server.port());
  const Account admin = AccountFrom(client.PostJson(
      "/api/v1/auth/register",
      R"({"email":"ada@example.com","password":"correct horse","firstName":"A","lastName":"L","organizationName":"Acme"})"));
  CreateWebPage(client, admin.token, "Before");
  MakeImage(dir.path() / "photo.jpg", 640, 480);
  const std::string photo = ReadFile(dir.path() / "photo.jpg");
  auto upload = [&] {
    return client.Send(
        {"POST",
         "/api/v1/content",
         Multipart({{"file", photo, "photo.jpg", "image/jpeg"}}),
         {{"Authorization", "Bearer " + admin.token},
          {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}});
  };
  const std::size_t files_before = FilesUnder(dir.path() / "data" / "blobs");

  disk.Fill();
  for (int i = 0; i < 3; ++i) {
    auto page = client.Call(admin.token, "POST", "/api/v1/content",
                            R"({"type":"webpage","title":"Full","url":"https://example.com/f"})");
    EXPECT_EQ(page.status, 503) << page.body;
    EXPECT_EQ(ErrorCode(page), "UNAVAILABLE") << page.body;
    auto uploaded = upload();
    EXPECT_EQ(uploaded.status, 503) << uploaded.body;
    EXPECT_EQ(ErrorCode(uploaded), "UNAVAILABLE") << uploaded.body;
  }
  EXPECT_EQ(ContentCount(client, admin.token), 1u) << "reads go on; nothing half-written";
  EXPECT_EQ(FilesUnder(dir.path() / "data" / "blobs"), files_before) << "no orphan files";
  EXPECT_EQ(client.Get("/healthz").status, 200);

  disk.Free();
  auto page = client.Call(admin.token, "POST", "/api/v1/content",
                          R"({"type":"webpage","title":"After","url":"https://example.com/a"})");
  EXPECT_EQ(page.status, 201) << page.body;
  auto uploaded = upload();
  EXPECT_EQ(uploaded.status, 201) << uploaded.body;
  EXPECT_EQ(ContentCount(client, admin.token), 3u);
}

INSTANTIATE_TEST_SUITE_P(Backends, RedisOutageTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
