// Screens from the outside (API.md "Devices", "WebSocket: devices", "WebSocket: dashboards"):
// pairing, quota, devices and groups, device tokens, the device socket, commands, unpairing,
// and what dashboards hear. Every case runs on SQLite and on PostgreSQL.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "platform/store/database.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

struct Ticket {
  std::string code, secret;
};

struct PairedDevice {
  std::string id, token;
};

json::value Parse(const std::string& text) {
  return json::parse(text);
}

// Reads until the socket closes; returns the close code (or nullopt if it stayed open).
std::optional<int> WaitClosed(WsClient& ws, std::chrono::milliseconds wait = 3000ms) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!ws.Read(std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()))) {
      return ws.close_code();
    }
  }
  return std::nullopt;
}

class DevicesTest : public ServerBackendTest {
 protected:
  void SetUp() override {
    ServerBackendTest::SetUp();
    if (IsSkipped()) return;
    admin_ = AccountFrom(Register("ada@example.com", "Acme"));
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return client_->Call(admin_.token, method, target, body);
  }

  Ticket RequestCode() {
    auto r = client_->PostJson("/api/v1/devices/pairing/request",
                               R"({"metadata":{"userAgent":"test","platform":"linux"}})");
    EXPECT_EQ(r.status, 201) << r.body;
    const auto v = r.Json();
    return {std::string(v.at("code").as_string()), std::string(v.at("pairingSecret").as_string())};
  }

  HttpResponse Poll(HttpClient& client, const Ticket& t, int wait = 0) {
    return client.Send(
        {"GET",
         "/api/v1/devices/pairing/status?code=" + t.code + "&wait=" + std::to_string(wait),
         {},
         {{"X-Pairing-Secret", t.secret}}});
  }

