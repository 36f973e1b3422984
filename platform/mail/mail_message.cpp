#include "platform/mail/mail_message.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>

#include "platform/core/ids.hpp"
#include "platform/core/utf8.hpp"

namespace platform::mail {

namespace {

constexpr std::string_view kCrlf = "\r\n";

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

bool IsPrintableAscii(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

bool IsIdText(std::string_view text) {
  for (const char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return !text.empty() && text.size() <= 128;
}

// RFC 2047 encoded words, each at most 75 characters: "=?UTF-8?B?" + base64 of at most 45
// bytes + "?=", cut only between UTF-8 characters and folded onto continuation lines.
std::string EncodedWords(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    std::size_t take = std::min<std::size_t>(45, text.size());
    // Back up to the start of a character: continuation bytes are 10xxxxxx.
    while (take < text.size() && take > 0 &&
           (static_cast<unsigned char>(text[take]) & 0xC0) == 0x80) {
      --take;
    }
    if (take == 0) take = std::min<std::size_t>(45, text.size());  // not UTF-8: cut anywhere
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64Encode(text.substr(0, take)) + "?=";
    text.remove_prefix(take);
  }
  return out;
}

// A header's unstructured text: itself when it is short printable ASCII that cannot be read
// as an encoded word, else encoded words.
std::string HeaderText(std::string_view text) {
  if (IsPrintableAscii(text) && text.size() <= 900 && text.find("=?") == std::string_view::npos) {
    return std::string(text);
  }
  return EncodedWords(text);
}

std::string FormatAddress(const MailAddress& address) {
  if (address.name.empty()) return "<" + address.email + ">";
  std::string name;
  if (IsPrintableAscii(address.name) && address.name.find("=?") == std::string::npos) {
    // A quoted string (RFC 5322 §3.2.4): commas and colons in names are harmless inside it.
    name = "\"";
    for (const char c : address.name) {
      if (c == '"' || c == '\\') name += '\\';
      name += c;
    }
    name += '"';
  } else {
    name = EncodedWords(address.name);
  }
  return name + " <" + address.email + ">";
}

// RFC 5322 §3.3, in UTC: "Sun, 06 Dec 2026 23:12:25 +0000". By hand, as strftime's names
// follow the locale.
std::string FormatDate(std::int64_t date_ms) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                    "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = static_cast<std::time_t>(date_ms / 1000);
  std::tm t{};
  gmtime_r(&seconds, &t);
  std::array<char, 64> out{};
  std::snprintf(out.data(), out.size(), "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[t.tm_wday],
                t.tm_mday, kMonths[t.tm_mon], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
  return out.data();
}

// Base64 in lines of 76 characters (RFC 2045 §6.8).
std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = Base64Encode(bytes);
  std::string out;
  out.reserve(encoded.size() + encoded.size() / 38 + 2);
  for (std::size_t at = 0; at < encoded.size(); at += 76) {
    out += encoded.substr(at, 76);
    out += kCrlf;
  }
  return out;
}

std::string Part(std::string_view type, std::string_view body) {
  return "Content-Type: " + std::string(type) +
         "; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Lines(body);
}

std::string DomainOf(std::string_view email) {
  return std::string(email.substr(email.rfind('@') + 1));
}

}  // namespace

bool IsSendableAddress(std::string_view email) {
  if (email.size() > 254 || !IsPrintableAscii(email)) return false;
  if (email.find_first_of(" \"<>(),;:\\[]") != std::string_view::npos) return false;
  const auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64) return false;
  const std::string_view domain = email.substr(at + 1);
  return !domain.empty() && domain.find('@') == std::string_view::npos &&
         email.substr(0, at).find('@') == std::string_view::npos && domain.front() != '.' &&
         domain.back() != '.' && domain.find("..") == std::string_view::npos;
}

std::string MessageProblem(const MailMessage& message) {
  if (!IsSendableAddress(message.from.email)) return "the sender's address is not sendable";
  if (!IsSendableAddress(message.to.email)) return "the recipient's address is not sendable";
  for (const std::string_view text :
       {std::string_view(message.from.name), std::string_view(message.to.name),
        std::string_view(message.subject)}) {
    if (HasLineBreak(text)) return "a header holds a line break";
    if (!CountUtf8Chars(text)) return "a header is not UTF-8";
  }
  if (message.subject.empty()) return "the message has no subject";
  if (message.text.empty()) return "the message has no text";
  if (!CountUtf8Chars(message.text) || !CountUtf8Chars(message.html)) {
    return "the body is not UTF-8";
  }
  if (!message.unsubscribe_url.empty() &&
      (!IsPrintableAscii(message.unsubscribe_url) ||
       message.unsubscribe_url.find_first_of(" <>") != std::string::npos ||
       !(message.unsubscribe_url.starts_with("https://") ||
         message.unsubscribe_url.starts_with("http://")))) {
    return "the unsubscribe link is not an http(s) URL";
  }
  if (!IsIdText(message.id)) return "the message id is not letters, digits, '.', '-' or '_'";
  return "";
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string RenderMessage(const MailMessage& message, std::int64_t date_ms,
                          std::string_view boundary) {
  std::string out;
  out += "From: " + FormatAddress(message.from) + "\r\n";
  out += "To: " + FormatAddress(message.to) + "\r\n";
  out += "Subject: " + HeaderText(message.subject) + "\r\n";
  out += "Date: " + FormatDate(date_ms) + "\r\n";
  out += "Message-ID: <" + message.id + "@" + DomainOf(message.from.email) + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  if (!message.unsubscribe_url.empty()) {
    // RFC 8058: a mail client's own "unsubscribe" button POSTs to the link, no page needed.
    out += "List-Unsubscribe: <" + message.unsubscribe_url + ">\r\n";
    out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  if (message.html.empty()) {
    out += Part("text/plain", message.text);
    return out;
  }
  const std::string delimiter = "--" + std::string(boundary);
  out += "Content-Type: multipart/alternative; boundary=\"" + std::string(boundary) + "\"\r\n\r\n";
  out += delimiter + "\r\n" + Part("text/plain", message.text);
  out += delimiter + "\r\n" + Part("text/html", message.html);
  out += delimiter + "--\r\n";
  return out;
}

}  // namespace platform::mail
