#include "platform/mail/smtp_sender.hpp"

#include <algorithm>
#include <boost/url/parse.hpp>

#include "platform/core/config.hpp"
#include "platform/core/curl_easy.hpp"

namespace platform::mail {

namespace {

bool IsLoopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

}  // namespace

SmtpSettings ParseSmtpUrl(std::string_view url) {
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) throw ConfigError("--smtp wants smtp://[user:pass@]host[:port] or smtps://…");
  const std::string scheme(parsed->scheme().data(), parsed->scheme().size());
  if (scheme != "smtp" && scheme != "smtps") {
    throw ConfigError("--smtp wants the smtp:// or smtps:// scheme, not " + scheme + "://");
  }
  const auto host_and_port = parsed->encoded_host_and_port();
  const std::string host(host_and_port.data(), host_and_port.size());
  if (parsed->host().empty()) throw ConfigError("--smtp names no host");
  const auto path = parsed->encoded_path();
  if (!(path.empty() || (path.size() == 1 && path.data()[0] == '/')) || parsed->has_query()) {
    throw ConfigError("--smtp takes no path or query");
  }
  if (parsed->has_port() && (parsed->port_number() == 0)) {
    throw ConfigError("--smtp has a port that is not a number from 1 to 65535");
  }
  SmtpSettings settings;
  settings.url = scheme + "://" + host;
  if (parsed->has_userinfo()) {
    settings.user = parsed->user();
    settings.password = parsed->password();
  }
  // smtps is TLS throughout; with smtp, credentials sent beyond this machine need STARTTLS.
  settings.require_tls = scheme == "smtp" && !settings.user.empty() && !IsLoopback(parsed->host());
  return settings;
}

SendResult SendMail(const SmtpSettings& settings, std::string_view from, std::string_view to,
                    std::string_view rendered) {
  const curl::Easy curl = curl::NewEasy();
  CURL* c = curl.get();
  curl::List recipients;
  curl::Append(recipients, "<" + std::string(to) + ">");
  const std::string mail_from = "<" + std::string(from) + ">";
  curl::Upload upload{rendered};
  curl_easy_setopt(c, CURLOPT_URL, settings.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(settings.timeout.count()));
  curl_easy_setopt(
      c, CURLOPT_USE_SSL,
      settings.require_tls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_TRY));
  if (!settings.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl::ReadFrom(c, upload);
  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return {.outcome = SendOutcome::kSent};
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  const std::string error = std::string(curl_easy_strerror(rc)) +
                            (code != 0 ? " (SMTP " + std::to_string(code) + ")" : "");
  // A 5xx to this message's MAIL, RCPT or DATA (a recipient that does not exist, a message
  // too large) stays a 5xx. A 5xx about authentication (530, 535) or TLS is the relay's
  // configuration, which an operator fixes: the mail waits for it.
  const bool about_the_message = rc == CURLE_SEND_ERROR || rc == CURLE_WEIRD_SERVER_REPLY;
  const bool refused_for_good =
      about_the_message && code >= 500 && code < 600 && code != 530 && code != 535;
  return {.outcome = refused_for_good ? SendOutcome::kRejected : SendOutcome::kRetry,
          .error = error};
}

}  // namespace platform::mail
