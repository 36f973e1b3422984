#include "platform/net/server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/json/value.hpp>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"
#include "platform/net/detail/body_pace.hpp"
#include "platform/net/detail/connection.hpp"
#include "platform/net/detail/handshake_turns.hpp"
#include "platform/net/detail/websocket_session.hpp"

namespace platform::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using detail::Connection;
using detail::TcpStream;
using BeastRequest = http::request<http::string_body>;
using BeastResponse = http::response<http::string_body>;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// A client-supplied X-Request-Id is kept only if it is this short and plain.
constexpr std::size_t kMaxRequestIdLength = 64;
// Headers allowed on cross-origin requests, and how long browsers may cache a preflight.
constexpr std::string_view kCorsAllowHeaders =
    "Authorization, Content-Type, X-CSRF-Token, X-Request-Id, X-Pairing-Secret, If-None-Match";
constexpr std::string_view kCorsMaxAge = "600";
constexpr ErrorKind kUpgradeRequired{"UPGRADE_REQUIRED", 426};
// After refusing a body mid-way, what the client still sends is dropped for at most this long
// and this much before the connection closes.
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kMaxLingerBytes = 8 << 20;
// A refused request's body up to this size is read and dropped to keep the connection alive.
constexpr std::size_t kMaxDiscardedBodyBytes = 64 * 1024;
// Sockets beyond max_connections held back for probe routes (health, readiness), and how long
// one of them may take to send its request.
constexpr std::size_t kProbeHeadroom = 16;
constexpr std::chrono::seconds kProbeHeaderTimeout{2};
constexpr std::size_t kMaxConnectionsPerAddress = 1000;

namespace {

Method ToMethod(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return Method::kGet;
    case http::verb::head:
      return Method::kHead;
    case http::verb::post:
      return Method::kPost;
    case http::verb::put:
      return Method::kPut;
    case http::verb::patch:
      return Method::kPatch;
    case http::verb::delete_:
      return Method::kDelete;
    case http::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

std::string AllowHeader(const std::vector<Method>& methods) {
  std::string allow;
  bool has_get = false, has_head = false;
  for (Method m : methods) {
    has_get |= m == Method::kGet;
    has_head |= m == Method::kHead;
  }
  for (Method m : methods) {
    if (!allow.empty()) allow += ", ";
    allow += MethodName(m);
  }
  if (has_get && !has_head) allow += ", HEAD";
  allow += allow.empty() ? "OPTIONS" : ", OPTIONS";
  return allow;
}

bool IsPlainRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

// The answer to a request whose header could not be read; the connection closes after it.
Response RefuseUnreadable(const beast::error_code& ec) {
  if (ec == http::error::header_limit) {
    return Response::FromError(Error(errors::kHeadersTooLarge, "request header fields too large"));
  }
  return Response::FromError(
      Error(errors::kBadRequest, "malformed HTTP request", {{"reason", ec.message()}}));
}

bool IsExpectedDisconnect(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::operation_aborted || ec == beast::error::timeout ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
}

// One read of a request body, as long as the client's pace allows (detail::BodyPace).
template <class Parser>
asio::awaitable<std::tuple<beast::error_code, std::size_t>> ReadBodySome(TcpStream& stream,
                                                                         beast::flat_buffer& buffer,
                                                                         Parser& parser,
                                                                         detail::BodyPace& pace) {
  stream.expires_after(pace.NextWait());
  const auto before = std::chrono::steady_clock::now();
  auto [ec, n] = co_await http::async_read_some(stream, buffer, parser, kNoThrow);
  pace.Record(n, std::chrono::steady_clock::now() - before);
  co_return std::tuple{ec, n};
}

// A whole body, at the client's pace.
template <class Parser>
asio::awaitable<beast::error_code> ReadBody(TcpStream& stream, beast::flat_buffer& buffer,
                                            Parser& parser, detail::BodyPace pace) {
  while (!parser.is_done()) {
    auto [ec, n] = co_await ReadBodySome(stream, buffer, parser, pace);
    if (ec) co_return ec;
  }
  co_return beast::error_code{};
}

}  // namespace

// Request::body_stream over Beast's parser: the body lands in a fixed buffer, piece by piece.
class BeastBodyStream final : public BodyStream {
 public:
  BeastBodyStream(TcpStream& stream, beast::flat_buffer& buffer,
                  http::request_parser<http::buffer_body>& parser, std::size_t limit,
                  ErrorKind too_large, detail::BodyPace pace)
      : stream_(stream),
        buffer_(buffer),
        parser_(parser),
        limit_(limit),
        too_large_(too_large),
        pace_(pace),
        chunk_(kPieceBytes) {
    // Beast reads into the free space the buffer has (a few KiB after a header): room for a
    // whole piece means one read per 64 KiB instead of a dozen (measured: 19,000 reads for a
    // 100 MB upload, and a third of the throughput).
    buffer_.reserve(buffer_.size() + kPieceBytes);
  }

