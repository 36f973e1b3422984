// Playlists from the outside (API.md "Playlists and publishing"): items of ready content of
// the organization only, default durations, transitions, order and totals; content and
// playlists in use are not deleted by accident. On SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <thread>

#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;
using namespace std::chrono_literals;

class PlaylistsTest : public ServerBackendTest {
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

  // A web page: content that is ready at once.
  std::string Page(const std::string& title, const std::string& token = "") {
    return CreateWebPage(*client_, token.empty() ? admin_.token : token, title);
  }

  std::string UploadVideo(double seconds) {
    MakeVideo(dir_.path() / "clip.mp4", seconds, 320, 240);
    const std::string body =
        "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"clip.mp4\"\r\n"
        "Content-Type: video/mp4\r\n\r\n" +
        ReadFile(dir_.path() / "clip.mp4") + "\r\n--b0undary--\r\n";
    auto r = client_->Send({"POST",
                            "/api/v1/content",
                            body,
                            {{"Authorization", "Bearer " + admin_.token},
                             {"Content-Type", "multipart/form-data; boundary=b0undary"}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.Json().at("content").at("id").as_string());
  }

  void WaitReady(const std::string& id) {
    for (int i = 0; i < 400; ++i) {
      if (Call("GET", "/api/v1/content/" + id).Json().at("content").at("uploadStatus") !=
          "processing")
        return;
      std::this_thread::sleep_for(25ms);
    }
  }

  HttpResponse CreatePlaylist(const json::object& body) {
    return Call("POST", "/api/v1/playlists", json::serialize(body));
  }

  Account admin_;
};

TEST_P(PlaylistsTest, ItemsInOrderWithDurationsTransitionsAndATotal) {
  const std::string a = Page("a"), b = Page("b");
  const std::string video = UploadVideo(3);
  // Not ready yet: refused, with where and why.
  auto early = CreatePlaylist({{"name", "Early"}, {"items", json::array{{{"contentId", video}}}}});
  if (early.status == 422) {
    EXPECT_EQ(ErrorCode(early), "PLAYLIST_001");
    EXPECT_EQ(early.Json().at("error").at("details").at("index").as_int64(), 0);
  }
  WaitReady(video);
  auto created = CreatePlaylist(
      {{"name", "Lobby loop"},
       {"description", "Morning"},
       {"items",
        json::array{{{"contentId", a}, {"duration", 15}, {"transition", "fade"}},
                    {{"contentId", video}},
                    {{"contentId", b}, {"transition", "slide"}, {"transitionDuration", 800}},
                    {{"contentId", a}, {"duration", 5}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto p = created.Json().at("playlist");
  EXPECT_EQ(p.at("name"), "Lobby loop");
  EXPECT_EQ(p.at("loopPlaylist"), true);
  const auto& items = p.at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].at("transition"), "fade");
  EXPECT_EQ(items[0].at("transitionDuration").as_int64(), 500) << "a default for a transition";
  EXPECT_EQ(items[1].at("duration").as_int64(), 3) << "a video plays its length";
  EXPECT_EQ(items[1].at("transition"), "none");
  EXPECT_EQ(items[2].at("duration").as_int64(), 10) << "others default to 10 s";
  EXPECT_EQ(items[2].at("transitionDuration").as_int64(), 800);
  EXPECT_EQ(items[3].at("order").as_int64(), 3);
  EXPECT_EQ(p.at("totalDuration").as_int64(), 15 + 3 + 10 + 5);
  const std::string id(p.at("id").as_string());

  auto patched = Call("PATCH", "/api/v1/playlists/" + id,
                      R"({"name":"Evening","loopPlaylist":false,"items":[{"contentId":")" + b +
                          R"(","duration":20}]})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("playlist").at("totalDuration").as_int64(), 20);
  EXPECT_EQ(patched.Json().at("playlist").at("loopPlaylist"), false);
  EXPECT_EQ(Call("GET", "/api/v1/playlists/" + id).Json().at("playlist").at("name"), "Evening");
  EXPECT_EQ(Call("GET", "/api/v1/playlists").Json().at("items").as_array().size(), 1u);
}

