#include "platform/mail/mail_queue.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "platform/core/clock.hpp"
#include "platform/core/error.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"

namespace platform::mail {

namespace json = boost::json;

namespace {

std::string Field(const json::object& o, std::string_view key) {
  const auto* value = o.if_contains(key);
  if (value == nullptr || !value->is_string()) {
    throw std::runtime_error("a mail job without " + std::string(key));
  }
  return std::string(value->get_string());
}

std::string PayloadOf(const MailMessage& m) {
  return json::serialize(json::object{{"fromEmail", m.from.email},
                                      {"fromName", m.from.name},
                                      {"toEmail", m.to.email},
                                      {"toName", m.to.name},
                                      {"subject", m.subject},
                                      {"text", m.text},
                                      {"html", m.html},
                                      {"unsubscribeUrl", m.unsubscribe_url},
                                      {"id", m.id}});
}

// The recipient's domain only: addresses are personal data, and logs are kept longer than
// mail.
std::string DomainOnly(std::string_view email) {
  return std::string(email.substr(email.rfind('@') + 1));
}

}  // namespace

MailMessage MailOf(std::string_view payload) {
  const json::value parsed = json::parse(payload);
  if (!parsed.is_object()) throw std::runtime_error("a mail job that is not an object");
  const json::object& o = parsed.get_object();
  return {.from = {.email = Field(o, "fromEmail"), .name = Field(o, "fromName")},
          .to = {.email = Field(o, "toEmail"), .name = Field(o, "toName")},
          .subject = Field(o, "subject"),
          .text = Field(o, "text"),
          .html = Field(o, "html"),
          .unsubscribe_url = Field(o, "unsubscribeUrl"),
          .id = Field(o, "id")};
}

std::string EnqueueMail(store::Connection& c, const MailMessage& message) {
  if (const std::string problem = MessageProblem(message); !problem.empty()) {
    throw ErrorException(Error(errors::kValidation, problem));
  }
  return jobs::Enqueue(c, kMailQueue, PayloadOf(message), {.max_attempts = kMailAttempts});
}

jobs::QueueWork MailWork(SmtpSettings smtp) {
  return {.run = [smtp = std::move(smtp)](const jobs::Job& job) {
    const MailMessage message = MailOf(job.payload);
    const std::string rendered = RenderMessage(message, NowMillis(), "=_" + RandomToken(18));
    const SendResult sent = SendMail(smtp, message.from.email, message.to.email, rendered);
    switch (sent.outcome) {
      case SendOutcome::kSent:
        log::Info("mail.sent", {{"id", message.id}, {"domain", DomainOnly(message.to.email)}});
        return;
      case SendOutcome::kRejected:
        log::Warn(
            "mail.rejected",
            {{"id", message.id}, {"domain", DomainOnly(message.to.email)}, {"error", sent.error}});
        return;
      case SendOutcome::kRetry:
        throw std::runtime_error("mail not sent: " + sent.error);
    }
  }};
}

std::unique_ptr<jobs::Runner> StartMailRunner(store::Database& db,
                                              const std::optional<SmtpSettings>& smtp,
                                              const std::string& instance) {
  if (!smtp) return nullptr;
  return std::make_unique<jobs::Runner>(
      db, std::map<std::string, jobs::QueueWork>{{std::string(kMailQueue), MailWork(*smtp)}},
      jobs::RunnerOptions{.threads = 1, .instance = instance.empty() ? "" : instance + "-mail"});
}

}  // namespace platform::mail
