#include "viztube/transcoding/playlists.hpp"

#include <gtest/gtest.h>

namespace viztube::transcoding {
namespace {

TEST(Playlists, ReadsFfmpegsMediaAndMasterPlaylists) {
  const MediaPlaylist p = ParseMediaPlaylist(
      "#EXTM3U\r\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.000000,\nseg00000.ts\n"
      "#EXTINF:1.520000,\nseg00001.ts\n#EXT-X-ENDLIST\n");
  ASSERT_EQ(p.segments.size(), 2u);
  EXPECT_EQ(p.segments[1].uri, "seg00001.ts");
  EXPECT_NEAR(p.Duration(), 5.52, 1e-9);
  EXPECT_TRUE(p.ended);
  EXPECT_FALSE(ParseMediaPlaylist("#EXTM3U\n#EXTINF:4,\na.ts\n").ended);

  const auto codecs = CodecsByFolder(
      "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=1920x1080\n1080/index.m3u8\n\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=2,CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=1x1\n"
      "720/index.m3u8\n");
  EXPECT_EQ(codecs.at("720"), "avc1.64001f,mp4a.40.2");
  EXPECT_EQ(codecs.at("1080"), "");
}

TEST(Playlists, WritesAMasterWithEveryAttributePlayersUse) {
  const std::string plain = WriteMasterPlaylist({{.uri = "720/index.m3u8",
                                                  .bandwidth = 2'500'000,
                                                  .average_bandwidth = 2'000'000,
                                                  .width = 1280,
                                                  .height = 720,
                                                  .frame_rate = 29.97,
                                                  .codecs = "avc1.64001f,mp4a.40.2"},
                                                 {.uri = "240/index.m3u8",
                                                  .bandwidth = 400'000,
                                                  .average_bandwidth = 300'000,
                                                  .width = 426,
                                                  .height = 240,
                                                  .frame_rate = 29.97}});
  EXPECT_EQ(plain.find("SUBTITLES"), std::string::npos);
  EXPECT_EQ(AddSubtitles(plain, {}), plain);
  const std::string master = AddSubtitles(
      plain,
      {{.uri = "captions/en.m3u8", .language = "en", .name = "English\"", .is_default = true},
       {.uri = "captions/fr.m3u8", .language = "fr", .name = "Français"}});
  EXPECT_NE(master.find("#EXT-X-STREAM-INF:BANDWIDTH=2500000,AVERAGE-BANDWIDTH=2000000,"
                        "RESOLUTION=1280x720,FRAME-RATE=29.970,CODECS=\"avc1.64001f,mp4a.40.2\","
                        "SUBTITLES=\"subs\"\n720/index.m3u8\n"),
            std::string::npos)
      << master;
  EXPECT_NE(master.find("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\","
                        "LANGUAGE=\"en\",DEFAULT=YES,AUTOSELECT=YES,URI=\"captions/en.m3u8\""),
            std::string::npos)
      << master;
  EXPECT_TRUE(master.starts_with("#EXTM3U\n"));
  // Both tracks before the first variant, each variant in their group.
  EXPECT_LT(master.find("LANGUAGE=\"fr\""), master.find("#EXT-X-STREAM-INF"));
  EXPECT_NE(master.find("FRAME-RATE=29.970,SUBTITLES=\"subs\"\n240/index.m3u8\n"),
            std::string::npos)
      << master;
}

TEST(Playlists, RewritesEveryUriAndNothingElse) {
  const std::string in =
      "#EXTM3U\n#EXT-X-MEDIA:TYPE=SUBTITLES,URI=\"en.m3u8\",NAME=\"x\"\n"
      "#EXT-X-STREAM-INF:BANDWIDTH=1\n240/index.m3u8\n\n#EXTINF:4,\nseg1.ts\n";
  const std::string out =
      RewriteUris(in, [](std::string_view uri) { return "/m/" + std::string(uri) + "?sig=1"; });
  EXPECT_EQ(out,
            "#EXTM3U\n#EXT-X-MEDIA:TYPE=SUBTITLES,URI=\"/m/en.m3u8?sig=1\",NAME=\"x\"\n"
            "#EXT-X-STREAM-INF:BANDWIDTH=1\n/m/240/index.m3u8?sig=1\n\n#EXTINF:4,\n"
            "/m/seg1.ts?sig=1\n");
  // A line of whitespace (a lone CR) is blank, not a URI (found by fuzz/hls).
  EXPECT_EQ(RewriteUris("#EXTM3U\n \t\r\r\nseg.ts\r\n",
                        [](std::string_view uri) { return "<" + std::string(uri) + ">"; }),
            "#EXTM3U\n\n<seg.ts>\n");
  const std::string sub = WriteSubtitlePlaylist("en.vtt", 61.5);
  EXPECT_NE(sub.find("#EXT-X-TARGETDURATION:62\n"), std::string::npos);
  EXPECT_NE(sub.find("#EXTINF:61.500,\nen.vtt\n#EXT-X-ENDLIST"), std::string::npos);
}

}  // namespace
}  // namespace viztube::transcoding
