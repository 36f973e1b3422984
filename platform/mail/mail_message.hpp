#pragma once

// An email as it goes on the wire (RFC 5322 with MIME, RFC 2045–2047): one sender, one
// recipient, a subject, a plain-text body and optionally an HTML one (multipart/alternative:
// a client shows the richest it can), and for notifications the one-click unsubscribe of
// RFC 8058. Bodies are base64 in 76-character lines, so any UTF-8 text and any line length
// cross any relay unharmed; a subject or display name outside ASCII becomes RFC 2047 encoded
// words. One recipient per message: each carries its own unsubscribe link.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace platform::mail {

struct MailAddress {
  std::string email;
  std::string name;  // shown beside the address; may be empty
};

struct MailMessage {
  MailAddress from;
  MailAddress to;
  std::string subject;
  std::string text;             // the plain-text body (always sent)
  std::string html;             // the HTML body; empty for text only
  std::string unsubscribe_url;  // empty for mail one cannot opt out of (a password reset)
  // Message-ID's left part (letters, digits, '.', '-', '_'): the same message sent twice
  // carries the same id, so a receiver can tell a resend from a new message.
  std::string id;
};

// Who a product's mail comes from and where its links point (--mail-from, --public-url).
// No `from` (no --smtp): no mail goes out.
struct MailSetup {
  std::optional<MailAddress> from;
  std::string public_url;  // "https://signs.example.com", no trailing slash
};

// Whether `email` is an address we send to: `local@domain`, printable ASCII without spaces,
// quotes, angle brackets or commas, at most 254 characters (RFC 5321 §4.5.3.1.3).
bool IsSendableAddress(std::string_view email);

// Why the message cannot be sent, or "" when it can: an address that is not sendable, a
// subject, name or link with a line break (header injection) or invalid UTF-8, no subject,
// no text, an id or link of the wrong shape.
std::string MessageProblem(const MailMessage& message);

// Text made safe inside HTML, as element content or a quoted attribute: & < > " ' escaped.
std::string EscapeHtml(std::string_view text);

// The message with CRLF line ends, ready for SMTP's DATA (the transport dot-stuffs it).
// `boundary` separates the alternatives (letters, digits, '_', '-', '='; at most 70): no body
// line can be mistaken for it, as base64 lines never start with "--".
std::string RenderMessage(const MailMessage& message, std::int64_t date_ms,
                          std::string_view boundary);

}  // namespace platform::mail
