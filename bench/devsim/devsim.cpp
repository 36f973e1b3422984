// vizora-devsim: many screens against a Vizora server, speaking the real device protocol
// (API.md "WebSocket: devices"), to measure what the server costs per screen.
//
//   vizora-devsim --server 127.0.0.1:8080 --tokens tokens.txt --devices 10000
//       --email ops@example.com --password … --command --hold 60 --server-pid PID
//
// Devices come from a token file (`vizora admin provision-devices --out`) or are paired
// through the API (--pair N, with an admin's --email/--password). Source addresses are spread
// over 127.0.0.1..127.0.0.K (--sources K), because one source address runs out of ports near
// 28k. Prints a Markdown table and one JSON line of figures.

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  std::string tokens_file;
  int pair = 0;
  int devices = 0;  // 0: every token in the file
  int sources = 1;
  int heartbeat_ms = 15000;
  int connect_concurrency = 256;
  int threads = 1;
  bool command = false;
  std::string publish_playlist;  // --publish: instant-publish it to all and time the manifests
  int hold_seconds = 0;
  int server_pid = 0;
  std::string email, password;
};

[[noreturn]] void Usage(const std::string& why) {
  std::cerr << "vizora-devsim: " << why << "\n"
            << "usage: vizora-devsim --server HOST:PORT (--tokens FILE | --pair N) [--devices N]\n"
               "  [--sources K] [--heartbeat-ms MS] [--concurrency N] [--threads N]\n"
               "  [--email E --password P] [--command] [--publish PLAYLIST_ID] [--hold SECONDS]\n"
               "  [--server-pid PID]\n";
  std::exit(2);
}

Options Parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Usage(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--server") {
      const std::string v = value();
      const auto colon = v.rfind(':');
      if (colon == std::string::npos) Usage("--server wants HOST:PORT");
      o.host = v.substr(0, colon);
      o.port = static_cast<unsigned short>(std::stoi(v.substr(colon + 1)));
    } else if (flag == "--tokens") {
      o.tokens_file = value();
    } else if (flag == "--pair") {
      o.pair = std::stoi(value());
    } else if (flag == "--devices") {
      o.devices = std::stoi(value());
    } else if (flag == "--sources") {
      o.sources = std::max(1, std::stoi(value()));
    } else if (flag == "--heartbeat-ms") {
      o.heartbeat_ms = std::stoi(value());
    } else if (flag == "--concurrency") {
      o.connect_concurrency = std::max(1, std::stoi(value()));
    } else if (flag == "--threads") {
      o.threads = std::max(1, std::stoi(value()));
    } else if (flag == "--command") {
      o.command = true;
    } else if (flag == "--publish") {
      o.publish_playlist = value();
    } else if (flag == "--hold") {
      o.hold_seconds = std::stoi(value());
    } else if (flag == "--server-pid") {
      o.server_pid = std::stoi(value());
    } else if (flag == "--email") {
      o.email = value();
    } else if (flag == "--password") {
      o.password = value();
    } else {
      Usage("unknown flag " + flag);
    }
  }
  if (o.tokens_file.empty() && o.pair == 0) Usage("give --tokens FILE or --pair N");
  if ((o.pair > 0 || o.command || !o.publish_playlist.empty()) &&
      (o.email.empty() || o.password.empty())) {
    Usage("--pair, --command and --publish need an admin's --email and --password");
  }
  return o;
}

// ---- blocking HTTP for the set-up steps -------------------------------------------------

struct HttpResult {
  int status = 0;
  json::value body;
};

HttpResult Http(const Options& o, http::verb verb, const std::string& target,
                const std::string& body,
                const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address(o.host), o.port));
  http::request<http::string_body> request{verb, target, 11};
  request.set(http::field::host, o.host);
  for (const auto& [n, v] : headers) request.set(n, v);
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  HttpResult out{.status = static_cast<int>(response.result_int())};
  boost::system::error_code ec;
  out.body = json::parse(response.body(), ec);
  return out;
}

std::string Login(const Options& o) {
  const auto r = Http(o, http::verb::post, "/api/v1/auth/login",
                      json::serialize(json::object{{"email", o.email}, {"password", o.password}}));
  if (r.status != 200) {
    std::cerr << "vizora-devsim: login failed (" << r.status << ")\n";
    std::exit(1);
  }
  return std::string(r.body.at("token").as_string());
}

