#include "platform/net/json_fields.hpp"

namespace platform::net {

Error FieldError(std::string_view field, std::string_view reason) {
  return Error(errors::kValidation, std::string(field) + ": " + std::string(reason),
               {{"field", field}, {"reason", reason}});
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
  return std::optional<std::string>(std::string(text));
}

Result<std::optional<bool>> BoolField(const boost::json::object& body, std::string_view name) {
  const auto* value = body.if_contains(name);
  if (value == nullptr || value->is_null()) return std::optional<bool>();
  if (!value->is_bool()) return FieldError(name, "must be true or false");
  return std::optional<bool>(value->as_bool());
}

}  // namespace platform::net
