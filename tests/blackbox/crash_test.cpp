// Crash safety (issue 22): writers keep the server busy (pages added and renamed, files
// uploaded and processed, playlists made) while it is SIGKILLed at a random moment, again and
// again. After each kill it restarts on the same data, and every write it acknowledged must be
// there and whole: the row, its latest acknowledged title (or one sent after it), its file.
// At the end processing finishes for everything (the killed lives' jobs are taken back) and
// the database's own integrity checks pass. CRASH_KILLS sets how many kills (default 4; make
// soak runs many more). Every case runs on SQLite and on PostgreSQL.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "platform/store/database.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

// What the server said yes to, and what was sent without an answer (it may or may not have
// committed before the kill).
struct Ledger {
  std::mutex mutex;
  std::map<std::string, std::set<std::string>> titles;  // content id → titles it may have
  std::map<std::string, std::string> acknowledged_title;
  std::set<std::string> files;      // uploaded content ids
  std::set<std::string> playlists;  // playlist ids
  std::vector<std::string> Contents() {
    std::lock_guard lock(mutex);
    std::vector<std::string> ids;
    for (const auto& [id, title] : acknowledged_title) ids.push_back(id);
    return ids;
  }
};

class CrashTest : public ServerBackendTest {
 protected:
  void SetUp() override {
    ServerBackendTest::SetUp();
    if (IsSkipped()) return;
    admin_ = AccountFrom(Register("ada@example.com", "Acme"));
  }