// Pairs one screen the way a player does: request, admin completes, collect the token.
std::string PairOne(const Options& o, const std::string& admin) {
  const auto ticket = Http(o, http::verb::post, "/api/v1/devices/pairing/request", "{}");
  if (ticket.status != 201) throw std::runtime_error("pairing request refused");
  const std::string code(ticket.body.at("code").as_string());
  const auto done =
      Http(o, http::verb::post, "/api/v1/devices/pairing/complete",
           json::serialize(json::object{{"code", code}}), {{"Authorization", "Bearer " + admin}});
  if (done.status != 201) {
    throw std::runtime_error("pairing refused: " + json::serialize(done.body));
  }
  const auto status =
      Http(o, http::verb::get, "/api/v1/devices/pairing/status?code=" + code, "",
           {{"X-Pairing-Secret", std::string(ticket.body.at("pairingSecret").as_string())}});
  return std::string(status.body.at("deviceToken").as_string());
}

// ---- the simulated screens --------------------------------------------------------------

struct Stats {
  std::atomic<int> connected{0}, failed{0}, closed{0}, heartbeats{0}, acks{0};
  std::mutex mutex;
  std::vector<Clock::time_point> command_received;  // one per device that got the command
  std::vector<Clock::time_point> publish_received;  // one per device whose manifest had it
  std::string failure;
};

class Device : public std::enable_shared_from_this<Device> {
 public:
  Device(asio::io_context& io, const Options& o, std::string token, asio::ip::address source,
         Stats& stats)
      : ws_(io), o_(o), token_(std::move(token)), source_(source), stats_(stats) {}

  // Resolves once the welcome and manifest arrived (or the attempt failed).
  asio::awaitable<bool> Connect() {
    auto& socket = beast::get_lowest_layer(ws_).socket();
    boost::system::error_code ec;
    socket.open(tcp::v4(), ec);
    if (!ec) socket.bind(tcp::endpoint(source_, 0), ec);
    if (ec) co_return Fail("bind: " + ec.message());
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
    auto [connect_ec] = co_await socket.async_connect(
        tcp::endpoint(asio::ip::make_address(o_.host), o_.port), kNoThrow);
    if (connect_ec) co_return Fail("connect: " + connect_ec.message());
    auto [handshake_ec] = co_await ws_.async_handshake(o_.host, "/ws/device", kNoThrow);
    if (handshake_ec) co_return Fail("handshake: " + handshake_ec.message());
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    const std::string hello = json::serialize(json::object{
        {"type", "hello"},
        {"token", token_},
        {"player", {{"version", "devsim"}, {"screen", {{"width", 1920}, {"height", 1080}}}}}});
    auto [write_ec, n] = co_await ws_.async_write(asio::buffer(hello), kNoThrow);
    if (write_ec) co_return Fail("hello: " + write_ec.message());
    for (int frames = 0; frames < 2; ++frames) {  // welcome, manifest
      auto [read_ec, bytes] = co_await ws_.async_read(buffer_, kNoThrow);
      if (read_ec) co_return Fail("welcome: " + read_ec.message());
      buffer_.consume(buffer_.size());
    }
    ++stats_.connected;
    co_return true;
  }

  void Start() {
    asio::co_spawn(ws_.get_executor(), ReadLoop(shared_from_this()), asio::detached);
    asio::co_spawn(ws_.get_executor(), HeartbeatLoop(shared_from_this()), asio::detached);
  }

 private:
  bool Fail(const std::string& why) {
    if (++stats_.failed == 1) {
      std::lock_guard lock(stats_.mutex);
      stats_.failure = why;
    }
    return false;
  }

  asio::awaitable<void> ReadLoop(std::shared_ptr<Device>) {
    for (;;) {
      auto [ec, bytes] = co_await ws_.async_read(buffer_, kNoThrow);
      if (ec) break;
      const auto now = Clock::now();
      const std::string_view text(static_cast<const char*>(buffer_.data().data()), buffer_.size());
      if (text.find("\"type\":\"command\"") != std::string_view::npos) {
        std::lock_guard lock(stats_.mutex);
        stats_.command_received.push_back(now);
      } else if (text.find("\"type\":\"manifest\"") != std::string_view::npos &&
                 text.find("\"source\":\"instant\"") != std::string_view::npos) {
        std::lock_guard lock(stats_.mutex);
        stats_.publish_received.push_back(now);
      } else if (text.find("\"heartbeat:ack\"") != std::string_view::npos) {
        ++stats_.acks;
      }
      buffer_.consume(buffer_.size());
    }
    ++stats_.closed;
    stopped_ = true;
  }

  // Heartbeats on the interval, each device at its own phase (jitter), as players do.
  asio::awaitable<void> HeartbeatLoop(std::shared_ptr<Device>) {
    static thread_local std::mt19937 random{std::random_device{}()};
    asio::steady_timer timer(ws_.get_executor());
    timer.expires_after(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(0, o_.heartbeat_ms)(random)));
    const std::string beat =
        R"({"type":"heartbeat","metrics":{"cpu":7.5,"memory":31.2,"storageUsed":104857600,"latencyMs":4},"currentContent":{"playlistId":null,"contentId":null}})";
    while (!stopped_) {
      auto [wait_ec] = co_await timer.async_wait(kNoThrow);
      if (wait_ec || stopped_) break;
      auto [ec, n] = co_await ws_.async_write(asio::buffer(beat), kNoThrow);
      if (ec) break;
      ++stats_.heartbeats;
      timer.expires_after(std::chrono::milliseconds(o_.heartbeat_ms));
    }
  }

  websocket::stream<beast::tcp_stream> ws_;
  const Options& o_;
  std::string token_;
  asio::ip::address source_;
  Stats& stats_;
  beast::flat_buffer buffer_;
  bool stopped_ = false;
};