  HttpResponse Complete(const std::string& code, const std::string& extra = "") {
    return Call("POST", "/api/v1/devices/pairing/complete",
                R"({"code":")" + code + "\"" + extra + "}");
  }

  PairedDevice Pair(const std::string& nickname = "Lobby") {
    const Ticket t = RequestCode();
    auto done = Complete(t.code, R"(,"nickname":")" + nickname + "\"");
    EXPECT_EQ(done.status, 201) << done.body;
    auto status = Poll(*client_, t);
    EXPECT_EQ(status.status, 200) << status.body;
    const auto v = status.Json();
    EXPECT_EQ(v.at("status"), "paired");
    return {std::string(v.at("deviceId").as_string()),
            std::string(v.at("deviceToken").as_string())};
  }

  std::unique_ptr<WsClient> Connect(const std::string& token) {
    auto ws = std::make_unique<WsClient>(server_->port(), "/ws/device");
    ws->Send(json::serialize(json::object{
        {"type", "hello"},
        {"token", token},
        {"player", {{"version", "test"}, {"screen", {{"width", 1920}, {"height", 1080}}}}}}));
    return ws;
  }

  std::unique_ptr<WsClient> ConnectDashboard(const std::string& token) {
    return std::make_unique<WsClient>(
        server_->port(), "/ws/admin",
        std::vector<std::pair<std::string, std::string>>{{"Authorization", "Bearer " + token}});
  }

  json::value GetDevice(const std::string& id) {
    auto r = Call("GET", "/api/v1/devices/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.Json().at("device");
  }

  // Polls the device until `predicate` holds (writes are batched: up to a few hundred ms).
  template <class Predicate>
  json::value WaitForDevice(const std::string& id, Predicate predicate) {
    json::value device;
    for (int i = 0; i < 100; ++i) {
      device = GetDevice(id);
      if (predicate(device)) return device;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "device never reached the expected state: " << json::serialize(device);
    return device;
  }

  Account admin_;
};

TEST_P(DevicesTest, PairingRequestGivesACodeAndAQrCode) {
  auto r = client_->PostJson("/api/v1/devices/pairing/request", "{}");
  ASSERT_EQ(r.status, 201) << r.body;
  const auto v = r.Json();
  const std::string code(v.at("code").as_string());
  EXPECT_EQ(code.size(), 6u);
  EXPECT_EQ(code.find_first_of("01OI"), std::string::npos);
  EXPECT_TRUE(std::string(v.at("qrCode").as_string()).starts_with("data:image/svg+xml"));
  const auto via_name =
      client_
          ->Send({"POST",
                  "/api/v1/devices/pairing/request",
                  "{}",
                  {{"Host", "screens.local:8080"}, {"Content-Type", "application/json"}}})
          .Json();
  EXPECT_EQ(std::string(via_name.at("pairingUrl").as_string()),
            "http://screens.local:8080/pair?code=" + std::string(via_name.at("code").as_string()))
      << "the Host the screen used";
  ServerProcess behind_proxy(dir_.path() / "proxied",
                             {"--database", database_, "--public-url", "https://signage.example"});
  HttpClient proxied(behind_proxy.port());
  const auto named = proxied.PostJson("/api/v1/devices/pairing/request", "{}").Json();
  EXPECT_EQ(std::string(named.at("pairingUrl").as_string()),
            "https://signage.example/pair?code=" + std::string(named.at("code").as_string()));
  EXPECT_GE(std::string(v.at("pairingSecret").as_string()).size(), 24u);
  // No body at all is fine too; bad metadata is not.
  EXPECT_EQ(client_->Send({"POST", "/api/v1/devices/pairing/request", "", {}}).status, 201);
  auto bad = client_->PostJson("/api/v1/devices/pairing/request", R"({"metadata":"x"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorCode(bad), "VALIDATION_001");
}

TEST_P(DevicesTest, PairingRequestsAreLimitedPerAddress) {
  int created = 0, limited = 0;
  for (int i = 0; i < 32; ++i) {
    const auto r = client_->PostJson("/api/v1/devices/pairing/request", "{}");
    created += r.status == 201;
    if (r.status == 429) {
      ++limited;
      EXPECT_EQ(ErrorCode(r), "RATE_LIMIT");
      EXPECT_FALSE(r.Header("retry-after").empty());
    }
  }
  EXPECT_EQ(created, 30);
  EXPECT_EQ(limited, 2);
}

TEST_P(DevicesTest, LongPollIsAnsweredAsSoonAsAnAdminCompletes) {
  const Ticket t = RequestCode();
  auto pending = Poll(*client_, t, 0);
  ASSERT_EQ(pending.status, 200);
  EXPECT_EQ(pending.Json().at("status"), "pending");

  std::atomic<long long> answered_at{0};
  HttpResponse answer;
  std::thread screen([&] {
    HttpClient own(server_->port());
    answer = Poll(own, t, 20);
    answered_at = std::chrono::steady_clock::now().time_since_epoch().count();
  });
  std::this_thread::sleep_for(300ms);  // the poll is waiting
  const auto completed = std::chrono::steady_clock::now();
  auto done =
      Complete(t.code, R"(,"nickname":"Hall","location":"Floor 1","timezone":"Europe/Paris")");
  screen.join();
  ASSERT_EQ(done.status, 201) << done.body;
  const auto device = done.Json().at("device");
  EXPECT_EQ(device.at("nickname"), "Hall");
  EXPECT_EQ(device.at("timezone"), "Europe/Paris");
  EXPECT_EQ(device.at("status"), "pairing");
  EXPECT_EQ(device.at("metadata").at("platform"), "linux");

  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto paired = answer.Json();
  EXPECT_EQ(paired.at("status"), "paired");
  EXPECT_EQ(paired.at("deviceId"), device.at("id"));
  EXPECT_EQ(paired.at("organizationId"), admin_.organization_id.c_str());
  EXPECT_EQ(paired.at("config").at("heartbeatInterval"), 15000);
  const auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::duration(answered_at.load()) - completed.time_since_epoch());
  std::cout << "pairing long-poll answered " << latency.count() << " ms after completion\n";
  EXPECT_LT(latency.count(), 1000) << "the completion wakes the poll; it does not time out";
  // Collected: the device is offline (not yet connected) rather than pairing.
  EXPECT_EQ(GetDevice(std::string(paired.at("deviceId").as_string())).at("status"), "offline");
}

TEST_P(DevicesTest, CodesAreSingleUseAndSecretsRevealNothing) {
  const Ticket t = RequestCode();
  Ticket wrong = t;
  wrong.secret = "not-the-secret";
  auto refused = Poll(*client_, wrong);
  EXPECT_EQ(refused.status, 404);
  EXPECT_EQ(ErrorCode(refused), "DEVICE_001");
  EXPECT_EQ(ErrorCode(Poll(*client_, {"ZZZZZZ", t.secret})), "DEVICE_001");
  EXPECT_EQ(ErrorCode(Poll(*client_, {"bad!", t.secret})), "DEVICE_001");
  EXPECT_EQ(ErrorCode(Complete("ZZZZZZ")), "DEVICE_001");
  EXPECT_EQ(ErrorCode(Complete("abc")), "DEVICE_001");
  EXPECT_EQ(Poll(*client_, t, 31).status, 400) << "wait is at most 30 s";
  // A group of no one's is 422 naming it, and leaves the code usable.
  const std::string nobody = "00000000-0000-7000-8000-000000000000";
  auto foreign = Complete(t.code, R"(,"groupIds":[")" + nobody + R"("])");
  EXPECT_EQ(foreign.status, 422) << foreign.body;
  EXPECT_EQ(ErrorCode(foreign), "VALIDATION_002");
  EXPECT_EQ(foreign.Json().at("error").at("details").at("ids").at(0), nobody.c_str());

  ASSERT_EQ(Complete(t.code).status, 201);
  auto again = Complete(t.code);
  EXPECT_EQ(again.status, 404) << "a completed code cannot pair a second screen";
  EXPECT_EQ(ErrorCode(again), "DEVICE_001");
  // Lower case is the same code.
  std::string lower = t.code;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto collected = Poll(*client_, {lower, t.secret});
  ASSERT_EQ(collected.status, 200) << collected.body;
  EXPECT_EQ(collected.Json().at("status"), "paired");
  auto twice = Poll(*client_, t);
  EXPECT_EQ(twice.status, 404) << "the token is handed out once";
  EXPECT_EQ(ErrorCode(twice), "DEVICE_001");
}

TEST_P(DevicesTest, ExpiredCodesPairNothing) {
  const Ticket t = RequestCode();
  // Five minutes, as the server's clock sees them: the row is aged instead of waiting.
  auto db = platform::store::Database::Open(database_, {.pool_size = 1});
  db->TransactBlocking([&](platform::store::Connection& c) {
    c.Execute("UPDATE pairing_requests SET expires_at = expires_at - 300001 WHERE code = $1",
              {t.code});
  });
  EXPECT_EQ(ErrorCode(Poll(*client_, t)), "DEVICE_001");
  auto late = Complete(t.code);
  EXPECT_EQ(late.status, 404);
  EXPECT_EQ(ErrorCode(late), "DEVICE_001");
  EXPECT_TRUE(Call("GET", "/api/v1/devices").Json().at("items").as_array().empty());
}

TEST_P(DevicesTest, ScreenQuotaHoldsUnderConcurrentCompletions) {
  // A new organization's plan has 5 screens.
  std::vector<Ticket> tickets;
  for (int i = 0; i < 8; ++i) tickets.push_back(RequestCode());
  std::atomic<int> created{0}, refused{0};
  std::vector<std::thread> admins;
  std::vector<HttpResponse> refusals(tickets.size());
  for (std::size_t i = 0; i < tickets.size(); ++i) {
    admins.emplace_back([&, i] {
      HttpClient own(server_->port());
      auto r = own.Call(admin_.token, "POST", "/api/v1/devices/pairing/complete",
                        R"({"code":")" + tickets[i].code + "\"}");
      if (r.status == 201) {
        ++created;
      } else {
        refusals[i] = r;
        ++refused;
      }
    });
  }
  for (auto& t : admins) t.join();
  EXPECT_EQ(created.load(), 5);
  EXPECT_EQ(refused.load(), 3);
  for (const auto& r : refusals) {
    if (r.status == 0) continue;
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(ErrorCode(r), "DEVICE_003");
    const auto details = r.Json().at("error").at("details");
    EXPECT_EQ(details.at("currentDevices"), 5);
    EXPECT_EQ(details.at("quota"), 5);
    EXPECT_EQ(details.at("subscriptionTier"), "free");
    // The limit, and the cheapest plan that lifts it.
    EXPECT_EQ(details.at("limit"), "screens");
    EXPECT_EQ(details.at("upgradeTo"), "basic");
  }
  auto list = Call("GET", "/api/v1/devices?limit=200");
  EXPECT_EQ(list.Json().at("items").as_array().size(), 5u);
}