  asio::awaitable<std::optional<std::string_view>> Next() override {
    if (cut_short_) throw ErrorException(*cut_short_);
    while (!parser_.is_done()) {
      parser_.get().body().data = chunk_.data();
      parser_.get().body().size = chunk_.size();
      // A large upload may take long; a client that stops sending, or trickles, may not.
      beast::error_code ec;
      while (!ec && !parser_.is_done() && parser_.get().body().size > 0) {
        auto [read_ec, n] = co_await ReadBodySome(stream_, buffer_, parser_, pace_);
        ec = read_ec;
      }
      if (ec == http::error::need_buffer) ec = {};  // the piece is full: hand it over
      if (ec == http::error::body_limit) {
        throw ErrorException(Error(too_large_, "request body too large", {{"maxBytes", limit_}}));
      }
      const std::size_t filled = chunk_.size() - parser_.get().body().size;
      if (ec) {
        Error cut(errors::kBadRequest, "the request body was cut short");
        if (filled == 0) throw ErrorException(cut);
        // What arrived before the cut is handed over first (a resumable upload keeps it).
        cut_short_ = std::move(cut);
      }
      if (filled > 0) co_return std::string_view(chunk_.data(), filled);
    }
    co_return std::nullopt;
  }

 private:
  static constexpr std::size_t kPieceBytes = 64 * 1024;
  TcpStream& stream_;
  beast::flat_buffer& buffer_;
  http::request_parser<http::buffer_body>& parser_;
  const std::size_t limit_;
  const ErrorKind too_large_;
  detail::BodyPace pace_;
  std::vector<char> chunk_;
  std::optional<Error> cut_short_;  // thrown by the call after the last piece
};

struct HttpServer::Impl {
  Impl(ServerOptions o, const Router& r, Metrics& m)
      : options(std::move(o)),
        router(r),
        metrics(m),
        loops(MakeLoops(ThreadCount())),
        io(*loops.front()),
        acceptor(io),
        request_id_prefix(RandomToken(6)) {
    if (!options.rate_limiter) options.rate_limiter = std::make_shared<MemoryRateLimiter>();
  }

  // One io_context per event-loop thread, each told it has one thread: its scheduler then
  // never wakes a second thread for work the first is about to do (measured: a third of the
  // CPU of 10,000 idle heartbeating sockets went to futex wake-ups and context switches with
  // one io_context shared by two threads). Connections are dealt out round-robin.
  static std::vector<std::unique_ptr<asio::io_context>> MakeLoops(std::size_t n) {
    std::vector<std::unique_ptr<asio::io_context>> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(std::make_unique<asio::io_context>(1));
    return out;
  }

  std::size_t ThreadCount() const {
    if (options.threads != 0) return options.threads;
    return std::max(1u, std::thread::hardware_concurrency());
  }

  std::string RenderError(const Error& error) const {
    return options.render_error ? options.render_error(error) : ToJson(error);
  }
  // An error response gets its body in the product's shape (once: Write may see it again).
  void Render(Response& response) const {
    if (!response.error) return;
    response.body = RenderError(*response.error);
    response.content_type = "application/json";
    response.error.reset();
  }

