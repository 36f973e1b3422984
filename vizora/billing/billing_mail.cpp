#include "vizora/billing/billing_mail.hpp"

#include <cctype>
#include <cstdio>

#include "platform/mail/mail_queue.hpp"

namespace vizora::billing {

namespace json = boost::json;
using platform::mail::EscapeHtml;
using platform::mail::MailAddress;
using platform::store::Connection;

namespace {

// "$80.00" for 8000 cents of usd; other currencies as "80.00 EUR".
std::string Amount(std::int64_t minor_units, const std::string& currency) {
  char number[32];
  std::snprintf(number, sizeof number, "%lld.%02lld", static_cast<long long>(minor_units / 100),
                static_cast<long long>(minor_units % 100));
  if (currency == "usd") return std::string("$") + number;
  std::string upper = currency;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return std::string(number) + " " + upper;
}

}  // namespace

std::vector<MailAddress> BillingRecipients(Connection& c, const std::string& organization_id,
                                           const std::string& name,
                                           const std::optional<std::string>& billing_email) {
  std::vector<MailAddress> to;
  if (billing_email && platform::mail::IsSendableAddress(*billing_email)) {
    to.push_back({.email = *billing_email, .name = name});
    return to;
  }
  for (const auto& row :
       c.Query("SELECT email, first_name, last_name FROM users WHERE organization_id = $1 AND "
               "role = 'admin' AND is_active = 1 ORDER BY created_at",
               {organization_id})) {
    if (platform::mail::IsSendableAddress(row.Text(0))) {
      to.push_back({.email = row.Text(0), .name = row.Text(1) + " " + row.Text(2)});
    }
  }
  return to;
}

PaymentFailedHook PaymentFailedMail(platform::mail::MailSetup mail, std::int64_t grace_days) {
  if (!mail.from) return {};
  return [mail = std::move(mail), grace_days](Connection& c, const std::string& organization_id,
                                              const json::object& invoice) {
    const auto org =
        c.Query("SELECT name, billing_email FROM organizations WHERE id = $1", {organization_id});
    if (org.empty()) return;
    const std::string name = org[0].Text(0);
    const std::vector<MailAddress> to =
        BillingRecipients(c, organization_id, name, org[0].OptText(1));
    const auto text_of = [&invoice](std::string_view key) {
      const auto* v = invoice.if_contains(key);
      return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    const auto* due = invoice.if_contains("amount_due");
    const std::string amount =
        Amount(due != nullptr && due->is_int64() ? due->as_int64() : 0, text_of("currency"));
    const std::string link = mail.public_url + "/billing";
    const std::string grace = std::to_string(grace_days) + (grace_days == 1 ? " day" : " days");
    const std::string text =
        "The payment of " + amount + " for " + name +
        "'s Vizora subscription did not go through.\n\nUpdate the card on the plan page within " +
        grace +
        ": after that, screens beyond the free plan's stop receiving new content (they "
        "keep playing what they have).\n\n" +
        link + "\n";
    const std::string html = "<p>The payment of <b>" + EscapeHtml(amount) + "</b> for <b>" +
                             EscapeHtml(name) +
                             "</b>'s Vizora subscription did not go through.</p><p>Update the "
                             "card on the plan page within " +
                             grace +
                             ": after that, screens beyond the free plan's stop receiving new "
                             "content (they keep playing what they have).</p><p><a href=\"" +
                             EscapeHtml(link) + "\">Open the plan page</a></p>";
    // A Message-ID part of the invoice's id, in the characters one may hold.
    std::string id = "payment-failed." + text_of("id");
    std::erase_if(id, [](char ch) {
      return !std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '-' && ch != '_';
    });
    int n = 0;
    for (const auto& recipient : to) {
      platform::mail::EnqueueMail(
          c, {.from = *mail.from,
              .to = recipient,
              .subject = "Payment failed for " + name + "'s Vizora subscription",
              .text = text,
              .html = html,
              .id = id + "." + std::to_string(++n)});
    }
  };
}

}  // namespace vizora::billing
