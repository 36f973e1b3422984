#include "platform/net/json_fields.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include "platform/core/time_zone.hpp"

namespace platform::net {

Error FieldError(std::string_view field, std::string_view reason) {
  return Error(errors::kValidation, std::string(field) + ": " + std::string(reason),
               {{"field", field}, {"reason", reason}});
}

Error UnprocessableField(std::string_view field, std::string_view reason,
                         boost::json::object extra) {
  boost::json::object details{{"field", field}, {"reason", reason}};
  for (auto& [k, v] : extra) details[k] = std::move(v);
  return Error(errors::kUnprocessable, std::string(field) + ": " + std::string(reason),
               std::move(details));
}

Error UnknownIds(std::string_view field, std::string_view reason,
                 const std::vector<std::string>& ids) {
  return UnprocessableField(field, reason, {{"ids", boost::json::value_from(ids)}});
}

Result<std::optional<std::string>> TimeZoneField(const boost::json::object& body,
                                                 std::string_view name) {
  auto zone = StringField(body, name, {.required = false, .max_bytes = 64});
  if (!zone) return zone.error();
  if (*zone && !IsKnownTimeZone(**zone)) return UnprocessableField(name, "not an IANA time zone");
  return *zone;
}

Result<std::optional<std::string>> StringField(const boost::json::object& body,
                                               std::string_view name, StringRule rule) {
  const auto* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) {
    if (rule.required) return FieldError(name, "required");
    return std::optional<std::string>();
  }
  if (!value->is_string()) return FieldError(name, "must be a string");
  const auto& text = value->as_string();
  if (text.size() > rule.max_bytes) {
    return Error(errors::kValidation, std::string(name) + ": too long",
                 {{"field", name}, {"reason", "too long"}, {"maxBytes", rule.max_bytes}});
  }
  if (text.empty() && !rule.allow_empty) return FieldError(name, "must not be empty");
  // PostgreSQL's text cannot hold U+0000, and no name or label needs it.
  if (text.find('\0') != boost::json::string::npos) {
    return FieldError(name, "must not contain NUL characters");
  }
  return std::optional<std::string>(std::string(text));
}

Result<std::optional<bool>> BoolField(const boost::json::object& body, std::string_view name) {
  const auto* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) return std::optional<bool>();
  if (!value->is_bool()) return FieldError(name, "must be true or false");
  return std::optional<bool>(value->as_bool());
}

Result<std::optional<std::int64_t>> IntField(const boost::json::object& body, std::string_view name,
                                             std::int64_t min, std::int64_t max) {
  const auto* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) return std::optional<std::int64_t>();
  std::int64_t n = 0;
  if (value->is_int64()) {
    n = value->as_int64();
  } else if (value->is_uint64() && value->as_uint64() <= static_cast<std::uint64_t>(max)) {
    n = static_cast<std::int64_t>(value->as_uint64());
  } else {
    return FieldError(
        name, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  if (n < min || n > max) {
    return FieldError(name, "must be from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return std::optional<std::int64_t>(n);
}

Result<std::optional<std::vector<std::string>>> StringArrayField(const boost::json::object& body,
                                                                 std::string_view name,
                                                                 std::size_t max_items,
                                                                 StringRule rule) {
  using Out = std::optional<std::vector<std::string>>;
  const auto* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) return Out();
  if (!value->is_array()) return FieldError(name, "must be an array of strings");
  const auto& items = value->as_array();
  if (items.size() > max_items) {
    return Error(errors::kValidation, std::string(name) + ": too many items",
                 {{"field", name}, {"reason", "too many items"}, {"maxItems", max_items}});
  }
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    if (!item.is_string()) return FieldError(name, "must be an array of strings");
    const auto& text = item.as_string();
    if (text.size() > rule.max_bytes || (text.empty() && !rule.allow_empty)) {
      return FieldError(name, "has an empty or too long item");
    }
    out.emplace_back(text);
  }
  return Out(std::move(out));
}

Result<std::optional<boost::json::object>> ObjectField(const boost::json::object& body,
                                                       std::string_view name,
                                                       std::size_t max_bytes) {
  using Out = std::optional<boost::json::object>;
  const auto* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) return Out();
  if (!value->is_object()) return FieldError(name, "must be an object");
  if (boost::json::serialize(*value).size() > max_bytes) {
    return Error(errors::kValidation, std::string(name) + ": too large",
                 {{"field", name}, {"reason", "too large"}, {"maxBytes", max_bytes}});
  }
  return Out(value->as_object());
}

}  // namespace platform::net