  asio::awaitable<void> AcceptLoop();
  asio::awaitable<void> SampleLoopLag();
  // probes_only: a socket from the headroom past max_connections, which may ask a probe
  // route once and gets 503 for anything else.
  asio::awaitable<void> Session(tcp::socket socket, tcp::endpoint peer,
                                std::shared_ptr<Connection> connection, std::shared_ptr<void> slot,
                                bool probes_only);
  asio::awaitable<Response> Dispatch(const RouteMatch& match, Request& request);
  asio::awaitable<bool> Write(TcpStream& stream, const BeastRequest& beast_request,
                              const Request& request, Response response, bool keep_alive);
  asio::awaitable<bool> WriteStreamed(TcpStream& stream, BeastResponse& out,
                                      const StreamedBody& body);
  // Answers `why` without reading the request, and closes.
  asio::awaitable<void> Reject(tcp::socket socket, Error why);
  // Counts a socket from `address` against max_connections_per_address; false beyond it.
  bool TakeAddressSlot(const std::string& address);
  void ReleaseAddressSlot(const std::string& address);
  std::string NextRequestId(std::string_view offered);
  // Rate limits, then the guard: whether a matched route may run at all.
  // Public routes without limits skip admission entirely: no coroutine on their hot path.
  static bool NeedsAdmission(const Route& route) {
    return route.rate_limit_per_ip.has_value() || route.rate_limit_per_caller.has_value() ||
           !route.access.empty();
  }
  asio::awaitable<std::optional<Response>> Admit(const Route& route, Request& request) const {
    if (route.rate_limit_per_ip) {
      std::string key = "route:" + route.rate_limit_bucket + ":" + request.remote_address;
      auto refusal =
          co_await RateLimited(*options.rate_limiter, std::move(key), *route.rate_limit_per_ip);
      if (refusal) co_return refusal;
    }
    if (route.access.empty() || !options.guard) co_return std::nullopt;
    request.route = &route;
    if (auto refusal = co_await options.guard(request)) co_return refusal;
    if (route.rate_limit_per_caller && options.caller_key) {
      std::string caller = options.caller_key(request);
      if (!caller.empty()) {
        co_return co_await RateLimited(*options.rate_limiter,
                                       "caller:" + route.rate_limit_bucket + ":" + caller,
                                       *route.rate_limit_per_caller);
      }
    }
    co_return std::nullopt;
  }
  detail::BodyPace Pace() const {
    return detail::BodyPace(options.body_grace, options.min_body_rate, options.body_timeout);
  }
  void AddCorsHeaders(BeastResponse& out, std::string_view origin) const;
  bool IsAllowedOriginImpl(std::string_view origin) const {
    for (const auto& allowed : options.cors_origins) {
      if (allowed == origin) return true;
    }
    return false;
  }
  Response Preflight(const BeastRequest& in, std::string_view path) const;
  void Drain();

  ServerOptions options;
  const Router& router;
  Metrics& metrics;
  std::vector<std::unique_ptr<asio::io_context>> loops;
  asio::io_context& io;  // the first loop: accepting, signals
  tcp::acceptor acceptor;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::size_t next_loop = 0;  // AcceptLoop only
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> next_connection_id{1};
  std::atomic<std::uint64_t> request_counter{0};
  const std::string request_id_prefix;

  std::mutex connections_mutex;
  std::unordered_map<std::uint64_t, std::shared_ptr<Connection>> connections;  // guarded
  std::unordered_map<std::string, std::size_t> connections_per_address;        // guarded
};

bool HttpServer::Impl::TakeAddressSlot(const std::string& address) {
  const std::size_t cap =
      options.max_connections_per_address != 0
          ? options.max_connections_per_address
          : std::clamp<std::size_t>(options.max_connections / 2, 1, kMaxConnectionsPerAddress);
  std::lock_guard lock(connections_mutex);
  std::size_t& held = connections_per_address[address];
  if (held >= cap) {
    if (held == 0) connections_per_address.erase(address);
    return false;
  }
  ++held;
  return true;
}

void HttpServer::Impl::ReleaseAddressSlot(const std::string& address) {
  std::lock_guard lock(connections_mutex);
  auto it = connections_per_address.find(address);
  if (it != connections_per_address.end() && --it->second == 0) connections_per_address.erase(it);
}

std::string HttpServer::Impl::NextRequestId(std::string_view offered) {
  if (IsPlainRequestId(offered)) return std::string(offered);
  return request_id_prefix + "-" + std::to_string(++request_counter);
}

// A timer due every kLagSampleEvery on each loop: how late it runs is how long any handler
// that became ready at the same moment waited for the loop (Metrics::RecordLoopLag).
asio::awaitable<void> HttpServer::Impl::SampleLoopLag() {
  constexpr auto kLagSampleEvery = std::chrono::milliseconds(50);
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (!stopping) {
    const auto due = std::chrono::steady_clock::now() + kLagSampleEvery;
    timer.expires_at(due);
    co_await timer.async_wait(kNoThrow);
    metrics.RecordLoopLag(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - due).count());
  }
}

