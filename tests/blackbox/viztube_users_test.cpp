// VizTube's users over real HTTP on SQLite and PostgreSQL (VIZTUBE-API.md "Users"): the
// envelope, registration with images checked by their bytes, sign-in by email or username,
// cookie flags, rotation and reuse, logout, password change, CSRF, and nothing half-written.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "platform/auth/jwt.hpp"
#include "platform/core/ids.hpp"
#include "tests/support/media_samples.hpp"
#include "tests/support/support.hpp"
#include "tests/support/viztube_server.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace testing_support;

class VizTubeUsersTest : public VizTubeServerTest {
 protected:
  void SetUp() override {
    VizTubeServerTest::SetUp();
    if (IsSkipped()) return;
    MakeImage(dir_.path() / "avatar.png", 900, 600);
    MakeRotatedJpeg(dir_.path() / "cover.jpg", 2400, 1200);
    avatar_ = ReadFile(dir_.path() / "avatar.png");
    cover_ = ReadFile(dir_.path() / "cover.jpg");
  }

  HttpResponse Register(const std::string& username, const std::string& email,
                        bool with_cover = false) {
    std::vector<Part> parts = {{"fullname", "Ada Lovelace"},
                               {"email", email},
                               {"username", username},
                               {"password", std::string(kPassword)},
                               {"avatar", avatar_, "me.png", "image/png"}};
    if (with_cover) parts.push_back({"coverImage", cover_, "cover.jpg", "image/jpeg"});
    return SendForm("POST", "/api/v2/user/register", "", parts);
  }
  HttpResponse Login(const std::string& field, const std::string& value,
                     std::string_view password = kPassword) {
    return client_->PostJson("/api/v2/user/login",
                             json::serialize(json::object{{field, value}, {"password", password}}));
  }
  static json::object Data(const HttpResponse& r) { return r.Json().at("data").as_object(); }
  static std::string Code(const HttpResponse& r) {
    return std::string(r.Json().at("code").as_string());
  }
  static std::string FieldOf(const HttpResponse& r) {
    const json::value body = r.Json();
    const auto& errors = body.at("errors").as_array();
    return errors.empty() ? "" : std::string(errors[0].at("field").as_string());
  }
  std::size_t StoredObjects() const {
    return FilesUnder(dir_.path() / "data" / "blobs" / "objects");
  }
  std::size_t TempFiles() const { return FilesUnder(dir_.path() / "data" / "blobs" / "tmp"); }

  std::string cover_;
};

TEST_P(VizTubeUsersTest, RegisterStoresCleanImagesAndAnswersInTheEnvelope) {
  const auto r = Register("Ada.L", "ADA@example.com", true);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto body = r.Json().as_object();
  EXPECT_EQ(body.at("statusCode").as_int64(), 201);
  EXPECT_TRUE(body.at("success").as_bool());
  const auto user = Data(r);
  EXPECT_EQ(user.at("username").as_string(), "ada.l") << "stored lower-case";
  EXPECT_EQ(user.at("email").as_string(), "ada@example.com");
  EXPECT_EQ(user.at("fullname").as_string(), "Ada Lovelace");
  EXPECT_FALSE(user.contains("password"));
  EXPECT_FALSE(user.contains("refreshToken"));
  EXPECT_EQ(user.at("id").as_string().size(), 36u);
  // The images: JPEG, scaled, stripped of metadata (no EXIF), immutable, Range and ETag.
  const auto avatar = client_->Get(std::string(user.at("avatar").as_string()));
  ASSERT_EQ(avatar.status, 200);
  EXPECT_EQ(avatar.Header("content-type"), "image/jpeg");
  EXPECT_EQ(avatar.body.substr(0, 3), "\xff\xd8\xff");
  EXPECT_NE(avatar.Header("cache-control").find("immutable"), std::string::npos);
  const auto cover = client_->Get(std::string(user.at("coverImage").as_string()));
  ASSERT_EQ(cover.status, 200);
  EXPECT_EQ(cover.body.find("Exif"), std::string::npos) << "metadata stripped";
  EXPECT_LT(cover.body.size(), cover_.size());
  const auto again = client_->Send({"GET",
                                    std::string(user.at("avatar").as_string()),
                                    {},
                                    {{"If-None-Match", avatar.Header("etag")}}});
  EXPECT_EQ(again.status, 304);
  const auto range = client_->Send(
      {"GET", std::string(user.at("avatar").as_string()), {}, {{"Range", "bytes=0-9"}}});
  EXPECT_EQ(range.status, 206);
  EXPECT_EQ(range.body, avatar.body.substr(0, 10));
  EXPECT_EQ(StoredObjects(), 2u);
  EXPECT_EQ(client_->Get("/api/v2/media/users/../../secrets/jwt-signing-key").status, 404);
}

