#include "platform/mail/mail_message.hpp"

#include <gtest/gtest.h>

#include "platform/core/ids.hpp"

namespace platform::mail {
namespace {

MailMessage Welcome() {
  return {.from = {.email = "noreply@mail.example.com", .name = "Acme Alerts"},
          .to = {.email = "ada@example.com", .name = "Ada Lovelace"},
          .subject = "Welcome to Acme",
          .text = "Hello Ada,\nyour screens are ready.",
          .html = "<p>Hello Ada,<br>your screens are ready.</p>",
          .unsubscribe_url = "https://mail.example.com/unsubscribe?t=abc",
          .id = "welcome.0190a5c2-7d3e"};
}

// The lines of the message's head (before the first empty line).
std::string HeadOf(const std::string& message) {
  return message.substr(0, message.find("\r\n\r\n") + 2);
}

TEST(MailMessageTest, AMessageWithTextAndHtmlIsMultipartAlternative) {
  // 2026-12-06 23:12:25 UTC, a Sunday.
  const std::string m = RenderMessage(Welcome(), 1'796'598'745'000, "=_b1");
  const std::string head = HeadOf(m);
  EXPECT_NE(head.find("From: \"Acme Alerts\" <noreply@mail.example.com>\r\n"), std::string::npos);
  EXPECT_NE(head.find("To: \"Ada Lovelace\" <ada@example.com>\r\n"), std::string::npos);
  EXPECT_NE(head.find("Subject: Welcome to Acme\r\n"), std::string::npos);
  EXPECT_NE(head.find("Date: Sun, 06 Dec 2026 23:12:25 +0000\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Message-ID: <welcome.0190a5c2-7d3e@mail.example.com>\r\n"),
            std::string::npos);
  EXPECT_NE(head.find("List-Unsubscribe: <https://mail.example.com/unsubscribe?t=abc>\r\n"),
            std::string::npos);
  EXPECT_NE(head.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(head.find("Content-Type: multipart/alternative; boundary=\"=_b1\"\r\n"),
            std::string::npos);
  // Text first, HTML last (the richest last: RFC 2046 §5.1.4), each base64 of its UTF-8.
  const auto text = m.find("Content-Type: text/plain; charset=utf-8");
  const auto html = m.find("Content-Type: text/html; charset=utf-8");
  ASSERT_NE(text, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  EXPECT_LT(text, html);
  EXPECT_NE(m.find(Base64Encode(Welcome().text)), std::string::npos);
  EXPECT_NE(m.find(Base64Encode(Welcome().html)), std::string::npos);
  EXPECT_TRUE(m.ends_with("--=_b1--\r\n"));
  // Every line ends in CRLF, none is longer than 998 characters (RFC 5322 §2.1.1).
  std::size_t start = 0;
  while (start < m.size()) {
    const auto end = m.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 998u);
    EXPECT_EQ(m.substr(start, end - start).find('\n'), std::string::npos);
    start = end + 2;
  }
}

TEST(MailMessageTest, TextOnlyWithoutUnsubscribe) {
  MailMessage reset = Welcome();
  reset.html.clear();
  reset.unsubscribe_url.clear();
  const std::string m = RenderMessage(reset, 0, "=_b1");
  EXPECT_EQ(m.find("multipart"), std::string::npos);
  EXPECT_EQ(m.find("List-Unsubscribe"), std::string::npos);
  EXPECT_NE(m.find("Content-Type: text/plain; charset=utf-8\r\n"
                   "Content-Transfer-Encoding: base64\r\n\r\n" +
                   Base64Encode(reset.text) + "\r\n"),
            std::string::npos);
  EXPECT_NE(m.find("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"), std::string::npos);
}

TEST(MailMessageTest, LongBodiesAreBase64InLinesOf76) {
  MailMessage long_one = Welcome();
  long_one.html.clear();
  long_one.text = std::string(1000, 'x');
  const std::string m = RenderMessage(long_one, 0, "=_b1");
  const std::string body = m.substr(m.find("\r\n\r\n") + 4);
  std::size_t lines = 0;
  for (std::size_t at = 0; at < body.size(); at = body.find("\r\n", at) + 2) {
    const std::size_t length = body.find("\r\n", at) - at;
    EXPECT_LE(length, 76u);
    ++lines;
  }
  EXPECT_EQ(lines, (Base64Encode(long_one.text).size() + 75) / 76);
}

TEST(MailMessageTest, NamesAndSubjectsOutsideAsciiAreEncodedWords) {
  MailMessage m = Welcome();
  m.subject = "Écrans hors ligne: 3 — café «Chez Zoë» " + std::string(60, 'z');
  m.to.name = "Zoë \"Z\" Å";
  m.from.name = "Say \"hi\" \\ bye";
  const std::string head = HeadOf(RenderMessage(m, 0, "=_b1"));
  EXPECT_NE(head.find("From: \"Say \\\"hi\\\" \\\\ bye\" <noreply@mail.example.com>\r\n"),
            std::string::npos)
      << head;
  EXPECT_NE(head.find("To: =?UTF-8?B?" + Base64Encode(m.to.name) + "?= <ada@example.com>\r\n"),
            std::string::npos)
      << head;
  // The subject's words: each at most 75 characters, cut between characters, folded.
  const auto start = head.find("Subject: ") + 9;
  const auto end = head.find("\r\nDate:");
  std::string decoded;
  std::string rest = head.substr(start, end - start);
  while (!rest.empty()) {
    const auto fold = rest.find("\r\n ");
    const std::string word = rest.substr(0, fold);
    ASSERT_TRUE(word.starts_with("=?UTF-8?B?") && word.ends_with("?=")) << word;
    EXPECT_LE(word.size(), 75u);
    const std::string inner = word.substr(10, word.size() - 12);
    // Each word decodes on its own to whole characters.
    std::string standard = inner;
    for (char& c : standard) {
      if (c == '+') c = '-';
      if (c == '/') c = '_';
    }
    while (!standard.empty() && standard.back() == '=') standard.pop_back();
    const auto bytes = Base64UrlDecode(standard);
    ASSERT_TRUE(bytes);
    decoded += *bytes;
    rest = fold == std::string::npos ? "" : rest.substr(fold + 3);
  }
  EXPECT_EQ(decoded, m.subject);
  // Plain text that looks like an encoded word is encoded too, so it reads as written.
  m.subject = "=?UTF-8?B?aGk=?=";
  EXPECT_NE(HeadOf(RenderMessage(m, 0, "=_b1"))
                .find("Subject: =?UTF-8?B?" + Base64Encode(m.subject) + "?=\r\n"),
            std::string::npos);
}

TEST(MailMessageTest, WhatCannotBeSentIsNamed) {
  EXPECT_EQ(MessageProblem(Welcome()), "");
  auto with = [](auto change) {
    MailMessage m = Welcome();
    change(m);
    return MessageProblem(m);
  };
  EXPECT_NE(with([](MailMessage& m) { m.subject = "Hi\r\nBcc: everyone@example.com"; }), "");
  EXPECT_NE(with([](MailMessage& m) { m.to.name = "Ada\nBcc: x@example.com"; }), "");
  EXPECT_NE(with([](MailMessage& m) { m.to.email = "ada@example.com>\r\nRCPT TO:<x@y.z"; }), "");
  EXPECT_NE(with([](MailMessage& m) { m.subject = "bad \xff utf-8"; }), "");
  EXPECT_NE(with([](MailMessage& m) { m.text = "bad \xc3"; }), "");
  EXPECT_NE(with([](MailMessage& m) { m.subject.clear(); }), "");
  EXPECT_NE(with([](MailMessage& m) { m.text.clear(); }), "");
  EXPECT_NE(with([](MailMessage& m) { m.unsubscribe_url = "javascript:alert(1)"; }), "");
  EXPECT_NE(with([](MailMessage& m) { m.unsubscribe_url = "https://x.example/a>b"; }), "");
  EXPECT_NE(with([](MailMessage& m) { m.id = "has space"; }), "");
  EXPECT_NE(with([](MailMessage& m) { m.id.clear(); }), "");
}

TEST(MailMessageTest, HtmlEscaping) {
  EXPECT_EQ(EscapeHtml(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("Zoë"), "Zoë");
}

TEST(MailMessageTest, SendableAddresses) {
  for (const char* good : {"a@b.c", "first.last+tag@sub.example.co.uk", "x_y-z@localhost"}) {
    EXPECT_TRUE(IsSendableAddress(good)) << good;
  }
  for (const char* bad :
       {"", "@example.com", "ada@", "ada", "ada@@example.com", "a b@example.com",
        "ada@example..com", "ada@.example.com", "\"ada\"@example.com", "ada@example.com,",
        "<ada@example.com>", "ada@exa\nmple.com", "adä@example.com"}) {
    EXPECT_FALSE(IsSendableAddress(bad)) << bad;
  }
  EXPECT_FALSE(IsSendableAddress(std::string(65, 'a') + "@example.com"));
  EXPECT_FALSE(IsSendableAddress("a@" + std::string(260, 'b') + ".com"));
}

}  // namespace
}  // namespace platform::mail