asio::awaitable<void> HttpServer::Impl::AcceptLoop() {
  while (!stopping) {
    asio::io_context& loop = *loops[next_loop++ % loops.size()];
    // No strand: the loop has one thread, which already runs a connection's handlers one at
    // a time (a strand would only add a lock and an executor copy to every operation).
    auto [ec, socket] = co_await acceptor.async_accept(loop.get_executor(), kNoThrow);
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) break;
      // EMFILE and friends: back off briefly instead of spinning.
      log::Warn("http.accept_failed", {{"error", ec.message()}});
      asio::steady_timer pause(io, std::chrono::milliseconds(50));
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    beast::error_code endpoint_ec;
    const tcp::endpoint peer = socket.remote_endpoint(endpoint_ec);
    if (endpoint_ec) continue;  // gone already
    auto executor = socket.get_executor();
    const auto open = static_cast<std::size_t>(metrics.open_connections.load());
    if (open >= options.max_connections + kProbeHeadroom) {
      ++metrics.rejected_connections;
      asio::co_spawn(executor,
                     Reject(std::move(socket), Error(errors::kUnavailable, "too many connections")),
                     asio::detached);
      continue;
    }
    // A proxy's connections carry many clients: they count against no per-address cap.
    std::string counted_address;
    if (!options.trusted_proxies.Contains(peer.address())) {
      counted_address = peer.address().to_string();
      if (!TakeAddressSlot(counted_address)) {
        ++metrics.rejected_connections;
        asio::co_spawn(executor,
                       Reject(std::move(socket), Error(errors::kRateLimited,
                                                       "too many connections from this address")),
                       asio::detached);
        continue;
      }
    }
    auto connection = std::make_shared<Connection>(next_connection_id++, executor);
    {
      std::lock_guard lock(connections_mutex);
      connections.emplace(connection->id, connection);
    }
    ++metrics.open_connections;
    // The server's record of the connection, released by whoever holds the socket last (the
    // HTTP session, or the WebSocket session it upgraded to).
    std::shared_ptr<void> slot(
        nullptr, [this, id = connection->id, address = std::move(counted_address)](void*) {
          --metrics.open_connections;
          if (!address.empty()) ReleaseAddressSlot(address);
          std::lock_guard lock(connections_mutex);
          connections.erase(id);
        });
    const bool probes_only = open >= options.max_connections;
    asio::co_spawn(executor,
                   Session(std::move(socket), peer, connection, std::move(slot), probes_only),
                   [](std::exception_ptr error) {
                     if (!error) return;
                     try {
                       std::rethrow_exception(error);
                     } catch (const std::exception& e) {
                       log::Error("http.session_failed", {{"error", e.what()}});
                     }
                   });
  }
}

