#include "tests/support/support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "platform/store/database.hpp"

extern char** environ;

namespace testing_support {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
namespace fs = std::filesystem;

namespace {

std::string RandomSuffix() {
  static std::mt19937_64 rng{std::random_device{}()};
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::ostringstream out;
  out << std::hex << rng();
  return out.str();
}

}  // namespace

TempDir::TempDir() : path_(fs::temp_directory_path() / ("vizora-test-" + RandomSuffix())) {
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgres";
}

std::vector<Backend> AllBackends() {
  return {Backend::kSqlite, Backend::kPostgres};
}

std::optional<std::string> PostgresAdminUrl() {
  const char* url = std::getenv("VIZORA_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

std::optional<std::string> RedisUrl() {
  const char* url = std::getenv("VIZORA_TEST_REDIS_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

std::optional<ThrowawayS3> FindThrowawayS3() {
  const char* url = std::getenv("VIZORA_TEST_S3_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  ThrowawayS3 s3{.url = url};
  s3.endpoint = std::getenv("VIZORA_TEST_S3_ENDPOINT");
  s3.access_key = std::getenv("VIZORA_TEST_S3_ACCESS_KEY");
  s3.secret_key = std::getenv("VIZORA_TEST_S3_SECRET_KEY");
  s3.bucket = s3.url.substr(5, s3.url.find('?') - 5);  // after "s3://"
  s3.port = static_cast<unsigned short>(std::stoi(s3.endpoint.substr(s3.endpoint.rfind(':') + 1)));
  s3.ExportKeys();
  return s3;
}

void ThrowawayS3::ExportKeys() const {
  ::setenv("AWS_ACCESS_KEY_ID", access_key.c_str(), 1);
  ::setenv("AWS_SECRET_ACCESS_KEY", secret_key.c_str(), 1);
}

std::string ThrowawayS3::S3cmd(const std::string& args) const {
  const std::string host = endpoint.substr(endpoint.find("://") + 3);
  const std::string command = "s3cmd --access_key=" + access_key + " --secret_key=" + secret_key +
                              " --host=" + host + " --host-bucket=" + host + " --no-ssl " + args +
                              " 2>/dev/null";
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

std::string FreshDatabaseUrl(Backend backend, const TempDir& dir) {
  if (backend == Backend::kSqlite) return "sqlite://" + (dir.path() / "test.db").string();
  const auto admin = PostgresAdminUrl();
  if (!admin) throw std::runtime_error("PostgreSQL not available: run tests via make test");
  const std::string name = "vizora_test_" + RandomSuffix();
  auto db = platform::store::Database::Open(*admin, {.pool_size = 1});
  db->ReadBlocking(
      [&](platform::store::Connection& c) { c.ExecuteScript("CREATE DATABASE " + name); });
  // admin is postgresql://user@host:port/postgres: swap the database name.
  const auto slash = admin->rfind('/');
  return admin->substr(0, slash + 1) + name;
}

void BackendTest::SetUp() {
  if (GetParam() == Backend::kPostgres && !PostgresAdminUrl()) {
    GTEST_SKIP() << "PostgreSQL not available (run the tests through make test)";
  }
  database_ = FreshDatabaseUrl(GetParam(), dir_);
}

void ServerBackendTest::SetUp() {
  BackendTest::SetUp();
  if (IsSkipped()) return;
  Restart();
}

void ServerBackendTest::Restart(std::vector<std::string> extra) {
  client_.reset();
  if (server_) server_->Stop();
  std::vector<std::string> args{"--database", database_};
  for (auto& a : ExtraServerArgs()) args.push_back(std::move(a));
  for (auto& a : extra) args.push_back(std::move(a));
  server_ = std::make_unique<ServerProcess>(dir_.path() / "data", std::move(args));
  client_ = std::make_unique<HttpClient>(server_->port());
}

void ServerBackendTest::TearDown() {
  client_.reset();
  server_.reset();
}

HttpResponse ServerBackendTest::Register(const std::string& email,
                                         const std::string& organization) {
  return client_->PostJson("/api/v1/auth/register", boost::json::serialize(boost::json::object{
                                                        {"email", email},
                                                        {"password", "correct horse"},
                                                        {"firstName", "Ada"},
                                                        {"lastName", "Lovelace"},
                                                        {"organizationName", organization}}));
}

std::string HttpResponse::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

boost::json::value HttpResponse::Json() const {
  return boost::json::parse(body);
}

struct HttpClient::Impl {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
  tcp::endpoint server;
  bool closed_by_server = false;  // the last response said Connection: close
};

HttpClient::HttpClient(unsigned short port, std::string host, std::string source)
    : impl_(std::make_unique<Impl>()) {
  if (!source.empty()) {
    auto& socket = impl_->stream.socket();
    socket.open(tcp::v4());
    socket.bind(tcp::endpoint(asio::ip::make_address(source), 0));
  }
  impl_->server = tcp::endpoint(asio::ip::make_address(host), port);
  impl_->stream.connect(impl_->server);
}

HttpClient::~HttpClient() = default;

HttpResponse HttpClient::Send(const HttpRequest& request) {
  http::request<http::string_body> req{http::string_to_verb(request.method), request.target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : request.headers) req.set(name, value);
  req.body() = request.body;
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
      request.method == "PATCH") {
    req.prepare_payload();
  }
  if (impl_->closed_by_server) {
    // As any HTTP client does after "Connection: close": a new connection for the next
    // request (a proxy in between may close its side after such an answer).
    beast::error_code ignored;
    impl_->stream.socket().close(ignored);
    impl_->buffer.clear();
    impl_->stream.connect(impl_->server);
    impl_->closed_by_server = false;
  }
  impl_->stream.expires_after(std::chrono::seconds(30));
  http::write(impl_->stream, req);
  http::response_parser<http::string_body> parser;
  parser.body_limit(256 << 20);
  if (request.method == "HEAD") parser.skip(true);
  http::read(impl_->stream, impl_->buffer, parser);
  const auto& res = parser.get();
  impl_->closed_by_server = !res.keep_alive();
  HttpResponse out;
  out.status = res.result_int();
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto& slot = out.headers[name];
    slot = slot.empty() ? std::string(field.value()) : slot + ", " + std::string(field.value());
  }
  out.body = res.body();
  return out;
}

HttpResponse HttpClient::PostJson(const std::string& target, const std::string& json) {
  return Send({"POST", target, json, {{"Content-Type", "application/json"}}});
}

HttpResponse HttpClient::Call(const std::string& token, const std::string& method,
                              const std::string& target, const std::string& json_body) {
  std::vector<std::pair<std::string, std::string>> headers = {{"Authorization", "Bearer " + token}};
  if (!json_body.empty()) headers.emplace_back("Content-Type", "application/json");
  return Send({method, target, json_body, headers});
}

std::string ErrorCode(const HttpResponse& response) {
  try {
    return std::string(response.Json().at("error").at("code").as_string());
  } catch (const std::exception&) {
    return "";
  }
}

Account AccountFrom(const HttpResponse& session) {
  const auto v = session.Json();
  return {std::string(v.at("token").as_string()), std::string(v.at("refreshToken").as_string()),
          std::string(v.at("user").at("id").as_string()),
          std::string(v.at("organization").at("id").as_string())};
}

std::optional<boost::json::object> NextFrame(WsClient& ws, const std::string& type,
                                             std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    auto text = ws.Read(std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now()));
    if (!text) return std::nullopt;
    auto frame = boost::json::parse(*text);
    if (frame.is_object() && frame.as_object().at("type") == type.c_str()) {
      return std::move(frame.as_object());
    }
  }
  return std::nullopt;
}

PairedScreen PairScreen(HttpClient& client, const std::string& admin_token,
                        const std::string& nickname) {
  const auto ticket = client.PostJson("/api/v1/devices/pairing/request", "{}").Json();
  const std::string code(ticket.at("code").as_string());
  const auto done = client.Call(
      admin_token, "POST", "/api/v1/devices/pairing/complete",
      boost::json::serialize(boost::json::object{{"code", code}, {"nickname", nickname}}));
  if (done.status != 201) throw std::runtime_error("pairing failed: " + done.body);
  const auto status =
      client
          .Send({"GET",
                 "/api/v1/devices/pairing/status?code=" + code,
                 {},
                 {{"X-Pairing-Secret", std::string(ticket.at("pairingSecret").as_string())}}})
          .Json();
  return {std::string(status.at("deviceId").as_string()),
          std::string(status.at("deviceToken").as_string())};
}

std::string CreateWebPage(HttpClient& client, const std::string& admin_token,
                          const std::string& title) {
  const auto r = client.Call(
      admin_token, "POST", "/api/v1/content",
      boost::json::serialize(boost::json::object{
          {"type", "webpage"}, {"title", title}, {"url", "https://example.com/" + title}}));
  if (r.status != 201) throw std::runtime_error("creating a web page failed: " + r.body);
  return std::string(r.Json().at("content").at("id").as_string());
}

bool HttpClient::IsOpen() {
  impl_->stream.expires_after(std::chrono::milliseconds(200));
  char byte;
  beast::error_code ec;
  impl_->stream.socket().non_blocking(true);
  impl_->stream.socket().receive(asio::buffer(&byte, 1), tcp::socket::message_peek, ec);
  impl_->stream.socket().non_blocking(false);
  return ec == asio::error::would_block;
}

namespace {

// Reads until the peer closes or `wait` passes; returns what arrived and whether it closed.
// (Synchronous reads on a beast::tcp_stream ignore its timeout: run async ones instead.)
std::pair<std::string, bool> ReadUntilClosed(asio::io_context& io, tcp::socket& socket,
                                             std::chrono::milliseconds wait) {
  std::string out;
  bool closed = false;
  std::array<char, 4096> chunk;
  std::function<void(beast::error_code, std::size_t)> on_read = [&](beast::error_code ec,
                                                                    std::size_t n) {
    out.append(chunk.data(), n);
    if (ec) {
      closed = true;
      return;
    }
    socket.async_read_some(asio::buffer(chunk), on_read);
  };
  socket.async_read_some(asio::buffer(chunk), on_read);
  io.run_for(wait);
  if (!closed) {
    beast::error_code ignored;
    socket.close(ignored);
    io.restart();
    io.run();
  }
  return {out, closed};
}

}  // namespace

std::size_t FilesUnder(const std::filesystem::path& dir) {
  std::size_t n = 0;
  if (!std::filesystem::exists(dir)) return 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    n += e.is_regular_file() ? 1 : 0;
  }
  return n;
}

std::string RawExchange(unsigned short port, const std::string& bytes,
                        std::chrono::milliseconds wait) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  beast::error_code ec;
  asio::write(socket, asio::buffer(bytes), ec);
  return ReadUntilClosed(io, socket, wait).first;
}

std::optional<long> MillisUntilClosed(unsigned short port, const std::string& bytes,
                                      std::chrono::milliseconds limit) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  const auto start = std::chrono::steady_clock::now();
  beast::error_code ec;
  asio::write(socket, asio::buffer(bytes), ec);
  if (!ReadUntilClosed(io, socket, limit).second) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

std::optional<long> MillisUntilClosedTrickling(unsigned short port, const std::string& head,
                                               std::chrono::milliseconds every,
                                               std::chrono::milliseconds limit) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  const auto start = std::chrono::steady_clock::now();
  asio::write(socket, asio::buffer(head));
  while (std::chrono::steady_clock::now() - start < limit) {
    pollfd watch{.fd = socket.native_handle(), .events = POLLIN | POLLRDHUP, .revents = 0};
    if (::poll(&watch, 1, static_cast<int>(every.count())) > 0) {
      break;  // the server answered or closed: either way it stopped waiting for the body
    }
    beast::error_code ec;
    asio::write(socket, asio::buffer("x", 1), ec);
    if (ec) break;
  }
  const auto waited = std::chrono::steady_clock::now() - start;
  if (waited >= limit) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(waited).count();
}

