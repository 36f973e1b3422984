#pragma once

// Helpers shared by every test suite: temp directories, throwaway databases (SQLite files and
// fresh PostgreSQL databases on the server `scripts/test` starts), a blocking HTTP and
// WebSocket client, and a runner for the built `vizora` binary.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace testing_support {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

enum class Backend { kSqlite, kPostgres };
std::string BackendName(Backend backend);
std::vector<Backend> AllBackends();
// VIZORA_TEST_POSTGRES_URL (set by scripts/test), or nullopt when PostgreSQL is not available.
std::optional<std::string> PostgresAdminUrl();
std::optional<std::string> RedisUrl();

// The throwaway S3 server scripts/test starts (scripts/lib/throwaway-services.sh).
struct ThrowawayS3 {
  std::string url;       // "s3://BUCKET?endpoint=…&region=…", as --storage takes it
  std::string endpoint;  // "http://127.0.0.1:PORT"
  std::string bucket;
  unsigned short port = 0;
  std::string access_key, secret_key;
  // Sets AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for this process and what it starts.
  void ExportKeys() const;
  // s3cmd, an independent client, against it: its standard output.
  std::string S3cmd(const std::string& args) const;
};
// Nullopt when the tests run without one (not through make test). When there is one, its
// keys are exported (ExportKeys): servers the test starts can use it at once.
std::optional<ThrowawayS3> FindThrowawayS3();
// A new, empty database: a file under `dir` for SQLite, a freshly created database for
// PostgreSQL. Callers skip the test when the backend is unavailable (see PostgresAdminUrl).
std::string FreshDatabaseUrl(Backend backend, const TempDir& dir);

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& lower_name) const;
  boost::json::value Json() const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// One connection, kept alive across requests. Throws on connection errors.