asio::awaitable<void> HttpServer::Impl::Reject(tcp::socket socket, Error why) {
  TcpStream stream(std::move(socket));
  stream.expires_after(std::chrono::seconds(1));
  BeastResponse out{static_cast<http::status>(why.kind.status), 11};
  out.set(http::field::content_type, "application/json");
  out.set(http::field::retry_after, "1");
  out.body() = RenderError(why);
  out.keep_alive(false);
  out.prepare_payload();
  co_await http::async_write(stream, out, kNoThrow);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

asio::awaitable<void> HttpServer::Impl::Session(tcp::socket socket, tcp::endpoint peer,
                                                std::shared_ptr<Connection> connection,
                                                std::shared_ptr<void> slot, bool probes_only) {
  const std::string peer_address = peer.address().to_string();
  const bool behind_proxy = options.trusted_proxies.Contains(peer.address());
  TcpStream stream(std::move(socket));
  connection->stream = &stream;
  beast::flat_buffer buffer;
  bool first = true;
  bool unread_body = false;  // the connection closes with request bytes not read

  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    // The body limit is the matched route's, applied once the header is read: until then a
    // large Content-Length is not an error (a 405 or 404 is the better answer for it).
    parser.body_limit(boost::none);
    if (connection->draining) break;
    stream.expires_after(probes_only ? kProbeHeaderTimeout
                         : first     ? options.header_timeout
                                     : options.idle_timeout);
    first = false;
    connection->idle = buffer.size() == 0;
    auto [read_ec, header_bytes] =
        co_await http::async_read_header(stream, buffer, parser, kNoThrow);
    connection->idle = false;
    if (read_ec) {
      if (read_ec == http::error::header_limit ||
          (!IsExpectedDisconnect(read_ec) && !connection->draining)) {
        Response refusal = RefuseUnreadable(read_ec);
        co_await Write(stream, parser.get(), Request(), std::move(refusal), false);
      }
      break;
    }

    const auto started = std::chrono::steady_clock::now();
    BeastRequest& in = parser.get();
    Request request;
    request.method = ToMethod(in.method());
    request.target = std::string(in.target());
    {
      const std::string_view target = request.target;
      const auto q = target.find('?');
      request.path = target.substr(0, q);
      if (q != std::string_view::npos) request.query = target.substr(q + 1);
    }
    request.request_id = NextRequestId(in["X-Request-Id"]);
    const std::string_view forwarded_for = behind_proxy ? in["X-Forwarded-For"] : "";
    request.remote_address = forwarded_for.empty()
                                 ? peer_address
                                 : options.trusted_proxies.ClientOf(peer.address(), forwarded_for);
    const std::string& remote = request.remote_address;
    request.native = &in;

    const bool has_body = parser.chunked() || parser.content_length().value_or(0) > 0;
    // For stream_body routes: the header, kept while the parser moves on with the body.
    BeastRequest streamed_header;
    bool header_moved = false;
    bool keep_alive = in.keep_alive();
    bool body_read = !has_body;
    RouteMatch match;
    Response response;

    if (in.version() >= 11 && in.find(http::field::host) == in.end()) {
      // RFC 9112 §3.2: a server must refuse it (a proxy and we could read it differently).
      response = Response::FromError(
          Error(errors::kBadRequest, "an HTTP/1.1 request needs a Host header"));
      keep_alive = false;
    } else if (request.method == Method::kOptions) {
      response = Preflight(in, request.path);
    } else {
      match = router.Find(request.method, request.path);
      const bool found = match.kind == RouteMatch::Kind::kFound;
      const bool turned_away = probes_only && !(found && match.route->probe);
      // Awaited as a statement of its own: GCC 12 miscompiles a co_await inside a condition
      // or a ?: (a use-after-free of the response; TOOLCHAIN.md).
      std::optional<Response> refusal;
      if (found && !turned_away && !match.route->websocket && NeedsAdmission(*match.route)) {
        refusal = co_await Admit(*match.route, request);
      }
      const bool wants_body = request.method == Method::kPost || request.method == Method::kPut ||
                              request.method == Method::kPatch;
      if (turned_away) {
        ++metrics.rejected_connections;
        response = Response::FromError(Error(errors::kUnavailable, "too many connections"));
        response.AddHeader("Retry-After", "1");
      } else if (!found) {
        response = co_await Dispatch(match, request);
      } else if (match.route->websocket) {
        if (!beast::websocket::is_upgrade(in)) {
          response =
              Response::FromError(Error(kUpgradeRequired, "this endpoint speaks WebSocket only"));
          response.AddHeader("Upgrade", "websocket");
        } else {
          request.route = match.route;
          request.path_values = match.values;
          if (NeedsAdmission(*match.route)) refusal = co_await Admit(*match.route, request);
          auto& turns = detail::HandshakeTurns::Of(stream.get_executor());
          if (!turns.TryTake()) co_await turns.Wait(asio::use_awaitable);
          WebSocketAcceptResult accepted = Response::NoContent();
          if (refusal) {
            accepted = std::move(*refusal);
          } else {
            accepted = co_await match.route->websocket(request);
          }
          if (auto* handler = std::get_if<std::shared_ptr<WebSocketHandler>>(&accepted)) {
            connection->stream = nullptr;
            log::Debug("websocket.open", {{"route", match.route->pattern}, {"ip", remote}});
            detail::StartWebSocket(std::move(stream), parser.release(), std::move(*handler),
                                   match.route->websocket_options, connection, remote, metrics,
                                   std::move(slot));
            co_return;
          }
          response = std::move(std::get<Response>(accepted));
        }
      } else if (refusal) {
        response = std::move(*refusal);
      } else if (wants_body && !parser.chunked() && !parser.content_length()) {
        response = Response::FromError(
            Error(errors::kLengthRequired, "Content-Length or chunked body required"));
        keep_alive = false;
      } else if (parser.content_length().value_or(0) > match.route->max_body_bytes) {
        response = Response::FromError(Error(match.route->too_large_error, "request body too large",
                                             {{"maxBytes", match.route->max_body_bytes}}));
        keep_alive = false;
      } else if (match.route->stream_body) {
        // The handler reads the body as it arrives. Beast moves the header into a parser with a
        // buffer body; a copy of the header stays for the response (CORS, version).
        if (beast::iequals(in[http::field::expect], "100-continue")) {
          http::response<http::empty_body> go_on{http::status::continue_, in.version()};
          co_await http::async_write(stream, go_on, kNoThrow);
        }
        streamed_header.base() = in.base();
        request.native = &streamed_header;
        http::request_parser<http::buffer_body> body_parser{std::move(parser)};
        body_parser.body_limit(match.route->max_body_bytes);
        BeastBodyStream body(stream, buffer, body_parser, match.route->max_body_bytes,
                             match.route->too_large_error, Pace());
        request.body_stream = &body;
        response = co_await Dispatch(match, request);
        request.body_stream = nullptr;
        buffer.shrink_to_fit();  // back to a small buffer for the keep-alive requests
        body_read = true;
        // Body bytes the handler left unread would be taken for the next request.
        if (!body_parser.is_done()) keep_alive = false, unread_body = true;
        header_moved = true;
      } else {
        if (has_body) {
          if (beast::iequals(in[http::field::expect], "100-continue")) {
            http::response<http::empty_body> go_on{http::status::continue_, in.version()};
            co_await http::async_write(stream, go_on, kNoThrow);
          }
          parser.body_limit(match.route->max_body_bytes);
          const beast::error_code body_ec = co_await ReadBody(stream, buffer, parser, Pace());
          if (body_ec == http::error::body_limit) {
            response =
                Response::FromError(Error(match.route->too_large_error, "request body too large",
                                          {{"maxBytes", match.route->max_body_bytes}}));
            keep_alive = false;
          } else if (IsExpectedDisconnect(body_ec)) {
            break;  // the client went away or was too slow (the socket is closed): no answer
          } else if (body_ec) {
            response = Response::FromError(Error(errors::kBadRequest, "malformed request body",
                                                 {{"reason", body_ec.message()}}));
            keep_alive = false;
          } else {
            body_read = true;
          }
        }
        if (body_read) {
          request.body = std::move(in.body());
          response = co_await Dispatch(match, request);
        }
      }
    }
    if (!body_read && keep_alive && !header_moved && !parser.chunked() &&
        parser.content_length().value_or(0) <= kMaxDiscardedBodyBytes) {
      // Refused before its body was read (401, 404…): a small body is read and dropped so the
      // connection stays usable; a large one is not worth reading, and the connection closes.
      parser.body_limit(kMaxDiscardedBodyBytes);
      const beast::error_code discard_ec = co_await ReadBody(stream, buffer, parser, Pace());
      body_read = !discard_ec;
    }
    if (!body_read) {
      keep_alive = false;  // unread body bytes would be taken for a request
      unread_body = true;
    }
    if (connection->draining || probes_only) keep_alive = false;

    Render(response);
    const int status = response.status;
    const std::size_t bytes_out =
        response.streamed ? response.streamed->length.value_or(0) : response.body.size();
    const bool written = co_await Write(stream, header_moved ? streamed_header : in, request,
                                        std::move(response), keep_alive);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::size_t route_index =
        match.kind == RouteMatch::Kind::kFound ? match.route->index : static_cast<std::size_t>(-1);
    metrics.RecordRequest(route_index, status, seconds);
    if (options.on_request) {
      options.on_request(request, status, static_cast<std::int64_t>(seconds * 1e6));
    }
    if (options.access_log) {
      log::Line(log::Level::kInfo, "http.request")
          .Str("reqId", request.request_id)
          .Str("method", MethodName(request.method))
          .Str("path", request.path)
          .Str("route", match.route ? std::string_view(match.route->pattern) : "")
          .Int("status", status)
          .Int("us", static_cast<std::int64_t>(seconds * 1e6))
          .Int("bytesOut", static_cast<std::int64_t>(bytes_out))
          .Str("ip", remote)
          .Write();
    }
    if (!written || !keep_alive) break;
  }
  connection->stream = nullptr;
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  if (unread_body) {
    // Closing with unread bytes makes the kernel send a reset, which can destroy the answer
    // (a 413) before the client reads it. Read and drop what is still coming for a moment, so
    // the client sees the answer (a "lingering close", as web servers do).
    std::array<char, 16 * 1024> sink;
    std::size_t dropped = 0;
    stream.expires_after(kLingerTime);
    while (dropped < kMaxLingerBytes) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
      if (ec) break;
      dropped += n;
    }
  }
}

