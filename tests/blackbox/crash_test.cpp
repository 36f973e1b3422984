// Crash safety (issue 22): writers keep the server busy (pages added and renamed, files
// uploaded and processed, playlists made, a screen's proof-of-play batches) while it is
// SIGKILLed at a random moment, again and again. After each kill it restarts on the same data,
// and every write it acknowledged must be there and whole: the row, its latest acknowledged
// title (or one sent after it), its file. Batches cut by a kill are resent, as the player
// does. At the end processing finishes for everything (the killed lives' jobs are taken
// back), every acknowledged event is stored exactly once, the temp files and the blobs no
// row references are only those of uploads a kill cut (the collector's to remove),
// and the database's own integrity checks pass. CRASH_KILLS sets how many kills (default 4;
// make soak runs 500 per database); past 20, each round checks what is new plus a sample and
// the end checks everything. Every case runs on SQLite and on PostgreSQL.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "platform/blob/blob_store.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
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
  std::vector<std::string> order;   // content ids, in the order they were acknowledged
  std::size_t checked = 0;          // how many of `order` a round has checked
  std::set<std::string> events;     // proof-of-play event ids acknowledged
  std::set<std::string> events_in_doubt;
  std::vector<json::array> unanswered;  // batches a kill cut: the screen sends them again
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
    screen_ = PairScreen(*client_, admin_.token, "Lobby");
    shown_ = CreateWebPage(*client_, admin_.token, "Shown");
  }

  // Access tokens live 15 minutes, and make soak's 500 kills outlast them: between rounds, with
  // no writer running, the admin's session is refreshed as the dashboard refreshes it.
  void KeepSignedIn() {
    if (std::chrono::steady_clock::now() - signed_in_at_ < 10min) return;
    const auto r =
        client_->PostJson("/api/v1/auth/refresh", R"({"refreshToken":")" + admin_.refresh + "\"}");
    ASSERT_EQ(r.status, 200) << r.body;
    admin_ = AccountFrom(r);
    signed_in_at_ = std::chrono::steady_clock::now();
  }

  // A batch of proof-of-play events as the player sends them after an outage: the one a kill
  // cut before, else a new one. Returns after recording the answer.
  void SendEvents(HttpClient& client, int n) {
    json::array batch;
    {
      std::lock_guard lock(ledger_.mutex);
      if (!ledger_.unanswered.empty()) {
        batch = std::move(ledger_.unanswered.back());
        ledger_.unanswered.pop_back();
      }
    }
    if (batch.empty()) {
      for (int i = 0; i < 20; ++i) {
        batch.push_back(
            json::object{{"type", "impression"},
                         {"id", platform::NewId()},
                         {"contentId", shown_},
                         {"playlistId", "crash-playlist"},
                         {"startedAt", platform::FormatIso8601(platform::NowMillis() - 60'000 + n)},
                         {"durationMs", 1000},
                         {"completed", true}});
      }
    }
    {
      std::lock_guard lock(ledger_.mutex);
      for (const auto& e : batch)
        ledger_.events_in_doubt.insert(std::string(e.at("id").as_string()));
    }
    try {
      const auto r = client.Call(screen_.token, "POST", "/api/v1/device/events",
                                 json::serialize(json::object{{"events", batch}}));
      std::lock_guard lock(ledger_.mutex);
      if (r.status == 200) {
        const auto answer = r.Json();
        EXPECT_TRUE(answer.at("rejected").as_array().empty()) << r.body;
        for (const auto& id : answer.at("accepted").as_array()) {
          ledger_.events.insert(std::string(id.as_string()));
        }
      } else {
        ledger_.unanswered.push_back(std::move(batch));
      }
    } catch (const std::exception&) {
      std::lock_guard lock(ledger_.mutex);
      ledger_.unanswered.push_back(std::move(batch));
      throw;
    }
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
        switch (random() % 5) {
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
              ledger_.order.push_back(id);
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
              ledger_.order.push_back(id);
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
          case 4:
            SendEvents(*client, n);
            break;
        }
      } catch (const std::exception&) {
        client.reset();  // the server went away mid-request
        std::this_thread::sleep_for(20ms);
      }
    }
  }

  // Everything acknowledged is there, whole: all of it when `all`, else what is new since the
  // last round plus a random sample of the rest (long runs would otherwise check n² rows).
  void CheckLedger(int kill, bool all, std::mt19937& random) {
    std::lock_guard lock(ledger_.mutex);
    std::vector<std::string> ids(ledger_.order.begin() + (all ? 0 : ledger_.checked),
                                 ledger_.order.end());
    for (int i = 0; !all && ledger_.checked > 0 && i < 200; ++i) {
      ids.push_back(ledger_.order[random() % ledger_.checked]);
    }
    ledger_.checked = ledger_.order.size();
    for (const auto& id : ids) {
      const auto r = client_->Call(admin_.token, "GET", "/api/v1/content/" + id);
      ASSERT_EQ(r.status, 200) << "kill " << kill << ": acknowledged content " << id << " lost";
      const std::string title(r.Json().at("content").at("title").as_string());
      EXPECT_TRUE(ledger_.titles.at(id).contains(title))
          << "kill " << kill << ": " << id << " has a title never sent: " << title;
    }
    if (!all) return;
    for (const auto& id : ledger_.playlists) {
      EXPECT_EQ(client_->Call(admin_.token, "GET", "/api/v1/playlists/" + id).status, 200)
          << "kill " << kill << ": acknowledged playlist " << id << " lost";
    }
  }

  Account admin_;
  std::chrono::steady_clock::time_point signed_in_at_ = std::chrono::steady_clock::now();
  PairedScreen screen_;
  std::string shown_;  // the content the screen's impressions name
  Ledger ledger_;
  std::atomic<int> counter_{0};
};

