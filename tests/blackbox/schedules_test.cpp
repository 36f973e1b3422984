// Schedules from the outside (API.md "Scheduling"): validation (cron, zones, dates,
// priorities, foreign playlists and screens: 422, nothing saved), next execution in the
// schedule's zone, targets, and a playlist in use. On SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "platform/core/clock.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

class SchedulesTest : public ServerBackendTest {
 protected:
  void SetUp() override {
    ServerBackendTest::SetUp();
    if (IsSkipped()) return;
    admin_ = AccountFrom(Register("ada@example.com", "Acme"));
    auto page = Call("POST", "/api/v1/content",
                     R"({"type":"webpage","title":"Menu","url":"https://example.com/menu"})");
    const std::string content(page.Json().at("content").at("id").as_string());
    auto playlist = Call("POST", "/api/v1/playlists",
                         R"({"name":"Menu","items":[{"contentId":")" + content + R"("}]})");
    playlist_ = std::string(playlist.Json().at("playlist").at("id").as_string());
    auto group = Call("POST", "/api/v1/device-groups", R"({"name":"Lobby"})");
    group_ = std::string(group.Json().at("group").at("id").as_string());
  }

  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& body = "") {
    return client_->Call(admin_.token, method, target, body);
  }

  json::object Valid() const {
    return {{"name", "Breakfast"},
            {"playlistId", playlist_},
            {"groupIds", json::array{json::value(group_)}},
            {"cronExpression", "0 7 * * MON-FRI"},
            {"durationMinutes", 180},
            {"timezone", "Europe/Paris"},
            {"priority", 10}};
  }

  Account admin_;
  std::string playlist_, group_;
};

