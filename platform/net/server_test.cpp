#include "platform/net/server.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/object.hpp>
#include <future>
#include <thread>

#include "platform/core/ids.hpp"
#include "platform/net/test_server.hpp"
#include "tests/support/support.hpp"

namespace platform::net {
namespace {

using boost::asio::awaitable;
using testing_support::HttpClient;
using testing_support::RawExchange;

awaitable<void> Sleep(std::chrono::milliseconds d) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, d);
  co_await timer.async_wait(boost::asio::use_awaitable);
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest()
      : server_([] {
          ServerOptions o;
          o.header_timeout = std::chrono::milliseconds(700);
          o.idle_timeout = std::chrono::milliseconds(700);
          o.body_timeout = std::chrono::milliseconds(700);
          o.drain_timeout = std::chrono::milliseconds(3000);
          o.cors_origins = {"https://app.example"};
          return o;
        }()) {
    auto& r = server_.router;
    r.Add({.method = Method::kGet,
           .pattern = "/hello",
           .handler = [](Request& req) -> awaitable<Response> {
             co_return Response::Json(
                 200, boost::json::object{{"hello", req.Query("name").value_or("world")}});
           }});
    r.Add({.method = Method::kPost,
           .pattern = "/echo",
           .handler = [](Request& req) -> awaitable<Response> {
             auto body = ParseJsonObject(req);
             if (!body) co_return Response::FromError(body.error());
             co_return Response::Json(201, *body);
           },
           .max_body_bytes = 1024});
    r.Add({.method = Method::kGet,
           .pattern = "/items/{id}",
           .handler = [](Request& req) -> awaitable<Response> {
             co_return Response::Json(200, boost::json::object{{"id", req.PathParam("id")}});
           }});
    r.Add({.method = Method::kDelete,
           .pattern = "/items/{id}",
           .handler = [](Request&) -> awaitable<Response> { co_return Response::NoContent(); }});
    r.Add({.method = Method::kGet,
           .pattern = "/boom",
           .handler = [](Request&) -> awaitable<Response> {
             throw std::runtime_error("secret internal detail");
             co_return Response::NoContent();
           }});
    r.Add({.method = Method::kGet,
           .pattern = "/conflict",
           .handler = [](Request&) -> awaitable<Response> {
             throw ErrorException(Error(errors::kConflict, "taken", {{"field", "slug"}}));
             co_return Response::NoContent();
           }});
    r.Add({.method = Method::kGet,
           .pattern = "/slow",
           .handler = [](Request&) -> awaitable<Response> {
             co_await Sleep(std::chrono::milliseconds(400));
             co_return Response::Json(200, std::string(R"({"slow":true})"));
           }});
    // An upload-like route: hashes the body as it streams, never holding it whole.
    r.Add({.method = Method::kPost,
           .pattern = "/upload",
           .handler = [](Request& req) -> awaitable<Response> {
             Sha256Stream hash;
             std::size_t total = 0, largest = 0, pieces = 0;
             for (;;) {
               auto piece = co_await req.body_stream->Next();
               if (!piece) break;
               hash.Update(*piece);
               total += piece->size();
               largest = std::max(largest, piece->size());
               ++pieces;
             }
             co_return Response::Json(200, boost::json::object{{"bytes", total},
                                                               {"largestPiece", largest},
                                                               {"pieces", pieces},
                                                               {"sha256", hash.HexDigest()}});
           },
           .max_body_bytes = 8 << 20,
           .stream_body = true});
    server_.Start();
  }
  unsigned short port() const { return server_.port(); }
  TestServer server_;
};

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  HttpClient client(port());
  for (int i = 0; i < 50; ++i) {
    const auto r = client.Get("/hello?name=n" + std::to_string(i));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.Json().at("hello").as_string(), "n" + std::to_string(i));
  }
  EXPECT_TRUE(client.IsOpen());
}

