#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "platform/core/log.hpp"
#include "platform/net/openapi.hpp"
#include "vizora/app/routes.hpp"

namespace vizora {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;

void AddMetaRoutes(net::Router& router, const AppContext& app) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/healthz",
              .handler = [](net::Request&) -> awaitable<net::Response> {
                co_return net::Response::Json(200, std::string(R"({"status":"ok"})"));
              },
              .summary = "Liveness: the process answers"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/readyz",
              .handler = [&app](net::Request&) -> awaitable<net::Response> {
                try {
                  co_await app.db.Read([](platform::store::Connection& c) { c.Query("SELECT 1"); });
                  co_return net::Response::Json(200, std::string(R"({"status":"ready"})"));
                } catch (const std::exception& e) {
                  platform::log::Warn("readyz.database_unavailable", {{"error", e.what()}});
                }
                co_return net::Response::FromError(
                    platform::Error(platform::errors::kUnavailable, "database unavailable"));
              },
              .summary = "Readiness: the database answers"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/metrics",
              .handler = [&app](net::Request&) -> awaitable<net::Response> {
                co_return net::Response::Text(200, "text/plain; version=0.0.4; charset=utf-8",
                                              app.metrics.Render());
              },
              .summary = "Prometheus metrics"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/openapi.json",
              .handler = [&router](net::Request&) -> awaitable<net::Response> {
                co_return net::Response::Json(
                    200, net::OpenApiDocument(router, "Vizora API", VIZORA_VERSION));
              },
              .summary = "This API, as OpenAPI 3"});

  // Everything in it is fixed at start: serialize it once.
  json::array roles;
  for (const auto& r : app.config.roles) roles.emplace_back(r);
  const std::string version = json::serialize(json::object{
      {"version", VIZORA_VERSION},
      {"schemaVersion", app.schema_version},
      {"database", app.db.dialect() == platform::store::Dialect::kSqlite ? "sqlite" : "postgres"},
      {"installationId", app.installation_id},
      {"roles", std::move(roles)}});
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/version",
              .handler = [version](net::Request&) -> awaitable<net::Response> {
                co_return net::Response::Json(200, version);
              },
              .summary = "Server version, schema version and roles"});
}

}  // namespace vizora