TEST_P(DevicesTest, ListFiltersSearchesAndPages) {
  auto group = Call("POST", "/api/v1/device-groups", R"({"name":"Windows"})");
  ASSERT_EQ(group.status, 201) << group.body;
  const std::string group_id(group.Json().at("group").at("id").as_string());
  const auto a = Pair("Front window");
  const auto b = Pair("Back office");
  const auto c = Pair("Side 100%_window");
  ASSERT_EQ(
      Call("PATCH", "/api/v1/devices/" + a.id, R"({"groupIds":[")" + group_id + R"("]})").status,
      200);

  auto ids_of = [](const HttpResponse& r) {
    std::vector<std::string> ids;
    const auto page = r.Json();
    for (const auto& d : page.at("items").as_array()) ids.emplace_back(d.at("id").as_string());
    return ids;
  };
  EXPECT_EQ(ids_of(Call("GET", "/api/v1/devices")), (std::vector<std::string>{a.id, b.id, c.id}));
  EXPECT_EQ(ids_of(Call("GET", "/api/v1/devices?q=WINDOW")),
            (std::vector<std::string>{a.id, c.id}));
  EXPECT_EQ(ids_of(Call("GET", "/api/v1/devices?q=100%25_")), (std::vector<std::string>{c.id}))
      << "LIKE wildcards in the search are literal";
  EXPECT_EQ(ids_of(Call("GET", "/api/v1/devices?groupId=" + group_id)),
            (std::vector<std::string>{a.id}));
  EXPECT_EQ(ids_of(Call("GET", "/api/v1/devices?status=offline")).size(), 3u);
  EXPECT_TRUE(ids_of(Call("GET", "/api/v1/devices?status=online")).empty());
  EXPECT_EQ(Call("GET", "/api/v1/devices?status=sleeping").status, 400);

  auto first = Call("GET", "/api/v1/devices?limit=2");
  EXPECT_EQ(ids_of(first), (std::vector<std::string>{a.id, b.id}));
  const std::string cursor(first.Json().at("nextCursor").as_string());
  auto second = Call("GET", "/api/v1/devices?limit=2&cursor=" + cursor);
  EXPECT_EQ(ids_of(second), (std::vector<std::string>{c.id}));
  EXPECT_TRUE(second.Json().at("nextCursor").is_null());
  EXPECT_EQ(GetDevice(a.id).at("groupIds").as_array().size(), 1u);
}

