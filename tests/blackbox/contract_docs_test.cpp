// The contracts in docs/ against the servers (issue 24): docs/API.md and docs/VIZTUBE-API.md
// each hold a route index, which must list exactly the routes the server's openapi.json
// describes, with the same access; every route their prose names must exist. A route added
// without its documentation, or documentation of a route that went, fails here.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "tests/support/support.hpp"

namespace {

namespace json = boost::json;
using namespace testing_support;

struct Route {
  std::string method, path, access;
  auto operator<=>(const Route&) const = default;
};

std::string ReadDocument(const std::string& name) {
  std::ifstream in(std::string(VIZORA_SOURCE_DIR) + "/docs/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(' ') - first + 1));
}

// "`GET`" → "GET"; "" when the cell is not one code span.
std::string CodeSpan(const std::string& cell) {
  if (cell.size() < 3 || cell.front() != '`' || cell.back() != '`') return {};
  return cell.substr(1, cell.size() - 2);
}

// The rows of the "## Route index" table: | `METHOD` | `PATH` | access | what |. (No
// std::regex here: GCC 12's warns itself uninitialized under the sanitizers.)
std::set<Route> IndexOf(const std::string& document) {
  std::set<Route> routes;
  const auto start = document.find("\n## Route index");
  if (start == std::string::npos) return routes;
  const auto end = document.find("\n## ", start + 1);
  std::istringstream table(document.substr(start, end - start));
  std::string line;
  while (std::getline(table, line)) {
    if (!line.starts_with("| `")) continue;
    std::vector<std::string> cells;
    std::stringstream row(line.substr(1));
    for (std::string cell; std::getline(row, cell, '|');) cells.push_back(Trim(cell));
    if (cells.size() < 3) continue;
    const std::string method = CodeSpan(cells[0]), path = CodeSpan(cells[1]);
    if (method.empty() || path.empty()) continue;
    routes.insert({method, path, cells[2] == "–" ? "" : cells[2]});
  }
  return routes;
}

// What openapi.json says: every operation, its method upper-case, with its x-access.
std::set<Route> RoutesOf(const json::value& openapi) {
  std::set<Route> routes;
  for (const auto& [path, operations] : openapi.at("paths").as_object()) {
    for (const auto& [method, operation] : operations.as_object()) {
      std::string name(method);
      for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const auto* access = operation.as_object().if_contains("x-access");
      routes.insert(
          {name, std::string(path), access ? std::string(access->as_string()) : std::string()});
    }
  }
  return routes;
}

// "/api/v2/videos/:videoId" → "/api/v2/videos/{videoId}".
std::string BracedParameters(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != ':') {
      out += path[i];
      continue;
    }
    std::size_t end = i + 1;
    while (end < path.size() && (std::isalnum(static_cast<unsigned char>(path[end])) != 0)) ++end;
    out += "{" + std::string(path.substr(i + 1, end - i - 1)) + "}";
    i = end - 1;
  }
  return out;
}

// Routes the prose names, outside the index: code spans such as `GET /api/v1/x` or
// `GET/PATCH /api/v1/x/{id}?q=` whose path starts with one of `prefixes`.
std::set<std::pair<std::string, std::string>> ProseRoutes(
    const std::string& document, const std::vector<std::string>& prefixes) {
  static const std::set<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
  std::set<std::pair<std::string, std::string>> named;
  const std::string prose = document.substr(0, document.find("\n## Route index"));
  for (auto open = prose.find('`'); open != std::string::npos; open = prose.find('`', open + 1)) {
    const auto close = prose.find('`', open + 1);
    if (close == std::string::npos) break;
    const std::string span = prose.substr(open + 1, close - open - 1);
    open = close;
    const auto space = span.find(' ');
    if (space == std::string::npos) continue;
    std::vector<std::string> methods;
    std::stringstream words(span.substr(0, space));
    for (std::string method; std::getline(words, method, '/');) methods.push_back(method);
    if (methods.empty() ||
        !std::ranges::all_of(methods, [](const std::string& m) { return kMethods.contains(m); })) {
      continue;
    }
    std::string path = span.substr(space + 1);
    path = path.substr(0, path.find_first_of("? "));
    if (!std::ranges::any_of(prefixes, [&](const std::string& p) { return path.starts_with(p); })) {
      continue;
    }
    for (const auto& method : methods) named.insert({method, BracedParameters(path)});
  }
  return named;
}

std::string Describe(const std::set<Route>& routes) {
  std::string out;
  for (const auto& r : routes) {
    out += "\n  | `" + r.method + "` | `" + r.path + "` | " + (r.access.empty() ? "–" : r.access) +
           " |";
  }
  return out;
}

// `prefixes`: how the document's full routes begin; `least_named`: how many the prose names at
// least (so a change of style that hides them from the check is noticed).
void ExpectDocumented(const std::string& document_name, const json::value& openapi,
                      const std::vector<std::string>& prefixes, std::size_t least_named) {
  const std::string document = ReadDocument(document_name);
  ASSERT_FALSE(document.empty()) << document_name << " is missing";
  const std::set<Route> documented = IndexOf(document);
  const std::set<Route> served = RoutesOf(openapi);
  ASSERT_GT(documented.size(), 10u) << document_name << " has no route index";
  std::set<Route> missing, gone;
  std::ranges::set_difference(served, documented, std::inserter(missing, missing.end()));
  std::ranges::set_difference(documented, served, std::inserter(gone, gone.end()));
  EXPECT_TRUE(missing.empty()) << document_name
                               << "'s route index lacks (or has another access for):"
                               << Describe(missing);
  EXPECT_TRUE(gone.empty()) << document_name
                            << "'s route index lists what the server does not serve so:"
                            << Describe(gone);
  std::set<std::pair<std::string, std::string>> served_paths;
  for (const auto& r : served) served_paths.insert({r.method, r.path});
  const auto named = ProseRoutes(document, prefixes);
  EXPECT_GE(named.size(), least_named);
  for (const auto& [method, path] : named) {
    EXPECT_TRUE(served_paths.contains({method, path}))
        << document_name << " names " << method << " " << path << ", which is not served";
  }
}

TEST(ContractDocs, ApiMdListsEveryVizoraRoute) {
  TempDir dir;
  ServerProcess server(dir.path() / "data");
  const auto openapi = HttpClient(server.port()).Get("/api/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  ExpectDocumented("API.md", openapi.Json(), {"/api/", "/ws/"}, 50);
}

TEST(ContractDocs, VizTubeApiMdListsEveryVizTubeRoute) {
  TempDir dir;
  ServerProcess server(dir.path() / "data", {}, {}, kVizTubeBinary);
  const auto openapi = HttpClient(server.port()).Get("/api/v2/openapi.json");
  ASSERT_EQ(openapi.status, 200);
  ExpectDocumented("VIZTUBE-API.md", openapi.Json(), {"/api/v2/"}, 3);
}

}  // namespace