asio::awaitable<Response> HttpServer::Impl::Dispatch(const RouteMatch& match, Request& request) {
  if (match.kind == RouteMatch::Kind::kNotFound) {
    co_return Response::FromError(Error(errors::kNotFound, "no such resource"));
  }
  if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
    Response r = Response::FromError(Error(errors::kMethodNotAllowed, "method not allowed",
                                           {{"method", MethodName(request.method)}}));
    r.AddHeader("Allow", AllowHeader(match.allowed));
    co_return r;
  }
  request.route = match.route;
  request.path_values = match.values;
  bool storage_full = false;
  try {
    co_return co_await match.route->handler(request);
  } catch (const ErrorException& e) {
    co_return Response::FromError(e.error());
  } catch (const std::exception& e) {
    // A full disk is the operator's to fix, not a bug: a 503 the client may retry later.
    if (const auto* s = dynamic_cast<const std::system_error*>(&e); s && IsStorageFull(s->code())) {
      log::Warn("storage.full", {{"route", match.route->pattern}, {"error", e.what()}});
      storage_full = true;
    } else {
      // A bug or a broken dependency: the client gets a request id, the log gets the cause.
      log::Error(
          "http.handler_failed",
          {{"reqId", request.request_id}, {"route", match.route->pattern}, {"error", e.what()}});
    }
  }
  if (storage_full) co_return Response::FromError(StorageFull());
  co_return Response::FromError(
      Error(errors::kInternal, "internal error", {{"requestId", request.request_id}}));
}