TEST_P(VizTubeUsersTest, TakenNamesAndBadInputLeaveNothingBehind) {
  ASSERT_EQ(Register("ada", "ada@example.com").status, 201);
  const std::size_t stored = StoredObjects();
  const auto same_email = Register("other", "Ada@Example.com");
  EXPECT_EQ(same_email.status, 409);
  EXPECT_EQ(Code(same_email), "CONFLICT");
  EXPECT_EQ(FieldOf(same_email), "email");
  const auto same_name = Register("ADA", "new@example.com");
  EXPECT_EQ(same_name.status, 409);
  EXPECT_EQ(FieldOf(same_name), "username");

  const auto field = [&](std::vector<Part> parts) {
    return SendForm("POST", "/api/v2/user/register", "", parts);
  };
  const Part avatar{"avatar", avatar_, "a.png", "image/png"};
  struct Case {
    std::vector<Part> parts;
    int status;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"fullname", "X"},
        {"email", "x@example.com"},
        {"username", "xx"},
        {"password", "longenough"},
        avatar},
       400,
       "username"},
      {{{"fullname", "X"},
        {"email", "x@example.com"},
        {"username", "x y"},
        {"password", "longenough"},
        avatar},
       400,
       "username"},
      {{{"fullname", "X"},
        {"email", "x@example.com"},
        {"username", "robert'); DROP TABLE users;--"},
        {"password", "longenough"},
        avatar},
       400,
       "username"},
      {{{"fullname", "X"},
        {"email", "not-an-email"},
        {"username", "xxx"},
        {"password", "longenough"},
        avatar},
       400,
       "email"},
      {{{"fullname", "X"},
        {"email", "x@example.com"},
        {"username", "xxx"},
        {"password", "short"},
        avatar},
       400,
       "password"},
      {{{"fullname", std::string(101, 'f')},
        {"email", "x@example.com"},
        {"username", "xxx"},
        {"password", "longenough"},
        avatar},
       400,
       "fullname"},
      {{{"fullname", "\xc3("},
        {"email", "x@example.com"},
        {"username", "xxx"},
        {"password", "longenough"},
        avatar},
       400,
       "fullname"},
      {{{"fullname", "X"},
        {"email", "x@example.com"},
        {"username", "xxx"},
        {"password", "longenough"}},
       400,
       "avatar"},
      {{{"fullname", "X"},
        {"email", "x@example.com"},
        {"username", "xxx"},
        {"password", "longenough"},
        {"avatar", "<html>not an image</html>", "a.png", "image/png"}},
       415,
       ""},
      {{{"fullname", "X"},
        {"email", "x@example.com"},
        {"username", "xxx"},
        {"password", "longenough"},
        {"avatar", "\xff\xd8\xff\xe0 truncated jpeg", "a.jpg", "image/jpeg"}},
       422,
       "avatar"},
      {{{"fullname", "X"},
        {"email", "x@example.com"},
        {"username", "xxx"},
        {"password", "longenough"},
        avatar,
        {"resume", "x", "cv.pdf", "application/pdf"}},
       400,
       "resume"},
  };
  for (const auto& c : cases) {
    const auto r = field(c.parts);
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_FALSE(r.Json().at("success").as_bool());
    EXPECT_TRUE(r.Json().at("data").is_null());
    if (!c.field.empty()) {
      EXPECT_EQ(FieldOf(r), c.field) << r.body;
    }
  }
  // A body larger than two images is refused from its declared length, before it is read.
  const std::string raw = RawExchange(
      server_->port(),
      "POST /api/v2/user/register HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
      "boundary=x\r\nContent-Length: 5000000000\r\n\r\n");
  EXPECT_NE(raw.find("413"), std::string::npos) << raw.substr(0, 200);
  EXPECT_NE(raw.find("PAYLOAD_TOO_LARGE"), std::string::npos);
  // An avatar that passes 10 MB as it streams: 413 once the bytes pass the limit.
  // Sent whole at once: the server answers as soon as the limit is passed, and the client
  // still sees the answer although it is still sending.
  const std::string form =
      Multipart({{"fullname", "X"},
                 {"email", "x@example.com"},
                 {"username", "xxx"},
                 {"password", "longenough"},
                 {"avatar", avatar_ + std::string(11 << 20, 'p'), "a.png", "image/png"}});
  const std::string big = RawExchange(
      server_->port(),
      "POST /api/v2/user/register HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; "
      "boundary=" +
          std::string(kBoundary) + "\r\nContent-Length: " + std::to_string(form.size()) +
          "\r\n\r\n" + form);
  EXPECT_TRUE(big.starts_with("HTTP/1.1 413")) << big.substr(0, 300);
  EXPECT_NE(big.find("PAYLOAD_TOO_LARGE"), std::string::npos);
  // A form cut off in the middle of the avatar.
  std::string cut = Multipart({{"fullname", "X"}, {"avatar", avatar_, "a.png", "image/png"}});
  cut.resize(cut.size() / 2);
  cut += "--" + std::string(kBoundary) + "--\r\n";
  const auto truncated = client_->Send(
      {"POST",
       "/api/v2/user/register",
       cut,
       {{"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}});
  EXPECT_EQ(truncated.status, 400) << truncated.body;
  EXPECT_EQ(StoredObjects(), stored) << "no orphan images";
  EXPECT_EQ(TempFiles(), 0u);
  EXPECT_EQ(Login("email", "x@example.com", "longenough").status, 401) << "no half-made account";
}

TEST_P(VizTubeUsersTest, LoginByEmailOrUsernameSetsStrictCookies) {
  ASSERT_EQ(Register("ada", "ada@example.com").status, 201);
  const auto by_email = Login("email", "ADA@example.com");
  ASSERT_EQ(by_email.status, 200) << by_email.body;
  const auto data = Data(by_email);
  EXPECT_FALSE(data.at("accessToken").as_string().empty());
  EXPECT_FALSE(data.at("refreshToken").as_string().empty());
  EXPECT_EQ(data.at("user").at("username").as_string(), "ada");
  const std::string cookies = by_email.Header("set-cookie");
  for (const char* cookie : {"accessToken=", "refreshToken="}) {
    const auto at = cookies.find(cookie);
    ASSERT_NE(at, std::string::npos) << cookies;
    const std::string one = cookies.substr(at, cookies.find(", ", at) - at);
    EXPECT_NE(one.find("HttpOnly"), std::string::npos) << one;
    EXPECT_NE(one.find("SameSite=Strict"), std::string::npos) << one;
    EXPECT_NE(one.find("Path=/;"), std::string::npos) << one;
    EXPECT_EQ(one.find("Secure"), std::string::npos) << "plain HTTP here";
  }
  EXPECT_EQ(Login("username", "Ada").status, 200);
  const auto wrong = Login("username", "ada", "wrong horse");
  const auto nobody = Login("username", "nobody", "wrong horse");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(Code(wrong), "UNAUTHENTICATED");
  EXPECT_EQ(wrong.Json().at("message"), nobody.Json().at("message"));
  EXPECT_EQ(client_->PostJson("/api/v2/user/login", R"({"password":"x"})").status, 400);
  EXPECT_EQ(client_->PostJson("/api/v2/user/login", "not json").status, 400);
}

TEST_P(VizTubeUsersTest, RefreshRotatesAndReuseRevokesTheWholeFamily) {
  ASSERT_EQ(Register("ada", "ada@example.com").status, 201);
  const auto login = Data(Login("username", "ada"));
  const std::string first(login.at("refreshToken").as_string());
  // By body.
  const auto rotated = client_->PostJson("/api/v2/user/refresh-token",
                                         json::serialize(json::object{{"refreshToken", first}}));
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string second(Data(rotated).at("refreshToken").as_string());
  EXPECT_NE(second, first);
  // By cookie.
  const auto by_cookie = client_->Send(
      {"POST", "/api/v2/user/refresh-token", {}, {{"Cookie", "refreshToken=" + second}}});
  ASSERT_EQ(by_cookie.status, 200);
  const std::string third(Data(by_cookie).at("refreshToken").as_string());
  const std::string access(Data(by_cookie).at("accessToken").as_string());
  const auto me = client_->Call(access, "GET", "/api/v2/user/current-user-details");
  EXPECT_EQ(me.status, 200);
  EXPECT_FALSE(Data(me).contains("emailVerified"))
      << "a server without mail verifies no address, so does not say";
  // The first token again: someone has a copy. The newest token and its access token die.
  const auto reused = client_->PostJson("/api/v2/user/refresh-token",
                                        json::serialize(json::object{{"refreshToken", first}}));
  EXPECT_EQ(reused.status, 401);
  EXPECT_NE(reused.Header("set-cookie").find("refreshToken=; Path=/; Max-Age=0"),
            std::string::npos);
  EXPECT_EQ(client_
                ->PostJson("/api/v2/user/refresh-token",
                           json::serialize(json::object{{"refreshToken", third}}))
                .status,
            401);
  EXPECT_EQ(client_->Call(access, "GET", "/api/v2/user/current-user-details").status, 401);
}

TEST_P(VizTubeUsersTest, ForgedAndExpiredAccessTokensAreRefused) {
  ASSERT_EQ(Register("ada", "ada@example.com").status, 201);
  const std::string access(Data(Login("username", "ada")).at("accessToken").as_string());
  const auto me = [&](const std::string& token) {
    return client_->Call(token, "GET", "/api/v2/user/current-user-details").status;
  };
  ASSERT_EQ(me(access), 200);
  const auto dot1 = access.find('.'), dot2 = access.rfind('.');
  const std::string payload = access.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string signature = access.substr(dot2 + 1);
  const auto header = [](const std::string& alg) {
    return platform::Base64UrlEncode(R"({"alg":")" + alg + R"(","typ":"JWT"})");
  };
  std::string key;
  std::ifstream(dir_.path() / "data" / "secrets" / "jwt-signing-key") >> key;
  const auto claims = platform::auth::VerifyJwt(access, key, 0);
  ASSERT_TRUE(claims.has_value()) << "the test reads the server's key";
  json::object expired = *claims, other_user = *claims;
  expired["exp"] = 1000;
  other_user["sub"] = "000000000000000000000000";
  for (const auto& [name, token] : std::vector<std::pair<std::string, std::string>>{
           {"alg none", header("none") + "." + payload + "."},
           {"alg none, signature kept", header("none") + "." + payload + "." + signature},
           {"alg RS256 (key confusion)", header("RS256") + "." + payload + "." + signature},
           {"alg HS512", header("HS512") + "." + payload + "." + signature},
           {"another user, same signature",
            header("HS256") + "." + platform::Base64UrlEncode(json::serialize(other_user)) + "." +
                signature},
           {"signed with another key", platform::auth::SignJwt(*claims, "not-the-servers-key")},
           {"expired", platform::auth::SignJwt(expired, key)},
       }) {
    EXPECT_EQ(me(token), 401) << name;
  }
  EXPECT_EQ(me(access), 200) << "the real token still works";
}

TEST_P(VizTubeUsersTest, LogoutAndPasswordChangeEndSessions) {
  ASSERT_EQ(Register("ada", "ada@example.com").status, 201);
  const auto a = Data(Login("username", "ada"));
  const auto b = Data(Login("username", "ada"));
  const std::string a_access(a.at("accessToken").as_string());
  const std::string b_access(b.at("accessToken").as_string());
  const auto me = client_->Call(a_access, "GET", "/api/v2/user/current-user-details");
  ASSERT_EQ(me.status, 200);
  EXPECT_FALSE(Data(me).contains("password"));
  EXPECT_EQ(client_->Get("/api/v2/user/current-user-details").status, 401);

  const auto wrong_old = client_->Call(a_access, "POST", "/api/v2/user/change-password",
                                       R"({"oldPassword":"nope","newPassword":"a new horse"})");
  EXPECT_EQ(wrong_old.status, 400);
  EXPECT_EQ(FieldOf(wrong_old), "oldPassword");
  EXPECT_EQ(client_
                ->Call(a_access, "POST", "/api/v2/user/change-password",
                       R"({"oldPassword":"correct horse","newPassword":"short"})")
                .status,
            400);
  ASSERT_EQ(client_
                ->Call(a_access, "POST", "/api/v2/user/change-password",
                       R"({"oldPassword":"correct horse","newPassword":"a new horse"})")
                .status,
            200);
  EXPECT_EQ(client_->Call(a_access, "GET", "/api/v2/user/current-user-details").status, 200)
      << "the session that changed it stays";
  EXPECT_EQ(client_->Call(b_access, "GET", "/api/v2/user/current-user-details").status, 401);
  EXPECT_EQ(Login("username", "ada").status, 401);
  EXPECT_EQ(Login("username", "ada", "a new horse").status, 200);

  const auto out = client_->Call(a_access, "POST", "/api/v2/user/logout");
  ASSERT_EQ(out.status, 200);
  EXPECT_NE(out.Header("set-cookie").find("accessToken=; Path=/; Max-Age=0"), std::string::npos);
  EXPECT_EQ(client_->Call(a_access, "GET", "/api/v2/user/current-user-details").status, 401);
  EXPECT_EQ(client_
                ->PostJson("/api/v2/user/refresh-token",
                           json::serialize(json::object{{"refreshToken", a.at("refreshToken")}}))
                .status,
            401);
}

TEST_P(VizTubeUsersTest, AccountAndImagesChangeAndCookieWritesNeedOurOrigin) {
  const auto reg = Register("ada", "ada@example.com", true);
  ASSERT_EQ(reg.status, 201);
  ASSERT_EQ(Register("grace", "grace@example.com").status, 201);
  const auto login = Login("username", "ada");
  const std::string access(Data(login).at("accessToken").as_string());
  const std::string cookie = "accessToken=" + access;
  const std::string patch = R"({"fullname":"Ada King"})";
  const auto foreign = client_->Send({"PATCH",
                                      "/api/v2/user/update-account",
                                      patch,
                                      {{"Content-Type", "application/json"},
                                       {"Cookie", cookie},
                                       {"Origin", "https://evil.example"}}});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(Code(foreign), "FORBIDDEN");
  const auto own = client_->Send({"PATCH",
                                  "/api/v2/user/update-account",
                                  patch,
                                  {{"Content-Type", "application/json"},
                                   {"Cookie", cookie},
                                   {"Origin", "http://127.0.0.1"}}});  // the client's Host
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(Data(own).at("fullname").as_string(), "Ada King");
  const auto bearer = client_->Send({"PATCH",
                                     "/api/v2/user/update-account",
                                     R"({"email":"ADA@king.example"})",
                                     {{"Content-Type", "application/json"},
                                      {"Authorization", "Bearer " + access},
                                      {"Origin", "https://evil.example"}}});
  ASSERT_EQ(bearer.status, 200) << "a bearer token is not ambient";
  EXPECT_EQ(Data(bearer).at("email").as_string(), "ada@king.example");
  EXPECT_EQ(Login("email", "ada@king.example").status, 200);
  const auto taken = client_->Call(access, "PATCH", "/api/v2/user/update-account",
                                   R"({"email":"grace@example.com"})");
  EXPECT_EQ(taken.status, 409);
  EXPECT_EQ(client_->Call(access, "PATCH", "/api/v2/user/update-account", "{}").status, 400);

  const std::string old_avatar(Data(reg).at("avatar").as_string());
  const auto replaced = SendForm("PATCH", "/api/v2/user/update-avatar", access,
                                 {{"avatar", cover_, "new.jpg", "image/jpeg"}});
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  const std::string new_avatar(Data(replaced).at("avatar").as_string());
  EXPECT_NE(new_avatar, old_avatar);
  EXPECT_EQ(client_->Get(new_avatar).status, 200);
  for (int i = 0; i < 100 && client_->Get(old_avatar).status != 404; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(client_->Get(old_avatar).status, 404) << "the old file is deleted";
  const auto not_image = SendForm("PATCH", "/api/v2/user/update-cover-image", access,
                                  {{"coverImage", "%PDF-1.4 not an image", "c.jpg", "image/jpeg"}});
  EXPECT_EQ(not_image.status, 415);
  EXPECT_EQ(Code(not_image), "UNSUPPORTED_MEDIA_TYPE");
  EXPECT_EQ(SendForm("PATCH", "/api/v2/user/update-avatar", "",
                     {{"avatar", avatar_, "a.png", "image/png"}})
                .status,
            401);
}

TEST_P(VizTubeUsersTest, PlatformAnswersWearTheEnvelopeAndTheApiDescribesItself) {
  const auto missing = client_->Get("/api/v2/no-such-route");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Code(missing), "NOT_FOUND");
  EXPECT_EQ(missing.Json().at("statusCode").as_int64(), 404);
  const auto health = client_->Get("/api/v2/healthcheck");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(Data(health).at("status").as_string(), "ok");
  const auto openapi = client_->Get("/api/v2/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  const json::value document = openapi.Json();
  const auto& paths = document.at("paths").as_object();
  for (const char* path : {"/api/v2/user/register", "/api/v2/user/login",
                           "/api/v2/user/refresh-token", "/api/v2/user/current-user-details"}) {
    EXPECT_TRUE(paths.contains(path)) << path;
  }
  const auto version = client_->Get("/api/v2/version");
  EXPECT_EQ(version.status, 200);
  EXPECT_EQ(client_->Get("/").status, 200);
}

TEST(VizTubeCli, CommandsFlagsAndMigrate) {
  auto [code, out] = RunVizora({"version"}, {}, kVizTubeBinary);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out.rfind("viztube ", 0), 0u);
  auto [help_code, help] = RunVizora({"--help"}, {}, kVizTubeBinary);
  EXPECT_EQ(help_code, 0);
  for (const char* word : {"serve", "migrate", "--listen", "127.0.0.1:8090", "--database",
                           "--redis", "--storage", "VIZTUBE_"}) {
    EXPECT_NE(help.find(word), std::string::npos) << word;
  }
  EXPECT_EQ(RunVizora({"serve"}, {"VIZTUBE_ROLES=chef"}, kVizTubeBinary).first, 2);
  EXPECT_EQ(RunVizora({"frobnicate"}, {}, kVizTubeBinary).first, 2);
  TempDir dir;
  const std::string url = "sqlite://" + (dir.path() / "v.db").string();
  auto [migrated, report] = RunVizora({"migrate", "--database", url}, {}, kVizTubeBinary);
  ASSERT_EQ(migrated, 0) << report;
  EXPECT_NE(report.find("\"schemaVersion\":"), std::string::npos) << report;
  EXPECT_EQ(report.find("\"applied\":[]"), std::string::npos) << "the first run applies";
  auto [again, second] = RunVizora({"migrate", "--database", url}, {}, kVizTubeBinary);
  EXPECT_EQ(again, 0);
  EXPECT_NE(second.find("\"applied\":[]"), std::string::npos) << second;
}

INSTANTIATE_TEST_SUITE_P(Backends, VizTubeUsersTest, ::testing::ValuesIn(AllBackends()),
                         [](const auto& info) { return BackendName(info.param); });

}  // namespace
