#include "platform/net/openapi.hpp"

#include <boost/json/object.hpp>
#include <cctype>

namespace platform::net {

namespace json = boost::json;

boost::json::value OpenApiDocument(const Router& router, std::string_view title,
                                   std::string_view version) {
  json::object paths;
  for (const auto& route : router.routes()) {
    if (!route->in_openapi) continue;
    std::string path = route->pattern;
    if (auto star = path.find("{*"); star != std::string::npos) path.erase(star + 1, 1);
    json::array parameters;
    for (const auto& name : route->param_names) {
      parameters.push_back(
          {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    json::object operation{{"summary", route->summary},
                           {"responses", {{"default", {{"description", "See API.md"}}}}}};
    if (!parameters.empty()) operation["parameters"] = std::move(parameters);
    if (route->websocket) operation["description"] = "WebSocket upgrade endpoint";
    // Who may call it (the product's role names), so clients and the tenancy test can tell.
    if (!route->access.empty()) operation["x-access"] = route->access;
    std::string method(MethodName(route->method));
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json::value& entry = paths[path];
    if (!entry.is_object()) entry.emplace_object();
    entry.as_object()[method] = std::move(operation);
  }
  return json::object{{"openapi", "3.0.3"},
                      {"info", {{"title", title}, {"version", version}}},
                      {"paths", std::move(paths)}};
}

}  // namespace platform::net