Response HttpServer::Impl::Preflight(const BeastRequest& in, std::string_view path) const {
  const RouteMatch match = router.Find(Method::kGet, path);
  std::vector<Method> allowed = match.allowed;
  if (match.kind == RouteMatch::Kind::kFound) {
    // Collect every method the path answers.
    allowed.clear();
    for (std::size_t m = 0; m < kMethodCount; ++m) {
      const auto found = router.Find(static_cast<Method>(m), path);
      if (found.kind == RouteMatch::Kind::kFound && static_cast<Method>(m) != Method::kHead) {
        allowed.push_back(static_cast<Method>(m));
      }
    }
  } else if (match.kind == RouteMatch::Kind::kNotFound) {
    return Response::FromError(Error(errors::kNotFound, "no such resource"));
  }
  Response r = Response::NoContent();
  const std::string allow = AllowHeader(allowed);
  r.AddHeader("Allow", allow);
  const std::string_view origin = in[http::field::origin];
  if (!origin.empty() && IsAllowedOriginImpl(origin)) {
    r.AddHeader("Access-Control-Allow-Methods", allow);
    r.AddHeader("Access-Control-Allow-Headers", std::string(kCorsAllowHeaders));
    r.AddHeader("Access-Control-Max-Age", std::string(kCorsMaxAge));
  }
  return r;
}

void HttpServer::Impl::AddCorsHeaders(BeastResponse& out, std::string_view origin) const {
  if (origin.empty() || !IsAllowedOriginImpl(origin)) return;
  out.set(http::field::access_control_allow_origin, origin);
  out.set(http::field::access_control_allow_credentials, "true");
  out.set(http::field::access_control_expose_headers,
          "X-Request-Id, ETag, Content-Range, Retry-After");
  out.insert(http::field::vary, "Origin");
}

asio::awaitable<bool> HttpServer::Impl::Write(TcpStream& stream, const BeastRequest& in,
                                              const Request& request, Response response,
                                              bool keep_alive) {
  Render(response);
  BeastResponse out{static_cast<http::status>(response.status), in.version() ? in.version() : 11};
  if (!response.content_type.empty()) out.set(http::field::content_type, response.content_type);
  bool has_cache_control = false;
  for (auto& h : response.headers) {
    has_cache_control |= beast::iequals(h.name, "Cache-Control");
    out.insert(h.name, h.value);
  }
  if (!has_cache_control && response.content_type == "application/json") {
    out.set(http::field::cache_control, "no-store");
  }
  out.set("X-Content-Type-Options", "nosniff");
  out.set("X-Frame-Options", "SAMEORIGIN");
  out.set("Referrer-Policy", "strict-origin-when-cross-origin");
  if (!request.request_id.empty()) out.set("X-Request-Id", request.request_id);
  AddCorsHeaders(out, in[http::field::origin]);
  out.keep_alive(keep_alive);
  if (request.method == Method::kHead) {
    // The size GET would send; no body follows.
    if (!response.streamed || response.streamed->length) {
      out.content_length(response.streamed
                             ? *response.streamed->length
                             : response.head_content_length.value_or(response.body.size()));
    }
  } else if (response.streamed) {
    if (response.streamed->length) {
      out.content_length(*response.streamed->length);
    } else {
      out.chunked(true);
    }
    co_return co_await WriteStreamed(stream, out, *response.streamed);
  } else {
    out.body() = std::move(response.body);
    out.prepare_payload();
  }
  stream.expires_after(options.write_timeout);
  auto [ec, n] = co_await http::async_write(stream, out, kNoThrow);
  co_return !ec;
}

