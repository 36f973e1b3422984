#include "vizora/billing/stripe_api.hpp"

#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "platform/core/curl_easy.hpp"

namespace vizora::billing {

namespace json = boost::json;
namespace curl = platform::curl;

namespace {

// What Stripe put in an error answer ({"error": {"message": …}}), or the status alone.
std::string ErrorMessage(int status, const std::string& body) {
  boost::system::error_code ec;
  const json::value answer = json::parse(body, ec);
  if (!ec && answer.is_object()) {
    if (const auto* error = answer.as_object().if_contains("error"); error && error->is_object()) {
      if (const auto* message = error->as_object().if_contains("message");
          message && message->is_string()) {
        return "Stripe answered " + std::to_string(status) + ": " +
               std::string(message->as_string());
      }
    }
  }
  return "Stripe answered " + std::to_string(status);
}

CreatedSession SessionFrom(const std::string& body) {
  boost::system::error_code ec;
  const json::value answer = json::parse(body, ec);
  const json::object* object = !ec ? answer.if_object() : nullptr;
  const json::value* id = object ? object->if_contains("id") : nullptr;
  const json::value* url = object ? object->if_contains("url") : nullptr;
  if (id == nullptr || !id->is_string() || url == nullptr || !url->is_string()) {
    throw StripeError(502, "Stripe's answer names no session id and url");
  }
  return {.id = std::string(id->as_string()), .url = std::string(url->as_string())};
}

}  // namespace

std::string EncodeForm(const FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += boost::urls::encode(name, boost::urls::unreserved_chars);
    out += '=';
    out += boost::urls::encode(value, boost::urls::unreserved_chars);
  }
  return out;
}

std::string StripeApi::Post(const std::string& path, const FormFields& fields,
                            const std::string& idempotency_key) const {
  const curl::Easy easy = curl::NewEasy();
  CURL* c = easy.get();
  const std::string url = settings_.api_base + path;
  const std::string body = EncodeForm(fields);
  curl::List headers;
  curl::Append(headers, "Authorization: Bearer " + settings_.secret_key);
  curl::Append(headers, "Content-Type: application/x-www-form-urlencoded");
  if (!idempotency_key.empty()) curl::Append(headers, "Idempotency-Key: " + idempotency_key);
  std::string answer;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl::WriteInto(c, answer);
  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    throw StripeError(0, std::string("Stripe could not be reached: ") + curl_easy_strerror(rc));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    throw StripeError(static_cast<int>(status), ErrorMessage(static_cast<int>(status), answer));
  }
  return answer;
}

std::string StripeApi::CreateCustomer(const std::string& organization_id, const std::string& name,
                                      const std::string& email,
                                      const std::string& idempotency_key) const {
  FormFields fields{{"name", name}, {"metadata[organizationId]", organization_id}};
  if (!email.empty()) fields.emplace_back("email", email);
  const std::string body = Post("/v1/customers", fields, idempotency_key);
  boost::system::error_code ec;
  const json::value answer = json::parse(body, ec);
  const json::object* object = !ec ? answer.if_object() : nullptr;
  const json::value* id = object ? object->if_contains("id") : nullptr;
  if (id == nullptr || !id->is_string()) {
    throw StripeError(502, "Stripe's answer names no customer id");
  }
  return std::string(id->as_string());
}

CreatedSession StripeApi::CreateCheckoutSession(const CheckoutRequest& r) const {
  // The price is the plan's, per screen and month, given inline (price_data): the plans are
  // data in this program, not products to be kept in step in Stripe's dashboard. The
  // organization and plan ride on the session and on the subscription it creates, so every
  // webhook about either names them.
  const std::string cents = std::to_string(r.cents_per_screen_month);
  const FormFields fields{
      {"mode", "subscription"},
      {"customer", r.customer},
      {"client_reference_id", r.organization_id},
      {"success_url", r.success_url},
      {"cancel_url", r.cancel_url},
      {"line_items[0][quantity]", std::to_string(r.screens)},
      {"line_items[0][price_data][currency]", "usd"},
      {"line_items[0][price_data][unit_amount]", cents},
      {"line_items[0][price_data][recurring][interval]", "month"},
      {"line_items[0][price_data][product_data][name]", "Vizora " + r.plan_name + " (per screen)"},
      {"metadata[organizationId]", r.organization_id},
      {"metadata[plan]", r.plan_id},
      {"metadata[screens]", std::to_string(r.screens)},
      {"subscription_data[metadata][organizationId]", r.organization_id},
      {"subscription_data[metadata][plan]", r.plan_id}};
  return SessionFrom(Post("/v1/checkout/sessions", fields, ""));
}

CreatedSession StripeApi::CreatePortalSession(const std::string& customer,
                                              const std::string& return_url) const {
  return SessionFrom(Post("/v1/billing_portal/sessions",
                          {{"customer", customer}, {"return_url", return_url}}, ""));
}

}  // namespace vizora::billing
