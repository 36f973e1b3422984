#pragma once

// Reading fields of a JSON request body with clear errors: a missing required field, a value
// of the wrong type, an oversized string or one holding a NUL character is 400 VALIDATION_001
// with details {"field": name, "reason": …}.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/error.hpp"

namespace platform::net {

struct StringRule {
  bool required = true;
  std::size_t max_bytes = 255;
  bool allow_empty = false;
};

// nullopt when the field is absent (and not required) or null.
Result<std::optional<std::string>> StringField(const boost::json::object& body,
                                               std::string_view name, StringRule rule = {});

// nullopt when absent or null; an error when present but not true/false.
Result<std::optional<bool>> BoolField(const boost::json::object& body, std::string_view name);

// nullopt when absent or null; an error when not a whole number within [min, max].
Result<std::optional<std::int64_t>> IntField(const boost::json::object& body, std::string_view name,
                                             std::int64_t min, std::int64_t max);

// nullopt when absent or null; an error when not an array of at most `max_items` strings (each
// checked by `rule`).
Result<std::optional<std::vector<std::string>>> StringArrayField(const boost::json::object& body,
                                                                 std::string_view name,
                                                                 std::size_t max_items,
                                                                 StringRule rule = {});

// nullopt when absent or null; an error when not an object or larger than `max_bytes` once
// serialized.
Result<std::optional<boost::json::object>> ObjectField(const boost::json::object& body,
                                                       std::string_view name,
                                                       std::size_t max_bytes);

// nullopt when absent or null; 400 when not a string, 422 when not a zone of the tz database
// ("Europe/Paris").
Result<std::optional<std::string>> TimeZoneField(const boost::json::object& body,
                                                 std::string_view name = "timezone");

Error FieldError(std::string_view field, std::string_view reason);
// The same, 422 VALIDATION_002: well-formed but meaningless (an unknown zone, a foreign id);
// `extra` joins details.
Error UnprocessableField(std::string_view field, std::string_view reason,
                         boost::json::object extra = {});
// The same for ids in `field` that name nothing the caller may use (another organization's, or
// no one's): they are listed in details.ids.
Error UnknownIds(std::string_view field, std::string_view reason,
                 const std::vector<std::string>& ids);

}  // namespace platform::net