  // One writer: random writes until `stop`, every answer recorded in the ledger. A request cut
  // by the kill throws: its write is in doubt, which the ledger allows for.
  void Write(unsigned short port, int writer, std::atomic<bool>& stop) {
    std::mt19937 random(static_cast<unsigned>(writer * 7919 + counter_));
    std::unique_ptr<HttpClient> client;
    while (!stop) {
      const int n = ++counter_;
      try {
        if (!client) client = std::make_unique<HttpClient>(port);
        switch (random() % 4) {
          case 0: {
            const std::string title = "page-" + std::to_string(n);
            const auto r = client->Call(
                admin_.token, "POST", "/api/v1/content",
                json::serialize(json::object{{"type", "webpage"},
                                             {"title", title},
                                             {"url", "https://example.com/" + title}}));
            if (r.status == 201) {
              std::lock_guard lock(ledger_.mutex);
              const std::string id(r.Json().at("content").at("id").as_string());
              ledger_.titles[id].insert(title);
              ledger_.acknowledged_title[id] = title;
            }
            break;
          }
          case 1: {
            const auto ids = ledger_.Contents();
            if (ids.empty()) break;
            const std::string id = ids[random() % ids.size()];
            const std::string title = "renamed-" + std::to_string(n);
            {
              std::lock_guard lock(ledger_.mutex);
              ledger_.titles[id].insert(title);  // in doubt until answered
            }
            const auto r = client->Call(admin_.token, "PATCH", "/api/v1/content/" + id,
                                        json::serialize(json::object{{"title", title}}));
            if (r.status == 200) {
              std::lock_guard lock(ledger_.mutex);
              // Writers race on one row: the latest acknowledged is one of the titles sent
              // since, which the check allows.
              ledger_.acknowledged_title[id] = title;
            }
            break;
          }
          case 2: {
            const std::string title = "sheet-" + std::to_string(n);
            const auto r = client->Send(
                {"POST",
                 "/api/v1/content",
                 Multipart({{"title", title},
                            {"file", "city,visitors\nParis," + std::to_string(n) + "\n",
                             "visitors.csv", "text/csv"}}),
                 {{"Authorization", "Bearer " + admin_.token},
                  {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}});
            if (r.status == 201) {
              std::lock_guard lock(ledger_.mutex);
              const std::string id(r.Json().at("content").at("id").as_string());
              ledger_.titles[id].insert(title);
              ledger_.acknowledged_title[id] = title;
              ledger_.files.insert(id);
            }
            break;
          }
          case 3: {
            const auto r =
                client->Call(admin_.token, "POST", "/api/v1/playlists",
                             json::serialize(json::object{{"name", "list-" + std::to_string(n)}}));
            if (r.status == 201) {
              std::lock_guard lock(ledger_.mutex);
              ledger_.playlists.insert(std::string(r.Json().at("playlist").at("id").as_string()));
            }
            break;
          }
        }
      } catch (const std::exception&) {
        client.reset();  // the server went away mid-request
        std::this_thread::sleep_for(20ms);
      }
    }
  }

  // Everything acknowledged is there, whole.
  void CheckLedger(int kill) {
    std::lock_guard lock(ledger_.mutex);
    for (const auto& [id, acknowledged] : ledger_.acknowledged_title) {
      const auto r = client_->Call(admin_.token, "GET", "/api/v1/content/" + id);
      ASSERT_EQ(r.status, 200) << "kill " << kill << ": acknowledged content " << id << " lost";
      const std::string title(r.Json().at("content").at("title").as_string());
      EXPECT_TRUE(ledger_.titles.at(id).contains(title))
          << "kill " << kill << ": " << id << " has a title never sent: " << title;
    }
    for (const auto& id : ledger_.playlists) {
      EXPECT_EQ(client_->Call(admin_.token, "GET", "/api/v1/playlists/" + id).status, 200)
          << "kill " << kill << ": acknowledged playlist " << id << " lost";
    }
  }

  Account admin_;
  Ledger ledger_;
  std::atomic<int> counter_{0};
};

TEST_P(CrashTest, KilledAtRandomMomentsItLosesNothingItAcknowledged) {
  const char* configured = std::getenv("CRASH_KILLS");
  const int kills = configured != nullptr ? std::max(1, std::atoi(configured)) : 4;
  std::mt19937 random(std::random_device{}());
  for (int kill = 1; kill <= kills; ++kill) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 3; ++w) {
      writers.emplace_back([this, port = server_->port(), w, &stop] { Write(port, w, stop); });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 + random() % 800));
    server_->Kill();
    stop = true;
    for (auto& t : writers) t.join();
    Restart();
    CheckLedger(kill);
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(ledger_.acknowledged_title.size(), 0u) << "the writers never got an answer";
  std::printf("%d kills: %zu contents (%zu files) and %zu playlists acknowledged\n", kills,
              ledger_.acknowledged_title.size(), ledger_.files.size(), ledger_.playlists.size());
  // Processing of every file ends (jobs of killed lives are taken back at once), and each
  // processed file is served.
  for (const auto& id : ledger_.files) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    std::string status = "processing";
    while (status == "processing" && std::chrono::steady_clock::now() < deadline) {
      const auto r = client_->Call(admin_.token, "GET", "/api/v1/content/" + id);
      status = std::string(r.Json().at("content").at("uploadStatus").as_string());
      if (status == "processing") std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(status, "ready") << id;
    EXPECT_EQ(client_->Call(admin_.token, "GET", "/api/v1/content/" + id + "/file").status, 200)
        << id;
  }
  // The database's own checks.
  auto db = platform::store::Database::Open(database_, {.pool_size = 1});
  db->ReadBlocking([&](platform::store::Connection& c) {
    if (GetParam() == Backend::kSqlite) {
      EXPECT_EQ(c.Query("PRAGMA integrity_check")[0].Text(0), "ok");
      EXPECT_TRUE(c.Query("PRAGMA foreign_key_check").empty());
    }
    // No half-written rows: every tag row has its content, every item its playlist.
    EXPECT_EQ(c.Query("SELECT COUNT(*) FROM content_tags t LEFT JOIN contents c ON c.id = "
                      "t.content_id WHERE c.id IS NULL")[0]
                  .Int(0),
              0);
    EXPECT_EQ(c.Query("SELECT COUNT(*) FROM jobs WHERE state = 'running'")[0].Int(0), 0)
        << "a job left running by a killed life was not taken back";
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
