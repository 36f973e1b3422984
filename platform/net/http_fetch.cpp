#include "platform/net/http_fetch.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "platform/net/address_policy.hpp"

namespace platform::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

bool Allowed(const std::string& ip, bool allow_private) {
  const AddressClass kind = ClassifyAddress(ip);
  if (kind == AddressClass::kPublic) return true;
  return allow_private && (kind == AddressClass::kLoopback || kind == AddressClass::kPrivate ||
                           kind == AddressClass::kLinkLocal);
}

struct Target {
  bool https = false;
  std::string host, port, target;
};

Target Parse(const std::string& url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) throw FetchError("not an absolute URL");
  Target t;
  const std::string scheme(parsed->scheme());
  if (scheme != "http" && scheme != "https") throw FetchError("only http and https URLs");
  t.https = scheme == "https";
  t.host = std::string(parsed->encoded_host());
  if (t.host.empty()) throw FetchError("the URL has no host");
  if (t.host.front() == '[') t.host = t.host.substr(1, t.host.size() - 2);
  t.port = parsed->has_port() ? std::string(parsed->port()) : (t.https ? "443" : "80");
  t.target = std::string(parsed->encoded_path());
  if (t.target.empty()) t.target = "/";
  if (parsed->has_query()) t.target += "?" + std::string(parsed->encoded_query());
  return t;
}

// One request and its response over `stream` (plain or TLS).
template <class Stream>
asio::awaitable<FetchResult> Exchange(Stream& stream, const Target& t, const FetchOptions& o) {
  http::request<http::empty_body> request{http::verb::get, t.target, 11};
  request.set(http::field::host, t.host);
  if (!o.user_agent.empty()) request.set(http::field::user_agent, o.user_agent);
  request.set(http::field::accept, o.accept);
  request.set(http::field::connection, "close");
  co_await http::async_write(stream, request, asio::use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(o.max_body_bytes);
  parser.header_limit(16 * 1024);
  boost::system::error_code ec;
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (ec == http::error::body_limit) {
    throw FetchError("the response is larger than " + std::to_string(o.max_body_bytes) + " bytes");
  }
  if (ec) throw FetchError("the server's answer could not be read: " + ec.message());
  auto& response = parser.get();
  FetchResult result{.status = static_cast<int>(response.result_int()),
                     .content_type = std::string(response[http::field::content_type]),
                     .body = std::move(response.body())};
  if (result.status >= 300 && result.status < 400) {
    result.final_url = std::string(response[http::field::location]);
  }
  co_return result;
}

asio::awaitable<FetchResult> FetchOnce(const Target& t, const FetchOptions& o, ssl::context& tls) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  boost::system::error_code ec;
  const auto found = co_await resolver.async_resolve(t.host, t.port,
                                                     asio::redirect_error(asio::use_awaitable, ec));
  if (ec) throw FetchError("the host " + t.host + " cannot be resolved");
  std::vector<tcp::endpoint> endpoints;
  for (const auto& entry : found) {
    const std::string ip = entry.endpoint().address().to_string();
    // Every address, not just the first: a name must not mix public and private ones.
    if (!Allowed(ip, o.allow_private_addresses)) {
      throw FetchError("the host " + t.host + " resolves to " + ip +
                       ", which the server may not reach");
    }
    endpoints.push_back(entry.endpoint());
  }
  if (endpoints.empty()) throw FetchError("the host " + t.host + " has no address");
  if (!t.https) {
    beast::tcp_stream stream(executor);
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    co_return co_await Exchange(stream, t, o);
  }
  beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), t.host.c_str())) {
    throw FetchError("cannot set the TLS server name");
  }
  stream.set_verify_callback(ssl::host_name_verification(t.host));
  co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
  co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
  co_return co_await Exchange(stream, t, o);
}

}  // namespace

FetchResult Fetch(const std::string& url, const FetchOptions& options) {
  ssl::context tls(ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(ssl::verify_peer);
  std::string current = url;
  for (int hop = 0;; ++hop) {
    const Target target = Parse(current);
    asio::io_context io;
    auto result = asio::co_spawn(io, FetchOnce(target, options, tls), asio::use_future);
    io.run_for(options.timeout);
    if (!io.stopped()) {
      io.stop();
      throw FetchError("no answer within " + std::to_string(options.timeout.count() / 1000) + " s");
    }
    FetchResult response;
    try {
      response = result.get();
    } catch (const FetchError&) {
      throw;
    } catch (const std::exception& e) {
      throw FetchError(std::string("cannot fetch: ") + e.what());
    }
    if (response.status >= 300 && response.status < 400 && !response.final_url.empty()) {
      if (hop >= options.max_redirects) throw FetchError("too many redirects");
      // Relative locations resolve against the current URL.
      auto location = boost::urls::parse_uri_reference(response.final_url);
      boost::urls::url next(current);
      if (!location || !next.resolve(*location)) {
        throw FetchError("a redirect to an invalid location");
      }
      current = std::string(next.buffer());
      continue;
    }
    response.final_url = current;
    return response;
  }
}

}  // namespace platform::net
