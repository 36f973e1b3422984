// A JSON body as routes read it: parsed with the server's depth limit, then read with the
// field readers every route uses. Whatever the input, each reader answers a value or a
// VALIDATION error naming its field; none crashes, and an accepted string honours its rule.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdint>
#include <string_view>

#include "platform/net/http.hpp"
#include "platform/net/json_fields.hpp"

namespace net = platform::net;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::json::parse_options options;
  options.max_depth = net::kMaxJsonDepth;
  boost::system::error_code ec;
  const auto value = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size),
                                        ec, {}, options);
  if (ec || !value.is_object()) return 0;
  const auto& body = value.as_object();
  for (std::string_view field : {"name", "title", "url", "type", "email", "description"}) {
    const auto text = net::StringField(body, field, {.required = false, .max_bytes = 64});
    if (text && *text) {
      if (text->value().size() > 64 || text->value().empty()) __builtin_trap();
      if (text->value().find('\0') != std::string::npos) __builtin_trap();
    }
    if (!text && text.error().details.if_contains("field") == nullptr) __builtin_trap();
  }
  for (std::string_view field : {"duration", "order", "priority", "refreshInterval"}) {
    const auto number = net::IntField(body, field, -1000, 1000);
    if (number && *number && (**number < -1000 || **number > 1000)) __builtin_trap();
  }
  for (std::string_view field : {"tags", "ids", "deviceIds"}) {
    const auto list = net::StringArrayField(body, field, 5, {.max_bytes = 16});
    if (list && *list && (*list)->size() > 5) __builtin_trap();
  }
  (void)net::BoolField(body, "isActive");
  const auto object = net::ObjectField(body, "metadata", 256);
  if (object && *object && boost::json::serialize(**object).size() > 256) __builtin_trap();
  return 0;
}