// ---- server-side measurements -----------------------------------------------------------

// Anonymous resident memory: the heap and stacks, without file pages the server merely maps
// (SQLite maps its database file, which would count as "memory" in VmRSS).
long RssKb(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("RssAnon:", 0) == 0) return std::stol(line.substr(8));
  }
  return 0;
}

double CpuSeconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto after_name = text.rfind(')');
  std::istringstream fields(text.substr(after_name + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) {
      stime = std::stol(field);
      break;
    }
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index =
      static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

int main(int argc, char** argv) {
  const Options o = Parse(argc, argv);
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;  // as many sockets as this process may have
  setrlimit(RLIMIT_NOFILE, &files);

  std::vector<std::string> tokens;
  std::string admin;
  if (o.pair > 0 || o.command || !o.publish_playlist.empty()) admin = Login(o);
  if (!o.tokens_file.empty()) {
    std::ifstream in(o.tokens_file);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) tokens.push_back(line);
    }
  }
  for (int i = 0; i < o.pair; ++i) tokens.push_back(PairOne(o, admin));
  if (o.devices > 0 && static_cast<std::size_t>(o.devices) < tokens.size())
    tokens.resize(o.devices);
  const int n = static_cast<int>(tokens.size());
  if (n == 0) Usage("no device tokens");

  const long rss_before = o.server_pid ? RssKb(o.server_pid) : 0;
  // One io_context per thread, devices dealt out round-robin (as the server does): threads
  // sharing one io_context wake each other for every message.
  std::vector<std::unique_ptr<asio::io_context>> loops;
  for (int t = 0; t < o.threads; ++t) loops.push_back(std::make_unique<asio::io_context>(1));
  Stats stats;
  std::vector<std::shared_ptr<Device>> devices;
  devices.reserve(tokens.size());
  for (int i = 0; i < n; ++i) {
    const auto source = asio::ip::make_address_v4(
        static_cast<asio::ip::address_v4::uint_type>((127u << 24) | (1 + i % o.sources)));
    devices.push_back(std::make_shared<Device>(*loops[i % o.threads], o, tokens[i], source, stats));
  }

  // Connect with a bounded number in flight, as a fleet coming back would.
  const auto connect_started = Clock::now();
  std::vector<std::unique_ptr<std::atomic<int>>> next;
  for (int t = 0; t < o.threads; ++t) next.push_back(std::make_unique<std::atomic<int>>(0));
  const int per_loop = std::max(1, o.connect_concurrency / o.threads);
  for (int t = 0; t < o.threads; ++t) {
    for (int worker = 0; worker < per_loop; ++worker) {
      asio::co_spawn(
          *loops[t],
          [&, t]() -> asio::awaitable<void> {
            // This loop's devices: t, t + threads, t + 2 threads, …
            for (int k = (*next[t])++; t + k * o.threads < n; k = (*next[t])++) {
              const int i = t + k * o.threads;
              if (co_await devices[i]->Connect()) devices[i]->Start();
            }
          },
          asio::detached);
    }
  }
  std::vector<std::thread> threads;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  for (auto& loop : loops) {
    work.push_back(asio::make_work_guard(*loop));
    threads.emplace_back([&loop] { loop->run(); });
  }
  while (stats.connected + stats.failed < n)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const double connect_seconds =
      std::chrono::duration<double>(Clock::now() - connect_started).count();
  std::this_thread::sleep_for(std::chrono::seconds(2));  // let the server settle
  const long rss_after = o.server_pid ? RssKb(o.server_pid) : 0;

  std::vector<double> latencies_ms;
  double api_ms = 0;
  if (o.command) {
    const auto sent = Clock::now();
    const auto r = Http(o, http::verb::post, "/api/v1/devices/commands",
                        json::serialize(json::object{{"command", "identify"}}),
                        {{"Authorization", "Bearer " + admin}});
    if (r.status != 202) std::cerr << "vizora-devsim: command refused: " << r.status << "\n";
    api_ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    for (;;) {
      {
        std::lock_guard lock(stats.mutex);
        if (static_cast<int>(stats.command_received.size()) >= stats.connected.load() ||
            Clock::now() > deadline) {
          for (const auto& t : stats.command_received) {
            latencies_ms.push_back(std::chrono::duration<double, std::milli>(t - sent).count());
          }
          break;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  // An instant publish to every screen: from the API call until each holds the new manifest.
  std::vector<double> publish_ms;
  double publish_api_ms = 0;
  if (!o.publish_playlist.empty()) {
    const auto sent = Clock::now();
    const auto r =
        Http(o, http::verb::post, "/api/v1/playlists/" + o.publish_playlist + "/instant-publish",
             json::serialize(json::object{{"allDevices", true}, {"durationMinutes", 60}}),
             {{"Authorization", "Bearer " + admin}});
    if (r.status != 201) std::cerr << "vizora-devsim: publish refused: " << r.status << "\n";
    publish_api_ms = std::chrono::duration<double, std::milli>(Clock::now() - sent).count();
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    for (;;) {
      {
        std::lock_guard lock(stats.mutex);
        if (static_cast<int>(stats.publish_received.size()) >= stats.connected.load() ||
            Clock::now() > deadline) {
          for (const auto& t : stats.publish_received) {
            publish_ms.push_back(std::chrono::duration<double, std::milli>(t - sent).count());
          }
          break;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  double heartbeat_cpu_percent = 0;
  int heartbeats_held = 0;
  if (o.hold_seconds > 0) {
    const double cpu_before = o.server_pid ? CpuSeconds(o.server_pid) : 0;
    const int beats_before = stats.heartbeats;
    std::this_thread::sleep_for(std::chrono::seconds(o.hold_seconds));
    heartbeats_held = stats.heartbeats - beats_before;
    if (o.server_pid) {
      heartbeat_cpu_percent = (CpuSeconds(o.server_pid) - cpu_before) / o.hold_seconds * 100.0;
    }
  }

  const double per_socket_kb =
      stats.connected > 0 ? static_cast<double>(rss_after - rss_before) / stats.connected : 0;
  std::cout << "| measure | value |\n|---|---:|\n";
  std::cout << "| devices connected | " << stats.connected << " of " << n
            << (stats.failed
                    ? " (" + std::to_string(stats.failed) + " failed: " + stats.failure + ")"
                    : std::string())
            << " |\n";
  std::cout << "| connect rate (hello → welcome + manifest) | "
            << static_cast<int>(stats.connected / connect_seconds) << " devices/s |\n";
  if (o.server_pid) {
    std::cout << "| server anonymous RSS before → after | " << rss_before / 1024 << " → "
              << rss_after / 1024 << " MiB |\n";
    std::cout << "| server memory per idle socket | " << static_cast<int>(per_socket_kb * 1024)
              << " bytes |\n";
  }
  if (o.command) {
    std::cout << "| command to all, received by | " << latencies_ms.size() << " devices |\n";
    std::cout << "| command API call answered after | " << api_ms << " ms |\n";
    std::cout << "| command latency min / p50 / p99 / max | " << Percentile(latencies_ms, 0)
              << " / " << Percentile(latencies_ms, 50) << " / " << Percentile(latencies_ms, 99)
              << " / " << Percentile(latencies_ms, 100) << " ms |\n";
  }
  if (!o.publish_playlist.empty()) {
    std::cout << "| instant publish to all, new manifest held by | " << publish_ms.size()
              << " devices |\n";
    std::cout << "| publish API call answered after | " << publish_api_ms << " ms |\n";
    std::cout << "| publish → manifest on the device min / p50 / p99 / max | "
              << Percentile(publish_ms, 0) << " / " << Percentile(publish_ms, 50) << " / "
              << Percentile(publish_ms, 99) << " / " << Percentile(publish_ms, 100) << " ms |\n";
  }
  if (o.hold_seconds > 0) {
    std::cout << "| heartbeats in " << o.hold_seconds << " s | " << heartbeats_held << " ("
              << stats.acks << " acks in all) |\n";
    if (o.server_pid) {
      std::cout << "| server CPU while heartbeating | " << heartbeat_cpu_percent
                << " % of one core |\n";
    }
  }
  std::cout << json::serialize(json::object{{"devices", n},
                                            {"connected", stats.connected.load()},
                                            {"failed", stats.failed.load()},
                                            {"connectPerSecond", stats.connected / connect_seconds},
                                            {"bytesPerSocket", per_socket_kb * 1024},
                                            {"commandP50Ms", Percentile(latencies_ms, 50)},
                                            {"commandP99Ms", Percentile(latencies_ms, 99)},
                                            {"commandMaxMs", Percentile(latencies_ms, 100)},
                                            {"commandReceived", latencies_ms.size()},
                                            {"publishP99Ms", Percentile(publish_ms, 99)},
                                            {"publishReceived", publish_ms.size()},
                                            {"heartbeatCpuPercent", heartbeat_cpu_percent}})
            << std::endl;
  std::_Exit(stats.failed ? 1 : 0);  // thousands of sockets: let the kernel close them
}