TEST_F(ServerTest, PathParametersAndQueryDecoding) {
  HttpClient client(port());
  EXPECT_EQ(client.Get("/items/abc").Json().at("id").as_string(), "abc");
  EXPECT_EQ(client.Get("/hello?name=a%20b&x=1").Json().at("hello").as_string(), "a b");
}

TEST_F(ServerTest, EveryAnswerCarriesSecurityHeadersAndARequestId) {
  HttpClient client(port());
  const auto r = client.Get("/hello");
  EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.Header("x-frame-options"), "SAMEORIGIN");
  EXPECT_FALSE(r.Header("referrer-policy").empty());
  EXPECT_EQ(r.Header("cache-control"), "no-store");
  EXPECT_FALSE(r.Header("x-request-id").empty());
  EXPECT_NE(client.Get("/hello").Header("x-request-id"), r.Header("x-request-id"));
  // A plain client-supplied id is echoed; a hostile one is replaced.
  auto echoed = client.Send({"GET", "/hello", {}, {{"X-Request-Id", "trace-123"}}});
  EXPECT_EQ(echoed.Header("x-request-id"), "trace-123");
  auto replaced = client.Send({"GET", "/hello", {}, {{"X-Request-Id", "<script>"}}});
  EXPECT_NE(replaced.Header("x-request-id"), "<script>");
}

TEST_F(ServerTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  HttpClient client(port());
  auto nf = client.Get("/nope");
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(nf.Json().at("error").at("code").as_string(), "NOT_FOUND");
  auto na = client.Send({"PUT", "/items/1", "{}", {{"Content-Type", "application/json"}}});
  EXPECT_EQ(na.status, 405);
  EXPECT_EQ(na.Json().at("error").at("code").as_string(), "METHOD_NOT_ALLOWED");
  EXPECT_EQ(na.Header("allow"), "GET, DELETE, HEAD, OPTIONS");
}

TEST_F(ServerTest, HeadAnswersWithGetsHeadersAndNoBody) {
  HttpClient client(port());
  const auto get = client.Get("/hello");
  const auto head = client.Send({"HEAD", "/hello", {}, {}});
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("content-length"), std::to_string(get.body.size()));
  EXPECT_EQ(client.Get("/hello").status, 200);  // the connection is still in step
}

TEST_F(ServerTest, JsonBodies) {
  HttpClient client(port());
  auto ok = client.PostJson("/echo", R"({"a":[1,2,{"b":null}]})");
  EXPECT_EQ(ok.status, 201);
  EXPECT_EQ(ok.Json().at("a").as_array().size(), 3u);

  auto malformed = client.PostJson("/echo", R"({"a":)");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.Json().at("error").at("code").as_string(), "VALIDATION_001");
  EXPECT_TRUE(malformed.Json().at("error").at("details").as_object().contains("reason"));

  EXPECT_EQ(client.PostJson("/echo", "[1,2]").status, 400);
  EXPECT_EQ(client.PostJson("/echo", std::string(40, '[') + std::string(40, ']')).status, 400);

  auto wrong_type = client.Send(
      {"POST", "/echo", "a=1", {{"Content-Type", "application/x-www-form-urlencoded"}}});
  EXPECT_EQ(wrong_type.status, 415);
  EXPECT_EQ(wrong_type.Json().at("error").at("code").as_string(), "UNSUPPORTED_MEDIA_TYPE");
  EXPECT_EQ(client.PostJson("/echo", "{}").status, 201);  // still usable
}

TEST_F(ServerTest, BodyOverTheRouteLimitIs413) {
  HttpClient client(port());
  auto r = client.PostJson("/echo", "{\"pad\":\"" + std::string(2000, 'x') + "\"}");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.Json().at("error").at("code").as_string(), "PAYLOAD_TOO_LARGE");
  // Chunked bodies are held to the same limit while they stream in.
  const std::string chunk(1500, 'x');
  std::ostringstream raw;
  raw << "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      << "Transfer-Encoding: chunked\r\n\r\n"
      << std::hex << chunk.size() << "\r\n"
      << chunk << "\r\n0\r\n\r\n";
  EXPECT_NE(RawExchange(port(), raw.str()).find("413"), std::string::npos);
}