TEST_P(DevicesTest, ListSortsByNameOrLastSeenAcrossPages) {
  const auto delta = Pair("delta");
  const auto alpha = Pair("Alpha");
  const auto charlie = Pair("charlie");
  const auto bravo = Pair("Bravo");
  auto page_of = [](const HttpResponse& r) {
    std::vector<std::string> names;
    const auto page = r.Json();
    for (const auto& d : page.at("items").as_array())
      names.emplace_back(d.at("nickname").as_string());
    const auto& next = page.at("nextCursor");
    return std::make_pair(names, next.is_null() ? std::string() : std::string(next.as_string()));
  };
  // By name, case aside, three at a time.
  const auto [first, cursor] = page_of(Call("GET", "/api/v1/devices?sort=name&limit=3"));
  EXPECT_EQ(first, (std::vector<std::string>{"Alpha", "Bravo", "charlie"}));
  ASSERT_FALSE(cursor.empty());
  const auto [rest, end] =
      page_of(Call("GET", "/api/v1/devices?sort=name&limit=3&cursor=" + cursor));
  EXPECT_EQ(rest, (std::vector<std::string>{"delta"}));
  EXPECT_TRUE(end.empty());
  // A cursor is for the sort it was made in.
  const auto mixed = Call("GET", "/api/v1/devices?sort=paired&limit=3&cursor=" + cursor);
  EXPECT_EQ(mixed.status, 400) << mixed.body;
  EXPECT_EQ(Call("GET", "/api/v1/devices?sort=size").status, 400);

  // The most recently heard from first, never heard from last (in the order of their ids).
  for (const auto* d : {&charlie, &alpha}) {
    auto ws = Connect(d->token);
    ASSERT_TRUE(NextFrame(*ws, "welcome"));
    WaitForDevice(d->id, [](const json::value& v) { return v.at("lastHeartbeat").is_string(); });
    std::this_thread::sleep_for(20ms);  // distinct heartbeat times
  }
  std::vector<std::string> seen;
  std::string next;
  do {
    const auto [names, after] = page_of(Call(
        "GET", "/api/v1/devices?sort=lastSeen&limit=1" + (next.empty() ? "" : "&cursor=" + next)));
    seen.insert(seen.end(), names.begin(), names.end());
    next = after;
  } while (!next.empty() && seen.size() < 10);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(seen.begin(), seen.begin() + 2),
            (std::vector<std::string>{"Alpha", "charlie"}));
  const std::vector<std::string> never(seen.begin() + 2, seen.end());
  EXPECT_EQ(never, (delta.id < bravo.id ? std::vector<std::string>{"delta", "Bravo"}
                                        : std::vector<std::string>{"Bravo", "delta"}));
}

TEST_P(DevicesTest, PatchValidatesEveryFieldAndIsAudited) {
  const auto d = Pair();
  auto ok = Call("PATCH", "/api/v1/devices/" + d.id,
                 R"({"nickname":"Entrance","location":"Hall","timezone":"America/New_York"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.Json().at("device").at("nickname"), "Entrance");
  EXPECT_EQ(ok.Json().at("device").at("timezone"), "America/New_York");
  // Malformed is 400 VALIDATION_001; well-formed but naming what does not exist (a zone, a
  // group or playlist of no one's or of another organization) is 422 VALIDATION_002.
  struct Case {
    std::string body, field;
    int status;
  };
  const std::string nobody = "00000000-0000-7000-8000-000000000000";
  for (const auto& c : std::vector<Case>{
           {R"({"timezone":"Mars/Olympus"})", "timezone", 422},
           {R"({"nickname":""})", "nickname", 400},
           {R"({"nickname":")" + std::string(101, 'x') + "\"}", "nickname", 400},
           {R"({"groupIds":[")" + nobody + R"("]})", "groupIds", 422},
           {R"({"groupIds":"x"})", "groupIds", 400},
           {R"({"defaultPlaylistId":")" + nobody + R"("})", "defaultPlaylistId", 422},
       }) {
    auto r = Call("PATCH", "/api/v1/devices/" + d.id, c.body);
    EXPECT_EQ(r.status, c.status) << c.body << " " << r.body;
    EXPECT_EQ(r.Json().at("error").at("details").at("field"), c.field.c_str()) << c.body;
    if (c.status == 422) {
      EXPECT_EQ(ErrorCode(r), "VALIDATION_002") << r.body;
      if (c.field != "timezone") {
        EXPECT_EQ(r.Json().at("error").at("details").at("ids").at(0), nobody.c_str()) << r.body;
      }
    }
  }
  EXPECT_EQ(GetDevice(d.id).at("nickname"), "Entrance") << "refused patches change nothing";
  EXPECT_EQ(Call("PATCH", "/api/v1/devices/not-a-uuid", R"({"nickname":"x"})").status, 404);
  auto audit = Call("GET", "/api/v1/audit-logs?action=device.updated");
  EXPECT_EQ(audit.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(
      Call("GET", "/api/v1/audit-logs?action=device.paired").Json().at("items").as_array().size(),
      1u);
}

TEST_P(DevicesTest, GroupsCrudWithUniqueNames) {
  auto created = Call("POST", "/api/v1/device-groups", R"({"name":"Lobby"})");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id(created.Json().at("group").at("id").as_string());
  auto dup = Call("POST", "/api/v1/device-groups", R"({"name":"Lobby"})");
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(ErrorCode(dup), "CONFLICT_004");
  ASSERT_EQ(Call("POST", "/api/v1/device-groups", R"({"name":"Bar"})").status, 201);
  EXPECT_EQ(ErrorCode(Call("PATCH", "/api/v1/device-groups/" + id, R"({"name":"Bar"})")),
            "CONFLICT_004");
  auto renamed = Call("PATCH", "/api/v1/device-groups/" + id, R"({"name":"Entrance"})");
  ASSERT_EQ(renamed.status, 200);
  EXPECT_EQ(renamed.Json().at("group").at("name"), "Entrance");
  const auto d = Pair();
  ASSERT_EQ(Call("PATCH", "/api/v1/devices/" + d.id, R"({"groupIds":[")" + id + R"("]})").status,
            200);
  auto list = Call("GET", "/api/v1/device-groups");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Json().at("items").as_array().size(), 2u);
  EXPECT_EQ(list.Json().at("items").as_array()[0].at("deviceCount"), 1);
  EXPECT_EQ(Call("DELETE", "/api/v1/device-groups/" + id).status, 204);
  EXPECT_EQ(Call("DELETE", "/api/v1/device-groups/" + id).status, 404);
  EXPECT_TRUE(GetDevice(d.id).at("groupIds").as_array().empty()) << "the screen stays, ungrouped";
  EXPECT_EQ(Call("POST", "/api/v1/device-groups", R"({"name":""})").status, 400);
}

