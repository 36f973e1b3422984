#include "platform/media/webvtt.hpp"

#include <gtest/gtest.h>

#include <string>

namespace platform::media {
namespace {

TEST(WebVtt, ReadsCuesWithAndWithoutHoursAndSettings) {
  const auto vtt = CheckWebVtt(
      "\xEF\xBB\xBFWEBVTT - Example\r\n\r\nNOTE a comment\r\n\r\n1\r\n00:01.000 --> 00:04.000\r\n"
      "Hello\r\n\r\nintro\n00:00:05.500 --> 01:02:03.250 align:start line:0\nBonjour\n");
  EXPECT_EQ(vtt.cues, 2u);
  EXPECT_DOUBLE_EQ(vtt.end_seconds, 3723.25);
  EXPECT_EQ(CheckWebVtt("WEBVTT\n\n100:00:00.000 --> 100:00:01.000\nlong\n").cues, 1u);
}

TEST(WebVtt, RefusesWhatPlayersWouldWithTheLine) {
  const auto refusal = [](const std::string& text) {
    try {
      CheckWebVtt(text);
    } catch (const MediaError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refusal("1\n00:00:01,000 --> 00:00:02,000\nan SRT file\n"),
            "not a WebVTT file: line 1 does not start with WEBVTT");
  EXPECT_EQ(refusal("WEBVTTX\n"), "not a WebVTT file: line 1 does not start with WEBVTT");
  EXPECT_EQ(refusal("WEBVTT\n\n00:01,000 --> 00:02.000\nx\n"),
            "not a WebVTT file: line 3 has a cue whose start is not a time like 00:01.000");
  EXPECT_EQ(refusal("WEBVTT\n\n00:01.000 --> 00:02\nx\n"),
            "not a WebVTT file: line 3 has a cue whose end is not a time like 00:04.000");
  EXPECT_EQ(refusal("WEBVTT\n\n00:03.000 --> 00:02.000\nx\n"),
            "not a WebVTT file: line 3 has a cue that ends before it starts");
  EXPECT_EQ(refusal("WEBVTT\n\n00:61.000 --> 00:62.000\nx\n"),
            "not a WebVTT file: line 3 has a cue whose start is not a time like 00:01.000");
  EXPECT_EQ(refusal("WEBVTT\n\n00:01.000 -->00:02.000\nx\n"),
            "not a WebVTT file: line 3 wants a space after -->");
  EXPECT_EQ(refusal("WEBVTT\n\njust text\n"), "not a WebVTT file with captions: it has no cues");
  EXPECT_EQ(refusal(std::string("WEBVTT\n\n00:01.000 --> 00:02.000\n\xff\xfe\n")),
            "not a WebVTT file: line 1 is not UTF-8 text");
  EXPECT_EQ(refusal(std::string("WEBVTT\n\0", 8)), "not a WebVTT file: line 1 holds a NUL byte");
  EXPECT_EQ(refusal(""), "not a WebVTT file: line 1 does not start with WEBVTT");
}

}  // namespace
}  // namespace platform::media