TEST_P(CrashTest, KilledAtRandomMomentsItLosesNothingItAcknowledged) {
  const int kills = CrashKills();
  std::mt19937 random(std::random_device{}());
  for (int kill = 1; kill <= kills; ++kill) {
    KillWhileWriting(
        *server_, 3,
        [this, port = server_->port()](int w, std::atomic<bool>& stop) { Write(port, w, stop); },
        random);
    Restart();
    KeepSignedIn();
    if (HasFatalFailure()) return;
    CheckLedger(kill, kills <= 20, random);
    if (HasFatalFailure()) return;
  }
  CheckLedger(kills, true, random);
  if (HasFatalFailure()) return;
  // Every acknowledged event stored once, none that was never sent: the screen resends what
  // a kill cut, and resending is harmless.
  for (int round = 0; round < 100 && !ledger_.unanswered.empty(); ++round) {
    SendEvents(*client_, round);
  }
  const auto csv = client_->Call(admin_.token, "GET", "/api/v1/analytics/impressions.csv");
  ASSERT_EQ(csv.status, 200);
  std::map<std::string, int> stored;
  for (std::size_t at = csv.body.find("\r\n") + 2; at < csv.body.size();) {
    const auto end = csv.body.find("\r\n", at);
    ++stored[csv.body.substr(at, csv.body.find(',', at) - at)];
    at = end == std::string::npos ? csv.body.size() : end + 2;
  }
  for (const auto& id : ledger_.events) EXPECT_EQ(stored[id], 1) << "acknowledged event " << id;
  for (const auto& [id, count] : stored) {
    EXPECT_EQ(count, 1) << id;
    EXPECT_TRUE(ledger_.events_in_doubt.contains(id)) << "an event never sent: " << id;
  }
  EXPECT_GT(ledger_.acknowledged_title.size(), 0u) << "the writers never got an answer";
  std::printf(
      "%d kills: %zu contents (%zu files), %zu playlists and %zu proof-of-play events "
      "acknowledged\n",
      kills, ledger_.acknowledged_title.size(), ledger_.files.size(), ledger_.playlists.size(),
      ledger_.events.size());
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
  // Files: the only temp files left are those of uploads a kill cut mid-body, and the only
  // blobs no row references are those of uploads a kill cut between storing the bytes and
  // committing the row (at most one per writer per kill each); content.collect-blobs removes
  // both once they are an hour old (platform/blob's tests prove that part).
  const auto blobs_dir = dir_.path() / "data" / "blobs";
  const std::size_t temps = FilesUnder(blobs_dir / "tmp");
  EXPECT_LE(temps, static_cast<std::size_t>(3 * kills)) << "temp files beyond what kills cut";
  std::printf("temp files of uploads cut by a kill: %zu\n", temps);
  const auto blobs = platform::blob::OpenBlobStore("file://" + blobs_dir.string());
  std::size_t unreferenced = 0;
  db->ReadBlocking([&](platform::store::Connection& c) {
    for (const auto& blob : blobs->ListOlderThan(0s)) {
      unreferenced += c.Query(
                           "SELECT 1 FROM contents WHERE sha256 = $1 UNION ALL SELECT 1 FROM "
                           "content_files WHERE sha256 = $1 LIMIT 1",
                           {blob.sha256})
                          .empty();
    }
  });
  EXPECT_LE(unreferenced, static_cast<std::size_t>(3 * kills));
  std::printf("blobs no row references (uploads cut by a kill): %zu\n", unreferenced);
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