TEST_P(DevicesTest, DeviceAndAdminTokensAreNotInterchangeable) {
  const auto d = Pair();
  auto manifest = client_->Call(d.token, "GET", "/api/v1/device/manifest");
  ASSERT_EQ(manifest.status, 200) << manifest.body;
  const auto m = manifest.Json();
  // Nothing scheduled: one idle segment over the whole horizon, nothing to fetch.
  ASSERT_EQ(m.at("timeline").as_array().size(), 1u);
  EXPECT_EQ(m.at("timeline").at(0).at("source"), "idle");
  EXPECT_TRUE(m.at("playlists").as_array().empty());
  const std::string etag = manifest.Header("etag");
  ASSERT_FALSE(etag.empty());
  auto unchanged =
      client_->Send({"GET",
                     "/api/v1/device/manifest",
                     {},
                     {{"Authorization", "Bearer " + d.token}, {"If-None-Match", etag}}});
  EXPECT_EQ(unchanged.status, 304);

  EXPECT_EQ(client_->Call(admin_.token, "GET", "/api/v1/device/manifest").status, 401);
  EXPECT_EQ(client_->Call(d.token, "GET", "/api/v1/devices").status, 401);
  EXPECT_EQ(client_->Call(d.token, "GET", "/api/v1/auth/me").status, 401);
  EXPECT_EQ(client_->Get("/api/v1/device/manifest").status, 401);
}

TEST_P(DevicesTest, SocketSaysWelcomeManifestAndAcknowledgesHeartbeats) {
  const auto d = Pair();
  auto ws = Connect(d.token);
  auto welcome = NextFrame(*ws, "welcome");
  ASSERT_TRUE(welcome);
  EXPECT_EQ(welcome->at("deviceId"), d.id.c_str());
  EXPECT_EQ(welcome->at("organizationId"), admin_.organization_id.c_str());
  EXPECT_EQ(welcome->at("heartbeatInterval"), 15000);
  EXPECT_TRUE(welcome->at("serverTime").is_string());
  auto manifest = NextFrame(*ws, "manifest");
  ASSERT_TRUE(manifest);
  EXPECT_TRUE(manifest->at("version").is_string());
  WaitForDevice(d.id, [](const json::value& v) { return v.at("status") == "online"; });

  ws->Send(
      R"({"type":"heartbeat","metrics":{"cpu":12.5,"memory":40,"storageUsed":1024,"latencyMs":18},"currentContent":{"playlistId":"p1","contentId":"c1"}})");
  auto ack = NextFrame(*ws, "heartbeat:ack");
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->at("nextHeartbeatIn"), 15000);
  const auto device =
      WaitForDevice(d.id, [](const json::value& v) { return !v.at("currentContent").is_null(); });
  EXPECT_EQ(device.at("status"), "online");
  EXPECT_EQ(device.at("currentContent").at("contentId"), "c1");
  EXPECT_EQ(device.at("metrics").at("latencyMs"), 18);
  EXPECT_EQ(device.at("player").at("version"), "test");
  EXPECT_TRUE(device.at("lastHeartbeat").is_string());
  // The history keeps every heartbeat (written in batches, so it may take a moment).
  auto db = platform::store::Database::Open(database_, {.pool_size = 1});
  std::int64_t kept = 0;
  for (int i = 0; i < 100 && kept == 0; ++i, std::this_thread::sleep_for(50ms)) {
    kept = db->ReadBlocking([&](platform::store::Connection& c) {
      return c
          .Query("SELECT COUNT(*) FROM heartbeats WHERE device_id = $1 AND latency_ms = 18",
                 {d.id})[0]
          .Int(0);
    });
  }
  EXPECT_EQ(kept, 1);

  ws->Close();
  WaitForDevice(d.id, [](const json::value& v) { return v.at("status") == "offline"; });
}

TEST_P(DevicesTest, BadTokensAndMissingHellosAreClosed) {
  auto bad = Connect("not-a-device-token");
  EXPECT_EQ(WaitClosed(*bad), 4401);
  auto admin_token = Connect(admin_.token);
  EXPECT_EQ(WaitClosed(*admin_token), 4401) << "an admin token is not a device token";
  WsClient garbage_hello(server_->port(), "/ws/device");
  garbage_hello.Send(R"({"type":"hello"})");
  EXPECT_EQ(WaitClosed(garbage_hello), 4401);

  WsClient silent(server_->port(), "/ws/device");
  const auto opened = std::chrono::steady_clock::now();
  EXPECT_EQ(WaitClosed(silent, 15s), 4408);
  const auto waited = std::chrono::steady_clock::now() - opened;
  EXPECT_GE(waited, 9500ms);
  EXPECT_LE(waited, 12s);
}