TEST_P(SchedulesTest, CreateReadChangeDelete) {
  auto created = Call("POST", "/api/v1/schedules", json::serialize(Valid()));
  ASSERT_EQ(created.status, 201) << created.body;
  const auto s = created.Json().at("schedule");
  EXPECT_EQ(s.at("cronExpression"), "0 7 * * MON-FRI");
  EXPECT_EQ(s.at("timezone"), "Europe/Paris");
  EXPECT_EQ(s.at("groupIds").at(0), group_.c_str());
  EXPECT_EQ(s.at("isActive"), true);
  EXPECT_EQ(s.at("allowOverride"), true);
  EXPECT_EQ(s.at("executionCount").as_int64(), 0);
  EXPECT_TRUE(s.at("lastExecutedAt").is_null());
  // The next firing is 07:00 in Paris on a weekday: 05:00 or 06:00 UTC.
  const std::string next(s.at("nextExecutionAt").as_string());
  EXPECT_TRUE(next.find("T05:00:00.000Z") != std::string::npos ||
              next.find("T06:00:00.000Z") != std::string::npos)
      << next;
  EXPECT_GT(*platform::ParseIso8601(next), platform::NowMillis());
  const std::string id(s.at("id").as_string());

  auto patched = Call(
      "PATCH", "/api/v1/schedules/" + id,
      R"({"cronExpression":"30 12 * * *","timezone":"UTC","durationMinutes":null,"isActive":false})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  const auto p = patched.Json().at("schedule");
  EXPECT_TRUE(p.at("durationMinutes").is_null());
  EXPECT_TRUE(p.at("nextExecutionAt").is_null()) << "inactive: no next execution";
  EXPECT_EQ(p.at("priority").as_int64(), 10) << "unchanged fields stay";
  EXPECT_EQ(Call("GET", "/api/v1/schedules").Json().at("items").as_array().size(), 1u);
  // The playlist is in use now.
  auto in_use = Call("DELETE", "/api/v1/playlists/" + playlist_);
  EXPECT_EQ(in_use.status, 409);
  EXPECT_EQ(in_use.Json().at("error").at("details").at("schedules").at(0), id.c_str());
  EXPECT_EQ(Call("DELETE", "/api/v1/schedules/" + id).status, 204);
  EXPECT_EQ(Call("GET", "/api/v1/schedules/" + id).status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/playlists/" + playlist_).status, 204);
}

TEST_P(SchedulesTest, NonsenseIsRefusedAndNothingIsSaved) {
  const Account other = AccountFrom(Register("eve@example.com", "Other"));
  auto their_group = client_->Call(other.token, "POST", "/api/v1/device-groups", R"({"name":"X"})");
  const std::string foreign_group(their_group.Json().at("group").at("id").as_string());
  auto their_playlist = client_->Call(other.token, "POST", "/api/v1/playlists", R"({"name":"T"})");
  const std::string foreign_playlist(their_playlist.Json().at("playlist").at("id").as_string());
  struct Case {
    std::string field;
    std::string value;  // JSON
    int status;
  };
  const std::string group_list = "[\"" + foreign_group + "\"]";
  for (const Case& c :
       std::vector<Case>{{"cronExpression", R"("61 * * * *")", 422},
                         {"cronExpression", R"("every day")", 422},
                         {"cronExpression", R"("0 0 30 2 *")", 422},  // never fires
                         {"timezone", R"("Mars/Olympus")", 422},
                         {"priority", "101", 422},
                         {"priority", "-1", 422},
                         {"playlistId", "\"" + foreign_playlist + "\"", 422},
                         {"groupIds", group_list, 422},
                         {"deviceIds", R"(["00000000-0000-7000-8000-000000000000"])", 422},
                         {"durationMinutes", "0", 400},
                         {"startDate", R"("yesterday")", 400},
                         {"priority", R"("high")", 400}}) {
    json::object body = Valid();
    body[c.field] = json::parse(c.value);
    auto r = Call("POST", "/api/v1/schedules", json::serialize(body));
    EXPECT_EQ(r.status, c.status) << c.field << " " << r.body;
    if (r.status >= 400) {
      EXPECT_EQ(r.Json().at("error").at("details").at("field"), c.field.c_str()) << r.body;
    }
  }
  json::object backwards = Valid();
  backwards["startDate"] = "2027-01-10T00:00:00.000Z";
  backwards["endDate"] = "2027-01-01T00:00:00.000Z";
  auto r = Call("POST", "/api/v1/schedules", json::serialize(backwards));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.Json().at("error").at("details").at("field"), "endDate");
  EXPECT_TRUE(Call("GET", "/api/v1/schedules").Json().at("items").as_array().empty());
  // A change that makes no sense leaves the schedule as it was.
  auto created = Call("POST", "/api/v1/schedules", json::serialize(Valid()));
  ASSERT_EQ(created.status, 201);
  const std::string id(created.Json().at("schedule").at("id").as_string());
  EXPECT_EQ(Call("PATCH", "/api/v1/schedules/" + id, R"({"cronExpression":"* * *"})").status, 422);
  EXPECT_EQ(Call("GET", "/api/v1/schedules/" + id).Json().at("schedule").at("cronExpression"),
            "0 7 * * MON-FRI");
}

TEST_P(SchedulesTest, DatesBoundTheNextExecution) {
  json::object future = Valid();
  future["cronExpression"] = "0 12 * * *";
  future["timezone"] = "UTC";
  future["startDate"] = "2031-06-01T00:00:00.000Z";
  future["endDate"] = "2031-07-01T00:00:00.000Z";
  auto r = Call("POST", "/api/v1/schedules", json::serialize(future));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.Json().at("schedule").at("nextExecutionAt"), "2031-06-01T12:00:00.000Z");
  EXPECT_EQ(r.Json().at("schedule").at("startDate"), "2031-06-01T00:00:00.000Z");
  json::object past = future;
  past["startDate"] = "2020-06-01T00:00:00.000Z";
  past["endDate"] = "2020-07-01T00:00:00.000Z";
  auto ended = Call("POST", "/api/v1/schedules", json::serialize(past));
  ASSERT_EQ(ended.status, 201);
  EXPECT_TRUE(ended.Json().at("schedule").at("nextExecutionAt").is_null());
}

INSTANTIATE_TEST_SUITE_P(Backends, SchedulesTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
