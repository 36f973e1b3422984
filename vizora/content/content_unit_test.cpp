// The parts of content that need no server: feed normalisation (including hostile XML),
// accepted types, upload limits.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "platform/media/image.hpp"
#include "vizora/content/accepted_types.hpp"
#include "vizora/content/feed_fetcher.hpp"
#include "vizora/content/model.hpp"

namespace vizora::content {
namespace {

namespace json = boost::json;
using platform::media::MediaError;

TEST(Feeds, JsonIsKeptAsData) {
  const auto v = NormaliseFeed(R"( {"temperature": 21.5, "city": "Köln"} )");
  EXPECT_EQ(v.at("format"), "json");
  EXPECT_EQ(v.at("data").at("city"), "Köln");
  EXPECT_THROW(NormaliseFeed("{broken"), MediaError);
}

TEST(Feeds, Rss2ItemsAreRead) {
  const auto v = NormaliseFeed(R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>News</title>
  <item><title>First</title><link>https://n.example/1</link>
    <description><![CDATA[<b>Big</b> news]]></description><pubDate>Sun, 22 Nov 2026 10:00:00 GMT</pubDate></item>
  <item><title>Second</title><link>https://n.example/2</link></item>
</channel></rss>)");
  EXPECT_EQ(v.at("format"), "rss");
  EXPECT_EQ(v.at("title"), "News");
  ASSERT_EQ(v.at("items").as_array().size(), 2u);
  EXPECT_EQ(v.at("items").at(0).at("link"), "https://n.example/1");
  EXPECT_EQ(v.at("items").at(0).at("summary"), "<b>Big</b> news");
  EXPECT_EQ(v.at("items").at(0).at("published"), "Sun, 22 Nov 2026 10:00:00 GMT");
}

TEST(Feeds, AtomAndRss1AreRead) {
  const auto atom = NormaliseFeed(R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
  <entry><title>Post</title><link rel="alternate" href="https://b.example/p"/>
    <summary>Short</summary><updated>2026-11-22T10:00:00Z</updated></entry></feed>)");
  EXPECT_EQ(atom.at("format"), "atom");
  EXPECT_EQ(atom.at("items").at(0).at("link"), "https://b.example/p");
  EXPECT_EQ(atom.at("items").at(0).at("published"), "2026-11-22T10:00:00Z");
  const auto rdf = NormaliseFeed(
      R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel><title>Old</title></channel><item><title>One</title><link>https://o.example</link></item></rdf:RDF>)");
  EXPECT_EQ(rdf.at("items").as_array().size(), 1u);
}

TEST(Feeds, HostileXmlIsHarmless) {
  // An external entity must not read local files.
  const auto xxe = NormaliseFeed(R"(<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&xxe;</title><item><title>x&xxe;</title></item></channel></rss>)");
  EXPECT_EQ(json::serialize(xxe).find("root:"), std::string::npos);
  // Billion laughs: no expansion, no memory blow-up.
  std::string laughs = R"(<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol">)";
  for (int i = 1; i < 10; ++i) {
    const std::string prev(1, static_cast<char>('a' + i - 1));
    std::string ten;
    for (int k = 0; k < 10; ++k) ten += "&" + prev + ";";
    laughs += "<!ENTITY " + std::string(1, static_cast<char>('a' + i)) + " \"" + ten + "\">";
  }
  laughs += R"(]><rss><channel><title>&j;</title></channel></rss>)";
  try {
    const auto v = NormaliseFeed(laughs);
    EXPECT_LT(json::serialize(v).size(), 10'000u);
  } catch (const MediaError&) {
    SUCCEED() << "refused outright is fine too";
  }
  EXPECT_THROW(NormaliseFeed("<html><body>not a feed</body></html>"), MediaError);
  EXPECT_THROW(NormaliseFeed("plain words"), MediaError);
  EXPECT_THROW(NormaliseFeed("<rss><channel>"), MediaError);
}

TEST(AcceptedTypes, ByTheSniffedTypeOnly) {
  EXPECT_EQ(AcceptUpload("image/png", "x.jpg")->content_type, "image");
  EXPECT_EQ(AcceptUpload("video/webm", "")->extension, "webm");
  EXPECT_EQ(AcceptUpload("application/pdf", "x")->content_type, "pdf");
  EXPECT_EQ(AcceptUpload("text/plain", "names.CSV")->content_type, "spreadsheet");
  EXPECT_FALSE(AcceptUpload("text/plain", "notes.txt"));
  EXPECT_FALSE(AcceptUpload("text/html", "page.png"));
  EXPECT_FALSE(AcceptUpload("application/x-executable", "movie.mp4"));
  EXPECT_EQ(ServedMimeType("text/html"), "application/octet-stream");
}

TEST(UploadLimits, PerTypeOverTheDefault) {
  UploadLimits limits{.default_bytes = 100, .per_type = {{"video", 500}, {"image", 20}}};
  EXPECT_EQ(limits.For("video"), 500);
  EXPECT_EQ(limits.For("image"), 20);
  EXPECT_EQ(limits.For("pdf"), 100);
  EXPECT_EQ(limits.Largest(), 500);
}

}  // namespace
}  // namespace vizora::content