TEST_P(DevicesTest, ASilentDeviceIsClosedAndGoesOffline) {
  if (GetParam() != Backend::kSqlite) GTEST_SKIP() << "45 s of waiting: once is enough";
  const auto d = Pair();
  auto dashboard = ConnectDashboard(admin_.token);
  ASSERT_TRUE(NextFrame(*dashboard, "welcome"));
  auto ws = Connect(d.token);
  ASSERT_TRUE(NextFrame(*ws, "manifest"));
  ASSERT_TRUE(NextFrame(*dashboard, "device:status"));  // online
  const auto opened = std::chrono::steady_clock::now();
  EXPECT_EQ(WaitClosed(*ws, 60s), 1008) << "no heartbeat for 45 s";
  const auto silent = std::chrono::steady_clock::now() - opened;
  EXPECT_GE(silent, 44s);
  EXPECT_LE(silent, 50s);
  auto offline = NextFrame(*dashboard, "device:status", 5000ms);
  ASSERT_TRUE(offline);
  EXPECT_EQ(offline->at("status"), "offline");
  client_ = std::make_unique<HttpClient>(server_->port());  // the old one idled out meanwhile
  WaitForDevice(d.id, [](const json::value& v) { return v.at("status") == "offline"; });
}

TEST_P(DevicesTest, InvalidFramesAreAnsweredAndTheSocketStaysOpen) {
  const auto d = Pair();
  WsClient early(server_->port(), "/ws/device");
  early.Send(R"({"type":"heartbeat"})");
  auto before_hello = NextFrame(early, "error");
  ASSERT_TRUE(before_hello);
  EXPECT_EQ(before_hello->at("code"), "AUTH_002");

  auto ws = Connect(d.token);
  ASSERT_TRUE(NextFrame(*ws, "manifest"));
  for (const std::string frame :
       {"not json", "[1,2]", R"({"no":"type"})", R"({"type":"dance"})",
        R"({"type":"heartbeat","metrics":{"cpu":"high"}})", R"({"type":"heartbeat","metrics":7})",
        R"({"type":"command_result","commandId":"x","ok":true})",
        R"({"type":"hello","token":"x"})"}) {
    ws->Send(frame);
    auto error = NextFrame(*ws, "error");
    ASSERT_TRUE(error) << frame;
    EXPECT_EQ(error->at("code"), "VALIDATION_001") << frame;
  }
  ws->Send(R"({"type":"heartbeat"})");
  EXPECT_TRUE(NextFrame(*ws, "heartbeat:ack")) << "still open and working";

  ws->Send(std::string(70 * 1024, 'x'));
  EXPECT_EQ(WaitClosed(*ws), 1009);
  auto binary = Connect(d.token);
  ASSERT_TRUE(NextFrame(*binary, "manifest"));
  binary->SendBinary("\x01\x02");
  EXPECT_EQ(WaitClosed(*binary), 1003);
}

// The frames a socket receives until it is closed, counted by type ("error" frames by code).
std::map<std::string, int> FramesUntilClosed(WsClient& ws) {
  std::map<std::string, int> seen;
  while (auto text = ws.Read(3000ms)) {
    const auto frame = Parse(*text);
    const bool error = frame.at("type") == "error";
    ++seen[std::string((error ? frame.at("code") : frame.at("type")).as_string())];
  }
  return seen;
}

TEST_P(DevicesTest, AFloodingSocketIsThrottledThenClosed) {
  const auto d = Pair();
  auto ws = Connect(d.token);
  ASSERT_TRUE(NextFrame(*ws, "manifest"));
  for (int i = 0; i < 400; ++i) ws->Send(R"({"type":"heartbeat"})");
  auto seen = FramesUntilClosed(*ws);
  EXPECT_EQ(ws->close_code(), 1008);
  EXPECT_GE(seen["heartbeat:ack"], 55);  // the burst of 60, less the hello
  EXPECT_LT(seen["heartbeat:ack"], 120);
  EXPECT_GT(seen["RATE_LIMIT"], 0);
}

TEST_P(DevicesTest, PingsCountAgainstASocketsBudget) {
  const auto d = Pair();
  auto ws = Connect(d.token);
  ASSERT_TRUE(NextFrame(*ws, "manifest"));
  for (int i = 0; i < 400; ++i) ws->Ping();  // answered by the server, but not free
  FramesUntilClosed(*ws);
  EXPECT_EQ(ws->close_code(), 1008);
}

TEST_P(DevicesTest, AFloodingDashboardIsThrottledThenClosed) {
  auto dashboard = ConnectDashboard(admin_.token);
  ASSERT_TRUE(NextFrame(*dashboard, "welcome"));
  for (int i = 0; i < 200; ++i) dashboard->Send(R"({"type":"subscribe"})");
  auto seen = FramesUntilClosed(*dashboard);
  EXPECT_EQ(dashboard->close_code(), 1008);
  EXPECT_GE(seen["VALIDATION_001"], 29);  // a burst of 30, each answered
  EXPECT_LT(seen["VALIDATION_001"], 60);
  EXPECT_GT(seen["RATE_LIMIT"], 0);
  auto pinging = ConnectDashboard(admin_.token);
  ASSERT_TRUE(NextFrame(*pinging, "welcome"));
  for (int i = 0; i < 200; ++i) pinging->Ping();
  FramesUntilClosed(*pinging);
  EXPECT_EQ(pinging->close_code(), 1008);
}