TEST_P(PlaylistsTest, BadItemsAreRefusedAndNothingIsSaved) {
  const std::string a = Page("a");
  const Account other = AccountFrom(Register("eve@example.com", "Other"));
  const std::string theirs = Page("theirs", other.token);
  const std::string gone = Page("gone");
  ASSERT_EQ(Call("DELETE", "/api/v1/content/" + gone).status, 204);
  for (const auto& [item, code] : std::vector<std::pair<json::object, std::string>>{
           {{{"contentId", theirs}}, "PLAYLIST_001"},
           {{{"contentId", gone}}, "PLAYLIST_001"},
           {{{"contentId", "00000000-0000-7000-8000-000000000000"}}, "PLAYLIST_001"},
           {{{"contentId", a}, {"duration", 0}}, "VALIDATION_001"},
           {{{"contentId", a}, {"duration", 86401}}, "VALIDATION_001"},
           {{{"contentId", a}, {"transition", "spin"}}, "VALIDATION_001"},
           {{{"contentId", a}, {"transitionDuration", -1}}, "VALIDATION_001"},
           {{{"duration", 5}}, "VALIDATION_001"}}) {
    auto r = CreatePlaylist({{"name", "x"}, {"items", json::array{{{"contentId", a}}, item}}});
    EXPECT_EQ(ErrorCode(r), code) << json::serialize(item) << " " << r.body;
    if (code == "PLAYLIST_001") {
      EXPECT_EQ(r.status, 422);
      EXPECT_EQ(r.Json().at("error").at("details").at("index").as_int64(), 1);
    }
  }
  EXPECT_EQ(CreatePlaylist({{"items", json::array{}}}).status, 400) << "a name is needed";
  const auto nul = CreatePlaylist({{"name", std::string("a\0b", 3)}, {"items", json::array{}}});
  EXPECT_EQ(nul.status, 400) << nul.body;  // on PostgreSQL it would not even store
  EXPECT_EQ(ErrorCode(nul), "VALIDATION_001");
  EXPECT_TRUE(Call("GET", "/api/v1/playlists").Json().at("items").as_array().empty());
  EXPECT_EQ(Call("GET", "/api/v1/playlists/00000000-0000-7000-8000-000000000000").status, 404);
}

TEST_P(PlaylistsTest, ContentAndPlaylistsInUseAreNotDeletedByAccident) {
  const std::string a = Page("a"), b = Page("b");
  auto created = CreatePlaylist(
      {{"name", "P"},
       {"items", json::array{{{"contentId", a}}, {{"contentId", b}}, {{"contentId", a}}}}});
  ASSERT_EQ(created.status, 201);
  const std::string playlist(created.Json().at("playlist").at("id").as_string());
  // Content in a playlist: 409 naming the playlist, unless forced.
  auto refused = Call("DELETE", "/api/v1/content/" + a);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(ErrorCode(refused), "CONFLICT_005");
  EXPECT_EQ(refused.Json().at("error").at("details").at("playlistIds").at(0), playlist.c_str());
  EXPECT_EQ(Call("DELETE", "/api/v1/content/" + a + "?force=true").status, 204);
  const auto left = Call("GET", "/api/v1/playlists/" + playlist).Json().at("playlist");
  ASSERT_EQ(left.at("items").as_array().size(), 1u) << "forced out of the playlist";
  EXPECT_EQ(left.at("items").at(0).at("contentId"), b.c_str());

  // A playlist that is a screen's default: 409 naming the screen.
  const std::string device = PairScreen(*client_, admin_.token, "Hall").id;
  auto set =
      Call("PATCH", "/api/v1/devices/" + device, R"({"defaultPlaylistId":")" + playlist + "\"}");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.Json().at("device").at("defaultPlaylistId"), playlist.c_str());
  auto in_use = Call("DELETE", "/api/v1/playlists/" + playlist);
  EXPECT_EQ(in_use.status, 409);
  EXPECT_EQ(ErrorCode(in_use), "CONFLICT_006");
  EXPECT_EQ(in_use.Json().at("error").at("details").at("devices").at(0), device.c_str());
  // Another organization's playlist cannot be a default.
  const Account other = AccountFrom(Register("eve@example.com", "Other"));
  auto theirs = client_->Call(other.token, "POST", "/api/v1/playlists", R"({"name":"Theirs"})");
  ASSERT_EQ(theirs.status, 201);
  EXPECT_EQ(Call("PATCH", "/api/v1/devices/" + device,
                 R"({"defaultPlaylistId":")" +
                     std::string(theirs.Json().at("playlist").at("id").as_string()) + "\"}")
                .status,
            422);
  ASSERT_EQ(Call("PATCH", "/api/v1/devices/" + device, R"({"defaultPlaylistId":null})").status,
            200);
  EXPECT_EQ(Call("DELETE", "/api/v1/playlists/" + playlist).status, 204);
  EXPECT_EQ(Call("GET", "/api/v1/playlists/" + playlist).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, PlaylistsTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
