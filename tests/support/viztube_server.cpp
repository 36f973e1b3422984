#include "tests/support/viztube_server.hpp"

#include <gtest/gtest.h>

#include "tests/support/media_samples.hpp"

namespace testing_support {

void VizTubeServerTest::SetUp() {
  BackendTest::SetUp();
  if (IsSkipped()) return;
  std::vector<std::string> args = {"--database", database_};
  for (auto& extra : ExtraServerArgs()) args.push_back(std::move(extra));
  server_ = std::make_unique<ServerProcess>(dir_.path() / "data", std::move(args),
                                            std::vector<std::string>{}, kVizTubeBinary);
  client_ = std::make_unique<HttpClient>(server_->port());
  MakeImage(dir_.path() / "fixture-avatar.png", 64, 64);
  avatar_ = ReadFile(dir_.path() / "fixture-avatar.png");
}

void VizTubeServerTest::TearDown() {
  client_.reset();
  if (server_) {
    EXPECT_EQ(server_->Stop(), 0) << server_->Log();
  }
}

HttpResponse VizTubeServerTest::SendForm(const std::string& method, const std::string& target,
                                         const std::string& token, const std::vector<Part>& parts) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}};
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  HttpClient client(server_->port());
  return client.Send({method, target, Multipart(parts), headers});
}

HttpResponse VizTubeServerTest::UploadVideo(const std::string& token,
                                            const std::filesystem::path& file,
                                            const std::string& title) {
  return SendForm(
      "POST", "/api/v2/videos", token,
      {{"title", title}, {"videoFile", ReadFile(file), file.filename().string(), "video/mp4"}});
}

const std::string& VizTubeServerTest::Clip() {
  if (clip_.empty()) {
    MakeVideo(dir_.path() / "clip.mp4", 1.0, 160, 120);
    clip_ = ReadFile(dir_.path() / "clip.mp4");
  }
  return clip_;
}

std::string VizTubeServerTest::UploadClip(const std::string& token, const std::string& title) {
  const auto r = SendForm("POST", "/api/v2/videos", token,
                          {{"title", title}, {"videoFile", Clip(), "clip.mp4", "video/mp4"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? std::string(r.Json().at("data").at("id").as_string()) : "";
}

VizTubeServerTest::SignedUp VizTubeServerTest::SignUp(HttpClient& client, const std::string& name) {
  const auto reg = SendForm("POST", "/api/v2/user/register", "",
                            {{"fullname", name},
                             {"email", name + "@example.com"},
                             {"username", name},
                             {"password", std::string(kPassword)},
                             {"avatar", avatar_, "a.png", "image/png"}});
  EXPECT_EQ(reg.status, 201) << reg.body;
  const auto login =
      client.PostJson("/api/v2/user/login", R"({"username":")" + name + R"(","password":")" +
                                                std::string(kPassword) + R"("})");
  EXPECT_EQ(login.status, 200) << login.body;
  return {std::string(reg.Json().at("data").at("id").as_string()),
          std::string(login.Json().at("data").at("accessToken").as_string())};
}

}  // namespace testing_support