struct WsClient::Impl {
  asio::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;
  std::optional<int> close_code;
};

WsClient::WsClient(unsigned short port, const std::string& target,
                   std::vector<std::pair<std::string, std::string>> headers)
    : impl_(std::make_unique<Impl>()) {
  auto& lowest = beast::get_lowest_layer(impl_->ws);
  lowest.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  lowest.expires_after(std::chrono::seconds(10));
  impl_->ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [n, v] : headers) req.set(n, v);
  }));
  impl_->ws.read_message_max(64 << 20);
  impl_->ws.handshake("127.0.0.1:" + std::to_string(port), target);
  lowest.expires_never();
}

WsClient::~WsClient() {
  beast::error_code ec;
  beast::get_lowest_layer(impl_->ws).close();
}

void WsClient::Send(const std::string& text) {
  impl_->ws.text(true);
  impl_->ws.write(asio::buffer(text));
}

void WsClient::SendBinary(const std::string& bytes) {
  impl_->ws.binary(true);
  impl_->ws.write(asio::buffer(bytes));
}

void WsClient::Ping() {
  beast::error_code ignored;  // a socket the server closed shows it at the next Read
  impl_->ws.ping({}, ignored);
}

std::optional<std::string> WsClient::Read(std::chrono::milliseconds wait) {
  // Synchronous reads have no timeout; run the async one with a deadline instead.
  beast::error_code result = asio::error::would_block;
  impl_->ws.async_read(impl_->buffer, [&](beast::error_code ec, std::size_t) { result = ec; });
  impl_->io.restart();
  impl_->io.run_for(wait);
  if (result == asio::error::would_block) {
    // Timed out: abandon the connection (a pending read cannot be cancelled on its own).
    beast::get_lowest_layer(impl_->ws).close();
    impl_->io.restart();
    impl_->io.run();
    return std::nullopt;
  }
  if (result) {
    // A close frame may arrive just before the peer's TCP close, which then fails our close
    // reply (broken pipe): the code the peer sent is what counts, as in a browser.
    if (impl_->ws.reason().code != websocket::close_code::none) {
      impl_->close_code = impl_->ws.reason().code;
    }
    return std::nullopt;
  }
  std::string text = beast::buffers_to_string(impl_->buffer.data());
  impl_->buffer.consume(impl_->buffer.size());
  return text;
}