TEST_P(DevicesTest, ANewerConnectionReplacesTheOlder) {
  const auto d = Pair();
  auto first = Connect(d.token);
  ASSERT_TRUE(NextFrame(*first, "manifest"));
  auto second = Connect(d.token);
  ASSERT_TRUE(NextFrame(*second, "manifest"));
  EXPECT_EQ(WaitClosed(*first), 4409);
  second->Send(R"({"type":"heartbeat"})");
  EXPECT_TRUE(NextFrame(*second, "heartbeat:ack"));
  // The replaced socket's end does not mark the device offline.
  std::this_thread::sleep_for(600ms);
  EXPECT_EQ(GetDevice(d.id).at("status"), "online");
}

TEST_P(DevicesTest, CommandsReachTheirScreensAndResultsReachDashboards) {
  auto group = Call("POST", "/api/v1/device-groups", R"({"name":"Bar"})");
  const std::string group_id(group.Json().at("group").at("id").as_string());
  const auto a = Pair("A"), b = Pair("B");
  ASSERT_EQ(
      Call("PATCH", "/api/v1/devices/" + b.id, R"({"groupIds":[")" + group_id + R"("]})").status,
      200);
  auto dashboard = ConnectDashboard(admin_.token);
  ASSERT_TRUE(NextFrame(*dashboard, "welcome"));
  auto wa = Connect(a.token), wb = Connect(b.token);
  ASSERT_TRUE(NextFrame(*wa, "manifest"));
  ASSERT_TRUE(NextFrame(*wb, "manifest"));

  auto sent = Call("POST", "/api/v1/devices/" + a.id + "/commands",
                   R"({"command":"identify","args":{"seconds":5}})");
  ASSERT_EQ(sent.status, 202) << sent.body;
  const std::string command_id(sent.Json().at("commandId").as_string());
  auto command = NextFrame(*wa, "command");
  ASSERT_TRUE(command);
  EXPECT_EQ(command->at("commandId"), command_id.c_str());
  EXPECT_EQ(command->at("command"), "identify");
  EXPECT_EQ(command->at("args").at("seconds"), 5);
  wa->Send(R"({"type":"command_result","commandId":")" + command_id +
           R"(","ok":true,"data":{"shown":true}})");
  auto result = NextFrame(*dashboard, "command:result");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->at("deviceId"), a.id.c_str());
  EXPECT_EQ(result->at("ok"), true);
  EXPECT_EQ(result->at("data").at("shown"), true);

  // To a group: only b. To everyone: both.
  ASSERT_EQ(Call("POST", "/api/v1/devices/commands",
                 R"({"command":"reload","groupIds":[")" + group_id + R"("]})")
                .Json()
                .at("devices"),
            1);
  EXPECT_TRUE(NextFrame(*wb, "command"));
  auto all = Call("POST", "/api/v1/devices/commands", R"({"command":"clear-cache"})");
  EXPECT_EQ(all.Json().at("devices"), 2);
  EXPECT_EQ(NextFrame(*wa, "command")->at("command"), "clear-cache") << "a got no group command";
  EXPECT_EQ(NextFrame(*wb, "command")->at("command"), "clear-cache");

  const auto audited = Call("GET", "/api/v1/audit-logs?action=device.command_sent").Json();
  EXPECT_EQ(audited.at("items").as_array().size(), 3u) << "one row per call, not per screen";

  EXPECT_EQ(
      Call("POST", "/api/v1/devices/" + a.id + "/commands", R"({"command":"format-disk"})").status,
      400);
  EXPECT_EQ(Call("POST", "/api/v1/devices/00000000-0000-7000-8000-000000000000/commands",
                 R"({"command":"reload"})")
                .status,
            404);
}

