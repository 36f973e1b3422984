#include "platform/app/meta_routes.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "platform/core/log.hpp"
#include "platform/net/openapi.hpp"

namespace platform::app {

namespace json = boost::json;
using boost::asio::awaitable;

void AddMetaRoutes(net::Router& router, store::Database& db, net::Metrics& metrics,
                   const MetaInfo& info) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/healthz",
              .handler = [](net::Request&) -> awaitable<net::Response> {
                co_return net::Response::Json(200, std::string(R"({"status":"ok"})"));
              },
              .summary = "Liveness: the process answers",
              .probe = true});

  router.Add({.method = net::Method::kGet,
              .pattern = "/readyz",
              .handler = [&db](net::Request&) -> awaitable<net::Response> {
                try {
                  co_await db.Read([](store::Connection& c) { c.Query("SELECT 1"); });
                  co_return net::Response::Json(200, std::string(R"({"status":"ready"})"));
                } catch (const std::exception& e) {
                  log::Warn("readyz.database_unavailable", {{"error", e.what()}});
                }
                co_return net::Response::FromError(
                    Error(errors::kUnavailable, "database unavailable"));
              },
              .summary = "Readiness: the database answers",
              .probe = true});

  router.Add({.method = net::Method::kGet,
              .pattern = "/metrics",
              .handler = [&metrics](net::Request&) -> awaitable<net::Response> {
                co_return net::Response::Text(200, "text/plain; version=0.0.4; charset=utf-8",
                                              metrics.Render());
              },
              .summary = "Prometheus metrics"});

  router.Add({.method = net::Method::kGet,
              .pattern = info.openapi_path,
              .handler = [&router, title = info.api_title,
                          version = info.version](net::Request&) -> awaitable<net::Response> {
                co_return net::Response::Json(200, net::OpenApiDocument(router, title, version));
              },
              .summary = "This API, as OpenAPI 3"});

  // Everything in it is fixed at start: serialize it once.
  json::array roles;
  for (const auto& r : info.roles) roles.emplace_back(r);
  const std::string version = json::serialize(
      json::object{{"version", info.version},
                   {"schemaVersion", info.schema_version},
                   {"database", db.dialect() == store::Dialect::kSqlite ? "sqlite" : "postgres"},
                   {"installationId", info.installation_id},
                   {"roles", std::move(roles)}});
  router.Add({.method = net::Method::kGet,
              .pattern = info.version_path,
              .handler = [version](net::Request&) -> awaitable<net::Response> {
                co_return net::Response::Json(200, version);
              },
              .summary = "Server version, schema version and roles"});
}

}  // namespace platform::app