std::optional<int> WsClient::close_code() const {
  return impl_->close_code;
}

void WsClient::Close() {
  beast::error_code ec;
  impl_->ws.close(websocket::close_code::normal, ec);
}

int UpgradeStatus(unsigned short port, const std::string& target,
                  std::vector<std::pair<std::string, std::string>> headers) {
  asio::io_context io;
  websocket::stream<beast::tcp_stream> ws{io};
  beast::get_lowest_layer(ws).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
  ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [n, v] : headers) req.set(n, v);
  }));
  websocket::response_type response;
  beast::error_code ec;
  ws.handshake(response, "127.0.0.1:" + std::to_string(port), target, ec);
  return response.result_int();
}

namespace {

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> out;
  for (auto& a : args) out.push_back(a.data());
  out.push_back(nullptr);
  return out;
}

std::vector<std::string> Environment(const std::vector<std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string_view(*e).starts_with("VIZORA_")) continue;  // tests say what they mean
    env.emplace_back(*e);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

int SpawnProcess(std::vector<std::string> args, const std::vector<std::string>& extra_env,
                 const fs::path& output) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  auto argv = Argv(args);
  auto env_strings = Environment(extra_env);
  auto envp = Argv(env_strings);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + args[0]);
  return pid;
}

int SpawnUntilReady(std::vector<std::string> args, const fs::path& dir) {
  fs::create_directories(dir);
  const int pid = SpawnProcess(std::move(args), {}, dir / "server.log");
  for (int i = 0; i < 1500 && !fs::exists(dir / "ready"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(fs::exists(dir / "ready"))
      << "a helper server did not start: " << ReadFile(dir / "server.log");
  return pid;
}

namespace {
// A long run (make soak's crash test) points these at copies, so that a rebuild meanwhile
// cannot pull the binaries from under it.
const char* FromEnvironmentOr(const char* name, const char* built) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : built;
}
}  // namespace

const char* const kVizoraBinary = FromEnvironmentOr("VIZORA_TEST_BINARY", VIZORA_BINARY);
const char* const kVizTubeBinary = FromEnvironmentOr("VIZTUBE_TEST_BINARY", VIZTUBE_BINARY);

std::string Multipart(const std::vector<Part>& parts) {
  std::string body;
  for (const auto& p : parts) {
    body += "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" + p.name +
            "\"";
    if (!p.filename.empty()) {
      body += "; filename=\"" + p.filename + "\"\r\nContent-Type: " +
              (p.content_type.empty() ? "application/octet-stream" : p.content_type);
    }
    body += "\r\n\r\n" + p.value + "\r\n";
  }
  return body + "--" + std::string(kBoundary) + "--\r\n";
}

ServerProcess::ServerProcess(const fs::path& data_dir, std::vector<std::string> extra_args,
                             std::vector<std::string> env, std::string binary)
    : log_path_(data_dir / "server.log") {
  fs::create_directories(data_dir);
  std::vector<std::string> args = {binary,        "serve",  "--listen",
                                   "127.0.0.1:0", "--data", data_dir.string()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  const auto start = std::chrono::steady_clock::now();
  pid_ = SpawnProcess(args, env, log_path_);
  const auto deadline = start + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string log = ReadFile(log_path_);
    // {"…","event":"server.listening","url":"http://127.0.0.1:PORT",…}
    if (auto at = log.find("\"event\":\"server.listening\""); at != std::string::npos) {
      const auto url = log.find("http://127.0.0.1:", at);
      port_ = static_cast<unsigned short>(std::stoi(log.substr(url + 17)));
      startup_millis_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error(binary + " exited at start:\n" + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  Stop();
  throw std::runtime_error(binary + " did not start listening:\n" + ReadFile(log_path_));
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop();
}

int ServerProcess::Stop(std::chrono::milliseconds wait) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + wait;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

bool ServerProcess::HasChild(std::string_view name) const {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    // /proc/PID/stat: "PID (COMM) STATE PPID ..."; COMM may hold spaces, so read after ')'.
    std::ifstream in(entry.path() / "stat");
    std::string stat;
    std::getline(in, stat);
    const auto open = stat.find('('), close = stat.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    int parent = 0;
    rest >> state >> parent;
    if (parent == pid_ && stat.substr(open + 1, close - open - 1) == name) return true;
  }
  return false;
}

std::string ServerProcess::Log() const {
  return ReadFile(log_path_);
}

std::pair<int, std::string> RunVizora(std::vector<std::string> args, std::vector<std::string> env,
                                      std::string binary) {
  TempDir out_dir;
  const fs::path output = out_dir.path() / "out.txt";
  args.insert(args.begin(), std::move(binary));
  const int pid = SpawnProcess(args, env, output);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), ReadFile(output)};
}

int CrashKills(int otherwise) {
  const char* configured = std::getenv("CRASH_KILLS");
  return configured != nullptr ? std::max(1, std::atoi(configured)) : otherwise;
}

void KillWhileWriting(ServerProcess& server, int writers,
                      const std::function<void(int writer, std::atomic<bool>& stop)>& write,
                      std::mt19937& random) {
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < writers; ++w) threads.emplace_back([&write, w, &stop] { write(w, stop); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200 + random() % 800));
  server.Kill();
  stop = true;
  for (auto& t : threads) t.join();
}

}  // namespace testing_support