TEST_P(DevicesTest, UnpairingKillsTheTokenAndClosesTheSocketAtOnce) {
  const auto d = Pair();
  auto ws = Connect(d.token);
  ASSERT_TRUE(NextFrame(*ws, "manifest"));
  ASSERT_EQ(Call("DELETE", "/api/v1/devices/" + d.id).status, 204);
  EXPECT_EQ(WaitClosed(*ws, 2000ms), 4403);
  EXPECT_EQ(client_->Call(d.token, "GET", "/api/v1/device/manifest").status, 401);
  auto again = Connect(d.token);
  EXPECT_EQ(WaitClosed(*again), 4401);
  EXPECT_EQ(Call("GET", "/api/v1/devices/" + d.id).status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/devices/" + d.id).status, 404);
  EXPECT_EQ(
      Call("GET", "/api/v1/audit-logs?action=device.unpaired").Json().at("items").as_array().size(),
      1u);
}

TEST_P(DevicesTest, DashboardsHearTheirOrganizationOnly) {
  const Account other = AccountFrom(Register("bob@example.com", "Other"));
  auto mine = ConnectDashboard(admin_.token);
  ASSERT_TRUE(NextFrame(*mine, "welcome"));
  // The other organization's dashboard authenticates with a hello instead of a header.
  WsClient theirs(server_->port(), "/ws/admin");
  theirs.Send(R"({"type":"hello","token":")" + other.token + "\"}");
  auto their_welcome = NextFrame(theirs, "welcome");
  ASSERT_TRUE(their_welcome);
  EXPECT_EQ(their_welcome->at("organizationId"), other.organization_id.c_str());

  const auto d = Pair();
  auto paired = NextFrame(*mine, "device:paired");
  ASSERT_TRUE(paired);
  EXPECT_EQ(paired->at("device").at("id"), d.id.c_str());
  auto ws = Connect(d.token);
  auto online = NextFrame(*mine, "device:status");
  ASSERT_TRUE(online);
  EXPECT_EQ(online->at("deviceId"), d.id.c_str());
  EXPECT_EQ(online->at("status"), "online");
  ws->Close();
  auto offline = NextFrame(*mine, "device:status");
  ASSERT_TRUE(offline);
  EXPECT_EQ(offline->at("status"), "offline");
  ASSERT_EQ(Call("DELETE", "/api/v1/devices/" + d.id).status, 204);
  EXPECT_TRUE(NextFrame(*mine, "device:unpaired"));

  EXPECT_FALSE(theirs.Read(500ms)) << "nothing of Acme reaches Other";

  // Refused upgrades: a foreign origin, a bad token; a missing hello closes with 4401.
  EXPECT_EQ(UpgradeStatus(
                server_->port(), "/ws/admin",
                {{"Origin", "https://evil.example"}, {"Authorization", "Bearer " + admin_.token}}),
            403);
  EXPECT_EQ(UpgradeStatus(server_->port(), "/ws/admin", {{"Authorization", "Bearer nope"}}), 401);
  EXPECT_EQ(UpgradeStatus(server_->port(), "/ws/admin",
                          {{"Origin", "http://127.0.0.1:" + std::to_string(server_->port())},
                           {"Authorization", "Bearer " + admin_.token}}),
            101);
  WsClient bad_hello(server_->port(), "/ws/admin");
  bad_hello.Send(R"({"type":"hello","token":"forged"})");
  EXPECT_EQ(WaitClosed(bad_hello), 4401);
}

TEST_P(DevicesTest, ViewersReadButMayNotManageScreens) {
  const auto d = Pair();
  ASSERT_EQ(Call("POST", "/api/v1/users",
                 R"({"email":"vic@example.com","password":"password-123","role":"viewer"})")
                .status,
            201);
  const Account viewer = AccountFrom(client_->PostJson(
      "/api/v1/auth/login", R"({"email":"vic@example.com","password":"password-123"})"));
  EXPECT_EQ(client_->Call(viewer.token, "GET", "/api/v1/devices/" + d.id).status, 200);
  EXPECT_EQ(client_->Call(viewer.token, "DELETE", "/api/v1/devices/" + d.id).status, 403);
  EXPECT_EQ(client_
                ->Call(viewer.token, "POST", "/api/v1/devices/" + d.id + "/commands",
                       R"({"command":"reload"})")
                .status,
            403);
  const Ticket t = RequestCode();
  EXPECT_EQ(client_
                ->Call(viewer.token, "POST", "/api/v1/devices/pairing/complete",
                       R"({"code":")" + t.code + "\"}")
                .status,
            403);
}

TEST_P(DevicesTest, OperatorsProvisionFleetsWithinTheQuota) {
  const std::filesystem::path tokens = dir_.path() / "tokens.txt";
  auto [code, out] =
      RunVizora({"admin", "provision-devices", "--database", database_, "--org", "acme", "--count",
                 "3", "--group", "Fleet", "--nickname-prefix", "Till ", "--out", tokens.string()});
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("\"devices\":3"), std::string::npos) << out;
  EXPECT_EQ(std::filesystem::status(tokens).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  std::ifstream in(tokens);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 3u);
  for (const auto& token : lines) {
    auto ws = Connect(token);
    EXPECT_TRUE(NextFrame(*ws, "welcome")) << "every provisioned token says hello";
  }
  const auto list = Call("GET", "/api/v1/devices?q=till").Json();
  ASSERT_EQ(list.at("items").as_array().size(), 3u);
  EXPECT_EQ(list.at("items").as_array()[0].at("groupIds").as_array().size(), 1u);

  // 3 + 3 > 5 screens: refused whole, and no token file is left behind.
  const std::filesystem::path more = dir_.path() / "more.txt";
  auto [refused, why] = RunVizora({"admin", "provision-devices", "--database", database_, "--org",
                                   "acme", "--count", "3", "--out", more.string()});
  EXPECT_EQ(refused, 1) << why;
  EXPECT_NE(why.find("\"quota\":5"), std::string::npos) << why;
  EXPECT_FALSE(std::filesystem::exists(more));
  EXPECT_FALSE(std::filesystem::exists(more.string() + ".partial"));
  EXPECT_EQ(Call("GET", "/api/v1/devices").Json().at("items").as_array().size(), 3u);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--org", "acme", "--count", "0", "--out", more.string()},
           {"--org", "acme", "--count", "2"},
           {"--count", "2", "--out", more.string()}}) {
    std::vector<std::string> all = {"admin", "provision-devices", "--database", database_};
    all.insert(all.end(), args.begin(), args.end());
    EXPECT_EQ(RunVizora(all).first, 2);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, DevicesTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