TEST_F(ServerTest, StreamedBodiesArriveInBoundedPieces) {
  HttpClient client(port());
  std::string body(5 << 20, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>(i * 7919 % 251);
  auto r = client.Send({"POST", "/upload", body, {{"Content-Type", "application/octet-stream"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto v = r.Json();
  EXPECT_EQ(v.at("bytes").as_int64(), static_cast<std::int64_t>(body.size()));
  EXPECT_EQ(v.at("sha256").as_string(), Sha256Hex(body));
  EXPECT_LE(v.at("largestPiece").as_int64(), 64 * 1024) << "never the whole body at once";
  EXPECT_GT(v.at("pieces").as_int64(), 50);
  EXPECT_TRUE(client.IsOpen()) << "a fully read body keeps the connection";
  EXPECT_EQ(client.Get("/hello").status, 200);

  // Over the limit: refused from the declared length, or as the chunks stream in.
  const std::string declared =
      RawExchange(port(), "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 9000000\r\n\r\n");
  EXPECT_EQ(declared.rfind("HTTP/1.1 413", 0), 0u) << "refused before a byte is read";
  std::ostringstream raw;
  raw << "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(1 << 20, 'y');
  for (int i = 0; i < 9; ++i) raw << std::hex << chunk.size() << "\r\n" << chunk << "\r\n";
  raw << "0\r\n\r\n";
  const std::string reply = RawExchange(port(), raw.str());
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 200);
  EXPECT_NE(reply.find("PAYLOAD_TOO_LARGE"), std::string::npos);
}

TEST_F(ServerTest, PostWithoutLengthIs411) {
  const std::string reply = RawExchange(
      port(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 411", 0), 0u) << reply;
  EXPECT_NE(reply.find("LENGTH_REQUIRED"), std::string::npos);
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  const std::string reply = RawExchange(
      port(), "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 431", 0), 0u) << reply.substr(0, 200);
  EXPECT_NE(reply.find("HEADERS_TOO_LARGE"), std::string::npos);
}

TEST_F(ServerTest, GarbageGets400AndAClose) {
  for (const std::string& garbage :
       {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", 22),
        std::string("GET / HTTP/9.9\r\n\r\n"), std::string("NOT A REQUEST\r\n\r\n"),
        std::string("GET /hello HTTP/1.1\r\nBad Header Line\r\n\r\n"),
        std::string("POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n"),
        // RFC 9112: an HTTP/1.1 request without Host is refused.
        std::string("GET /hello HTTP/1.1\r\n\r\n"),
        // A chunk size that is not one.
        std::string("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "zz\r\n{}\r\n0\r\n\r\n")}) {
    const std::string reply = RawExchange(port(), garbage);
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << garbage << " -> " << reply.substr(0, 100);
  }
  HttpClient client(port());
  EXPECT_EQ(client.Get("/hello").status, 200);  // the server is fine
}

TEST_F(ServerTest, SlowClientsAreClosed) {
  // Half a header, then silence (slow-loris): closed at the header timeout.
  const auto header_ms = testing_support::MillisUntilClosed(port(), "GET /hello HTTP/1.1\r\nHo",
                                                            std::chrono::seconds(5));
  ASSERT_TRUE(header_ms.has_value());
  EXPECT_GE(*header_ms, 500);
  EXPECT_LT(*header_ms, 3000);
  // A promised body that never comes: closed at the body timeout.
  const auto body_ms =
      testing_support::MillisUntilClosed(port(),
                                         "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                         "application/json\r\nContent-Length: 100\r\n\r\n{",
                                         std::chrono::seconds(5));
  ASSERT_TRUE(body_ms.has_value());
  EXPECT_LT(*body_ms, 3000);
  // An idle keep-alive connection: closed at the idle timeout.
  HttpClient client(port());
  client.Get("/hello");
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  EXPECT_FALSE(client.IsOpen());
}

TEST_F(ServerTest, HandlerFailuresBecomeJsonErrors) {
  HttpClient client(port());
  auto boom = client.Get("/boom");
  EXPECT_EQ(boom.status, 500);
  EXPECT_EQ(boom.Json().at("error").at("code").as_string(), "INTERNAL");
  EXPECT_EQ(boom.body.find("secret internal detail"), std::string::npos);
  auto conflict = client.Get("/conflict");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.Json().at("error").at("details").at("field").as_string(), "slug");
  EXPECT_EQ(client.Get("/hello").status, 200);
}

TEST_F(ServerTest, CorsForAllowedOriginsOnly) {
  HttpClient client(port());
  auto allowed = client.Send({"GET", "/hello", {}, {{"Origin", "https://app.example"}}});
  EXPECT_EQ(allowed.Header("access-control-allow-origin"), "https://app.example");
  EXPECT_EQ(allowed.Header("access-control-allow-credentials"), "true");
  auto other = client.Send({"GET", "/hello", {}, {{"Origin", "https://evil.example"}}});
  EXPECT_TRUE(other.Header("access-control-allow-origin").empty());

  auto preflight = client.Send(
      {"OPTIONS",
       "/items/1",
       {},
       {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "DELETE"}}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_NE(preflight.Header("access-control-allow-methods").find("DELETE"), std::string::npos);
  EXPECT_NE(preflight.Header("access-control-allow-headers").find("Authorization"),
            std::string::npos);
  auto refused = client.Send(
      {"OPTIONS",
       "/items/1",
       {},
       {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "DELETE"}}});
  EXPECT_TRUE(refused.Header("access-control-allow-methods").empty());
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndStatus) {
  HttpClient client(port());
  client.Get("/hello");
  client.Get("/hello");
  client.Get("/items/1");
  client.Get("/nope");
  // A request is counted just after its answer is written (its latency includes the write),
  // so the last one may land a moment after the client has read it.
  std::string text;
  for (int i = 0; i < 200; ++i) {
    text = server_.metrics.Render();
    if (text.find(R"(code="4xx"} 1)") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_NE(text.find(R"(http_requests_total{route="/hello",method="GET",code="2xx"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(http_requests_total{route="/items/{id}",method="GET",code="2xx"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(http_requests_total{route="unmatched",method="",code="4xx"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(http_request_duration_seconds_count{route="/hello",method="GET"} 2)"),
            std::string::npos);
  EXPECT_NE(text.find("process_resident_memory_bytes"), std::string::npos);
  EXPECT_NE(text.find("http_open_connections 1"), std::string::npos);
}

TEST_F(ServerTest, MetricsSayHowLateTheEventLoopsRun) {
  // Each loop samples every 50 ms: two loops give a sample or more within 100 ms; an idle
  // server's loops are not late by a second.
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  const std::string text = server_.metrics.Render();
  EXPECT_NE(text.find("# TYPE event_loop_lag_seconds histogram"), std::string::npos);
  const auto count_at = text.find("event_loop_lag_seconds_count ");
  ASSERT_NE(count_at, std::string::npos);
  const int samples = std::stoi(text.substr(count_at + 29));
  EXPECT_GE(samples, 2);
  const auto within_a_second = text.find(R"(event_loop_lag_seconds_bucket{le="1"} )");
  ASSERT_NE(within_a_second, std::string::npos);
  EXPECT_GE(std::stoi(text.substr(within_a_second + 38)), samples);
}

TEST_F(ServerTest, ModulesAddTheirOwnCountersAndHistograms) {
  std::atomic<int> done = 3;
  server_.metrics.AddCounter("things_done_total", "Things done.", [&] { return done.load(); });
  auto took = server_.metrics.AddHistogram("thing_seconds", "How long a thing took.");
  took.Observe(0.003);
  took.Observe(2);
  const std::string text = server_.metrics.Render();
  EXPECT_NE(text.find("# TYPE things_done_total counter\nthings_done_total 3\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE thing_seconds histogram\n"), std::string::npos);
  EXPECT_NE(text.find("thing_seconds_bucket{le=\"0.005\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("thing_seconds_bucket{le=\"2.5\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("thing_seconds_count 2\n"), std::string::npos);
}

TEST_F(ServerTest, StopLetsInFlightRequestsFinishAndClosesIdleConnections) {
  HttpClient idle(port());
  idle.Get("/hello");
  auto in_flight = std::async(std::launch::async, [&] {
    HttpClient slow(port());
    return slow.Get("/slow");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto started = std::chrono::steady_clock::now();
  server_.server->Stop();
  const auto took = std::chrono::steady_clock::now() - started;
  const auto answered = in_flight.get();
  EXPECT_EQ(answered.status, 200);
  EXPECT_EQ(answered.Header("connection"), "close");
  EXPECT_LT(took, std::chrono::milliseconds(2500));
  EXPECT_FALSE(idle.IsOpen());
  server_.server.reset();
}

// A server whose /x answers 204, /healthz is a probe route, and /who says who is asking.
void AddLimitRoutes(Router& router) {
  router.Add({.method = Method::kGet,
              .pattern = "/x",
              .handler = [](Request&) -> awaitable<Response> { co_return Response::NoContent(); }});
  router.Add({.method = Method::kGet,
              .pattern = "/healthz",
              .handler = [](Request&) -> awaitable<Response> {
                co_return Response::Json(200, std::string(R"({"status":"ok"})"));
              },
              .probe = true});
  router.Add(
      {.method = Method::kGet, .pattern = "/who", .handler = [](Request& r) -> awaitable<Response> {
         co_return Response::Json(200, boost::json::object{{"ip", r.remote_address}});
       }});
}

TEST(ServerLimits, ConnectionsBeyondTheLimitGet503ButProbesAreStillAnswered) {
  ServerOptions o;
  o.max_connections = 2;
  o.max_connections_per_address = 10;
  TestServer s(o);
  AddLimitRoutes(s.router);
  s.Start();
  HttpClient a(s.port()), b(s.port());
  EXPECT_EQ(a.Get("/x").status, 204);
  EXPECT_EQ(b.Get("/x").status, 204);
  const std::string reply = RawExchange(s.port(), "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 503", 0), 0u) << reply;
  EXPECT_NE(reply.find("Retry-After: 1"), std::string::npos) << reply;
  EXPECT_NE(s.metrics.Render().find("http_rejected_connections_total 1"), std::string::npos);
  // An orchestrator asking whether the process lives still hears it does.
  for (int i = 0; i < 3; ++i) {
    const std::string health = RawExchange(s.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(health.rfind("HTTP/1.1 200", 0), 0u) << health;
    EXPECT_NE(health.find("Connection: close"), std::string::npos) << health;
  }
  // A probe socket that says nothing is not kept.
  const auto silent = testing_support::MillisUntilClosed(s.port(), "", std::chrono::seconds(10));
  ASSERT_TRUE(silent.has_value());
  EXPECT_LT(*silent, 5000);
}

TEST(ServerLimits, OneAddressCannotTakeEveryConnection) {
  ServerOptions o;
  o.max_connections = 100;
  o.max_connections_per_address = 3;
  TestServer s(o);
  AddLimitRoutes(s.router);
  s.Start();
  std::vector<std::unique_ptr<HttpClient>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<HttpClient>(s.port()));
    EXPECT_EQ(held.back()->Get("/x").status, 204);
  }
  const std::string reply = RawExchange(s.port(), "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 429", 0), 0u) << reply;
  EXPECT_NE(reply.find("RATE_LIMIT"), std::string::npos) << reply;
  // Another address is not held back by it.
  HttpClient other(s.port(), "127.0.0.1", "127.0.0.2");
  EXPECT_EQ(other.Get("/x").status, 204);
  // A connection given back is a place free again.
  held.pop_back();
  for (int attempt = 0;; ++attempt) {
    HttpClient again(s.port());
    if (again.Get("/x").status == 204) break;
    ASSERT_LT(attempt, 50) << "the closed connection's place never came back";
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

TEST(ServerLimits, ATrustedProxyNamesTheClientAndIsNotCapped) {
  ServerOptions o;
  o.max_connections = 100;
  o.max_connections_per_address = 2;
  o.trusted_proxies = TrustedProxies::Parse({"127.0.0.1"});
  TestServer s(o);
  AddLimitRoutes(s.router);
  s.Start();
  std::vector<std::unique_ptr<HttpClient>> proxied;
  for (int i = 0; i < 4; ++i) {  // past the per-address cap: a proxy carries many clients
    proxied.push_back(std::make_unique<HttpClient>(s.port()));
    const auto r = proxied.back()->Send(
        {"GET", "/who", {}, {{"X-Forwarded-For", "6.6.6.6, 203.0.113." + std::to_string(i)}}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Json().at("ip").as_string(), "203.0.113." + std::to_string(i));
  }
  // From a peer that is not a proxy, the header is the client's own say-so: ignored.
  HttpClient direct(s.port(), "127.0.0.1", "127.0.0.2");
  const auto r = direct.Send({"GET", "/who", {}, {{"X-Forwarded-For", "203.0.113.50"}}});
  EXPECT_EQ(r.Json().at("ip").as_string(), "127.0.0.2");
}

TEST(ServerLimits, TrickledBodiesAreCutOffAtTheMinimumRate) {
  ServerOptions o;
  o.body_grace = std::chrono::milliseconds(1000);
  o.min_body_rate = 1000;
  o.body_timeout = std::chrono::milliseconds(20'000);
  TestServer s(o);
  s.router.Add({.method = Method::kPost,
                .pattern = "/buffered",
                .handler = [](Request& r) -> awaitable<Response> {
                  co_return Response::Json(200, boost::json::object{{"bytes", r.body.size()}});
                },
                .max_body_bytes = 1 << 20});
  s.router.Add({.method = Method::kPost,
                .pattern = "/streamed",
                .handler = [](Request& r) -> awaitable<Response> {
                  std::size_t bytes = 0;
                  while (auto piece = co_await r.body_stream->Next()) bytes += piece->size();
                  co_return Response::Json(200, boost::json::object{{"bytes", bytes}});
                },
                .max_body_bytes = 1 << 20,
                .stream_body = true});
  s.Start();
  for (const char* path : {"/buffered", "/streamed"}) {
    // A byte every 100 ms of a 100 KB body: a tenth of the minimum. Out after the grace.
    const auto closed_ms = testing_support::MillisUntilClosedTrickling(
        s.port(),
        std::string("POST ") + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n",
        std::chrono::milliseconds(100), std::chrono::seconds(15));
    ASSERT_TRUE(closed_ms.has_value()) << path << " held its connection";
    EXPECT_GE(*closed_ms, 900) << path;
    EXPECT_LT(*closed_ms, 5000) << path;
  }
  // A slow but steady body, taking well past the grace period, arrives whole.
  for (const char* path : {"/buffered", "/streamed"}) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), s.port()});
    boost::asio::write(socket, boost::asio::buffer(std::string("POST ") + path +
                                                   " HTTP/1.1\r\nHost: x\r\n"
                                                   "Content-Length: 6000\r\n\r\n"));
    for (int i = 0; i < 20; ++i) {  // 300 bytes each 100 ms: 3,000 a second, for 2 s
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      boost::asio::write(socket, boost::asio::buffer(std::string(300, 'a')));
    }
    std::string reply;
    boost::system::error_code ec;
    std::array<char, 4096> chunk;
    while (reply.find("}") == std::string::npos) {
      const auto n = socket.read_some(boost::asio::buffer(chunk), ec);
      if (ec) break;
      reply.append(chunk.data(), n);
    }
    EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << path << ": " << reply;
    EXPECT_NE(reply.find(R"({"bytes":6000})"), std::string::npos) << path << ": " << reply;
  }
}

}  // namespace
}  // namespace platform::net

namespace platform::net {
namespace {

TEST(ServerGuard, RefusesGuardedRoutesBeforeReadingTheBody) {
  ServerOptions o;
  o.guard = [](Request& r) -> awaitable<std::optional<Response>> {
    if (r.Header("Authorization") != "Bearer letmein") {
      co_return Response::FromError(Error(errors::kUnauthenticated, "no"));
    }
    r.principal = std::string("alice");
    co_return std::nullopt;
  };
  TestServer s(o);
  std::atomic<int> handled{0};
  s.router.Add({.method = Method::kPost,
                .pattern = "/private",
                .handler = [&](Request& r) -> awaitable<Response> {
                  ++handled;
                  co_return Response::Json(
                      200, boost::json::object{{"who", std::any_cast<std::string>(r.principal)}});
                },
                .max_body_bytes = 100 << 20,
                .access = "member"});
  s.router.Add({.method = Method::kGet,
                .pattern = "/public",
                .handler = [](Request& r) -> awaitable<Response> {
                  co_return Response::Json(
                      200, boost::json::object{{"anonymous", !r.principal.has_value()}});
                }});
  s.Start();
  HttpClient client(s.port());
  EXPECT_EQ(client.Get("/public").Json().at("anonymous").as_bool(), true);
  auto allowed = client.Send({"POST", "/private", "{}", {{"Authorization", "Bearer letmein"}}});
  EXPECT_EQ(allowed.status, 200);
  EXPECT_EQ(allowed.Json().at("who").as_string(), "alice");
  // A 50 MB upload without credentials is answered at once, its body never read.
  const auto reply =
      RawExchange(s.port(),
                  "POST /private HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Content-Length: 50000000\r\n\r\n{",
                  std::chrono::milliseconds(2000));
  EXPECT_EQ(reply.rfind("HTTP/1.1 401", 0), 0u) << reply;
  EXPECT_EQ(handled.load(), 1);
  // A small refused body is read and dropped: the connection stays usable.
  EXPECT_EQ(client.Send({"POST", "/private", R"({"a":1})", {}}).status, 401);
  EXPECT_TRUE(client.IsOpen());
  EXPECT_EQ(client.Get("/public").status, 200);
}

// Limits per caller count each caller apart, after the guard (strangers are refused by it,
// not counted), in one bucket shared by the routes that name it.
TEST(ServerGuard, LimitsEachCallerInTheBucketItsRoutesShare) {
  ServerOptions o;
  o.guard = [](Request& r) -> awaitable<std::optional<Response>> {
    const auto token = r.Header("Authorization");
    if (!token.starts_with("Bearer ")) {
      co_return Response::FromError(Error(errors::kUnauthenticated, "no"));
    }
    r.principal = std::string(token.substr(7));
    co_return std::nullopt;
  };
  o.caller_key = [](const Request& r) { return std::any_cast<std::string>(r.principal); };
  TestServer s(o);
  for (const char* pattern : {"/like/a", "/like/b"}) {
    s.router.Add(
        {.method = Method::kPost,
         .pattern = pattern,
         .handler = [](Request&) -> awaitable<Response> { co_return Response::NoContent(); },
         .access = "member",
         .rate_limit_per_caller = RateLimit::PerHour(3),
         .rate_limit_bucket = "like"});
  }
  s.Start();
  HttpClient client(s.port());
  const auto post = [&](const char* path, const char* who) {
    return client.Send({"POST", path, "{}", {{"Authorization", std::string("Bearer ") + who}}});
  };
  EXPECT_EQ(post("/like/a", "alice").status, 204);
  EXPECT_EQ(post("/like/b", "alice").status, 204);
  EXPECT_EQ(post("/like/a", "alice").status, 204);
  const auto refused = post("/like/b", "alice");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.Header("retry-after"), "1200");
  EXPECT_EQ(refused.Json().at("error").at("code").as_string(), "RATE_LIMIT");
  EXPECT_EQ(post("/like/a", "bob").status, 204) << "callers are counted apart";
  EXPECT_EQ(client.Send({"POST", "/like/a", "{}", {}}).status, 401);
}

}  // namespace
}  // namespace platform::net
