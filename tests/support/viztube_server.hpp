#pragma once

// For VizTube's black-box tests: BackendTest plus a running `viztube` on that database, a
// client connected to it, and the few steps every test takes (multipart forms, sign-ups).

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/support.hpp"

namespace testing_support {

class VizTubeServerTest : public BackendTest {
 public:
  static constexpr std::string_view kPassword = "correct horse";
  struct SignedUp {
    std::string id, token;
  };

 protected:
  void SetUp() override;  // starts viztube; avatar_ is a small PNG
  void TearDown() override;
  // Flags added to `viztube serve` for this fixture's server.
  virtual std::vector<std::string> ExtraServerArgs() const { return {}; }

  // A multipart/form-data request on a connection of its own (the server closes one after
  // refusing an upload part-way); with "Authorization: Bearer TOKEN" unless `token` is empty.
  HttpResponse SendForm(const std::string& method, const std::string& target,
                        const std::string& token, const std::vector<Part>& parts);
  // POST /api/v2/videos: `file` (an MP4) titled `title`, as `token`.
  HttpResponse UploadVideo(const std::string& token, const std::filesystem::path& file,
                           const std::string& title);
  // A one-second 160×120 MP4, made on first use (call it before sharing it with threads).
  const std::string& Clip();
  // POST /api/v2/videos: Clip() titled `title`, as `token`; the new video's id.
  std::string UploadClip(const std::string& token, const std::string& title);
  // Registers `name` (name@example.com, kPassword, avatar_) and logs in.
  SignedUp SignUp(HttpClient& client, const std::string& name);
  SignedUp SignUp(const std::string& name) { return SignUp(*client_, name); }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::string avatar_;

 private:
  std::string clip_;
};

}  // namespace testing_support