class HttpClient {
 public:
  // `source`: the local address to connect from ("127.0.0.2": another client, as the server
  // sees it; all of 127/8 is loopback).
  explicit HttpClient(unsigned short port, std::string host = "127.0.0.1", std::string source = "");
  ~HttpClient();
  HttpResponse Send(const HttpRequest& request);
  HttpResponse Get(const std::string& target) { return Send({"GET", target, {}, {}}); }
  HttpResponse PostJson(const std::string& target, const std::string& json);
  // A request with "Authorization: Bearer <token>" and, when there is a body, JSON.
  HttpResponse Call(const std::string& token, const std::string& method, const std::string& target,
                    const std::string& json_body = "");
  // True while the server keeps the connection open.
  bool IsOpen();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// multipart/form-data bodies for upload tests (Content-Type boundary: kBoundary).
inline constexpr std::string_view kBoundary = "vizora-test-boundary-7d1f";
struct Part {
  std::string name, value;
  std::string filename, content_type;  // a file part when filename is set
};
std::string Multipart(const std::vector<Part>& parts);

// The error code of a JSON error response ({"error":{"code"}}), or "" when there is none.
std::string ErrorCode(const HttpResponse& response);

// Who a register or login response made: its tokens and ids.
struct Account {
  std::string token, refresh, user_id, organization_id;
};
Account AccountFrom(const HttpResponse& session);

// A screen paired the way a player and an admin do it (pairing request, complete, status).
struct PairedScreen {
  std::string id, token;
};
PairedScreen PairScreen(HttpClient& client, const std::string& admin_token,
                        const std::string& nickname);

// A web page in the admin's organization (content that is ready at once); returns its id.
std::string CreateWebPage(HttpClient& client, const std::string& admin_token,
                          const std::string& title);

// Regular files anywhere below `dir` (0 when it does not exist): what a test left behind.
std::size_t FilesUnder(const std::filesystem::path& dir);

// Sends raw bytes on a fresh connection and returns everything the server sends back until
// it closes the connection or `wait` passes.
std::string RawExchange(unsigned short port, const std::string& bytes,
                        std::chrono::milliseconds wait = std::chrono::milliseconds(3000));
// Milliseconds until the server closes a connection on which `bytes` were sent (and nothing
// more), or nullopt if it is still open after `limit`.
std::optional<long> MillisUntilClosed(unsigned short port, const std::string& bytes,
                                      std::chrono::milliseconds limit);

// The same for a client that, after `head`, sends one more byte every `every` (a trickled
// body), until the server closes or `limit` passes.
std::optional<long> MillisUntilClosedTrickling(unsigned short port, const std::string& head,
                                               std::chrono::milliseconds every,
                                               std::chrono::milliseconds limit);

class WsClient {
 public:
  WsClient(unsigned short port, const std::string& target,
           std::vector<std::pair<std::string, std::string>> headers = {});
  ~WsClient();
  void Send(const std::string& text);
  void SendBinary(const std::string& bytes);
  void Ping();  // a ping control frame (its pong is consumed by the next Read)
  // The next text message, or nullopt if the socket closed or `wait` passed.
  std::optional<std::string> Read(std::chrono::milliseconds wait = std::chrono::milliseconds(3000));
  // The close code the server sent, once Read has returned nullopt because of a close.
  std::optional<int> close_code() const;
  void Close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The next frame whose "type" is `type` (other frames are skipped); nullopt when the socket
// closes or `wait` passes first.
std::optional<boost::json::object> NextFrame(
    WsClient& ws, const std::string& type,
    std::chrono::milliseconds wait = std::chrono::milliseconds(3000));

// The HTTP status of a refused WebSocket upgrade (e.g. 403), or 101 when it was accepted.
int UpgradeStatus(unsigned short port, const std::string& target,
                  std::vector<std::pair<std::string, std::string>> headers = {});

// A test run once per database backend (INSTANTIATE with ::testing::ValuesIn(AllBackends())):
// SetUp skips PostgreSQL when it is unavailable and creates a fresh database in database_.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  TempDir dir_;
  std::string database_;
};

class ServerProcess;
class HttpClient;

// BackendTest plus a running server on that database and a client connected to it.
class ServerBackendTest : public BackendTest {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Flags added to `vizora serve` for this fixture's server.
  virtual std::vector<std::string> ExtraServerArgs() const { return {}; }
  // Replaces the server (same data and database) with one started with `extra` flags too.
  void Restart(std::vector<std::string> extra = {});
  // POST /api/v1/auth/register with a fixed password ("correct horse") and names.
  HttpResponse Register(const std::string& email, const std::string& organization);
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
};

// The built binaries (or the copies VIZORA_TEST_BINARY and VIZTUBE_TEST_BINARY name).
extern const char* const kVizoraBinary;
extern const char* const kVizTubeBinary;

// Runs a built server binary (`vizora` unless told otherwise). Output goes to a log file in the
// data directory.
class ServerProcess {
 public:
  // Starts `vizora serve --listen 127.0.0.1:0 --data DIR` plus `extra_args`, and waits for it
  // to log that it listens. Throws if it exits or does not listen within 15 s.
  ServerProcess(const std::filesystem::path& data_dir, std::vector<std::string> extra_args = {},
                std::vector<std::string> env = {}, std::string binary = kVizoraBinary);
  ~ServerProcess();
  unsigned short port() const { return port_; }
  int pid() const { return pid_; }
  // Sends SIGTERM and waits; returns the exit status.
  int Stop(std::chrono::milliseconds wait = std::chrono::milliseconds(15000));
  // SIGKILL, as a crash or the OOM killer would: nothing of the server runs after it.
  void Kill();
  std::string Log() const;
  // Whether a process named `name` (as /proc/PID/comm says) is a child of the server now:
  // FFmpeg mid-conversion, say.
  bool HasChild(std::string_view name) const;
  // Milliseconds from spawn to the "listening" log line.
  long startup_millis() const { return startup_millis_; }

 private:
  int pid_ = -1;
  unsigned short port_ = 0;
  long startup_millis_ = 0;
  std::filesystem::path log_path_;
};

// Starts ARGS (an absolute path first) with the test's environment minus VIZORA_* plus
// `extra_env`, its standard output and error into `output`; returns its pid.
int SpawnProcess(std::vector<std::string> args, const std::vector<std::string>& extra_env,
                 const std::filesystem::path& output);

// Starts a helper server of the tests' own (ARGS: an interpreter and its script) with its
// output in DIR/server.log, and waits until it writes DIR/ready, as the SMTP sink and the
// Stripe stand-in do once they listen. Fails the test (with the log) after 15 s.
int SpawnUntilReady(std::vector<std::string> args, const std::filesystem::path& dir);

// Runs `vizora ARGS...` (or another binary) to completion; returns {exit code, combined output}.
std::pair<int, std::string> RunVizora(std::vector<std::string> args,
                                      std::vector<std::string> env = {},
                                      std::string binary = kVizoraBinary);

// The crash tests' kills: CRASH_KILLS (make soak sets 500), else `otherwise`.
int CrashKills(int otherwise = 4);
// One round of a crash test: `writers` threads run `write(writer, stop)` while `server` is
// SIGKILLed 200–1000 ms in (as `random` picks); returns once every writer has stopped.
void KillWhileWriting(ServerProcess& server, int writers,
                      const std::function<void(int writer, std::atomic<bool>& stop)>& write,
                      std::mt19937& random);

}  // namespace testing_support