asio::awaitable<bool> HttpServer::Impl::WriteStreamed(TcpStream& stream, BeastResponse& out,
                                                      const StreamedBody& body) {
  stream.expires_after(options.write_timeout);
  http::response_serializer<http::string_body> header(out);
  auto [header_ec, header_bytes] = co_await http::async_write_header(stream, header, kNoThrow);
  if (header_ec) co_return false;
  std::uint64_t sent = 0;
  for (;;) {
    std::string_view piece;
    try {
      piece = co_await body.producer->Next();
    } catch (const std::exception& e) {
      log::Warn("http.stream_failed", {{"error", e.what()}});
      co_return false;  // the status line is out: closing tells the client it is incomplete
    }
    if (piece.empty()) break;
    stream.expires_after(options.write_timeout);
    if (body.length) {
      auto [ec, n] = co_await asio::async_write(stream, asio::buffer(piece), kNoThrow);
      if (ec) co_return false;
      sent += n;
    } else {
      auto [ec, n] =
          co_await asio::async_write(stream, http::make_chunk(asio::buffer(piece)), kNoThrow);
      if (ec) co_return false;
      sent += piece.size();
    }
  }
  if (!body.length) {
    stream.expires_after(options.write_timeout);
    auto [ec, n] = co_await asio::async_write(stream, http::make_chunk_last(), kNoThrow);
    co_return !ec;
  }
  co_return sent == *body.length;
}

void HttpServer::Impl::Drain() {
  std::vector<std::shared_ptr<Connection>> open;
  {
    std::lock_guard lock(connections_mutex);
    for (auto& [id, c] : connections) open.push_back(c);
  }
  for (auto& c : open) {
    asio::post(c->executor, [c] {
      c->draining = true;
      if (auto ws = c->websocket.lock()) {
        ws->Close(close_code::kGoingAway, "server shutting down");
      } else if (c->idle && c->stream != nullptr) {
        c->stream->cancel();
      }
    });
  }
}

HttpServer::HttpServer(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

HttpServer::~HttpServer() {
  if (!impl_->threads.empty()) {
    impl_->options.drain_timeout = std::chrono::milliseconds(0);
    Stop();
  }
}

void HttpServer::Start() {
  auto& im = *impl_;
  tcp::resolver resolver(im.io);
  const auto endpoints = resolver.resolve(im.options.host, std::to_string(im.options.port),
                                          tcp::resolver::numeric_service);
  const tcp::endpoint endpoint = *endpoints.begin();
  im.acceptor.open(endpoint.protocol());
  im.acceptor.set_option(asio::socket_base::reuse_address(true));
  im.acceptor.bind(endpoint);
  im.acceptor.listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(im.io, im.AcceptLoop(), asio::detached);
  for (auto& loop : im.loops) {
    asio::co_spawn(*loop, im.SampleLoopLag(), asio::detached);
    im.keep_running.push_back(asio::make_work_guard(*loop));
    im.threads.emplace_back([&loop] { loop->run(); });
  }
}

std::uint16_t HttpServer::port() const {
  return impl_->acceptor.local_endpoint().port();
}

bool HttpServer::IsAllowedOrigin(std::string_view origin) const {
  return impl_->IsAllowedOriginImpl(origin);
}

void HttpServer::Stop() {
  auto& im = *impl_;
  if (im.stopping.exchange(true)) return;
  asio::post(im.io, [&im] {
    beast::error_code ignored;
    im.acceptor.close(ignored);
  });
  im.Drain();
  const auto deadline = std::chrono::steady_clock::now() + im.options.drain_timeout;
  for (;;) {
    {
      std::lock_guard lock(im.connections_mutex);
      if (im.connections.empty()) break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::lock_guard lock(im.connections_mutex);
      log::Warn("http.drain_timeout", {{"open", im.connections.size()}});
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  im.keep_running.clear();
  for (auto& loop : im.loops) loop->stop();
  for (auto& t : im.threads) t.join();
  im.threads.clear();
}

void HttpServer::RunUntilSignal() {
  std::promise<void> signalled;
  asio::signal_set signals(impl_->io, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code& ec, int signal) {
    if (!ec) log::Info("server.signal", {{"signal", signal}});
    signalled.set_value();
  });
  signalled.get_future().wait();
  Stop();
}

}  // namespace platform::net
