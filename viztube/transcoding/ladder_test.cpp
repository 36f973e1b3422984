#include "viztube/transcoding/ladder.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace viztube::transcoding {
namespace {

SourceInfo H264(std::int64_t width, std::int64_t height, double fps = 30) {
  return {.width = width,
          .height = height,
          .frame_rate = fps,
          .duration = 60,
          .video_codec = "h264",
          .video_profile = "High",
          .pixel_format = "yuv420p",
          .video_level = 40,
          .video_bitrate = 5'000'000,
          .max_keyframe_gap = 2,
          .keyframes = {0, 2, 4, 6, 8, 10},
          .has_audio = true,
          .audio_codec = "aac",
          .audio_profile = "LC"};
}

std::vector<int> Heights(const Ladder& ladder) {
  std::vector<int> out;
  for (const auto& r : ladder.rungs) out.push_back(r.height);
  return out;
}

std::string Joined(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += a + " ";
  return out;
}

TEST(Ladder, RungsUpToTheSourceWithTheTopRemuxedWhenItIsPlayableH264) {
  const Ladder ladder = PlanLadder(H264(1920, 1080));
  EXPECT_EQ(Heights(ladder), (std::vector<int>{240, 360, 480, 720, 1080}));
  EXPECT_TRUE(ladder.rungs.back().copy);
  EXPECT_TRUE(std::none_of(ladder.rungs.begin(), ladder.rungs.end() - 1,
                           [](const Rung& r) { return r.copy; }));
  EXPECT_TRUE(ladder.copy_audio);
  EXPECT_TRUE(ladder.follow_source_keyframes);
  EXPECT_EQ(ladder.rungs[3].width, 1280);
  EXPECT_EQ(ladder.rungs[2].width, 854);
  EXPECT_EQ(ladder.rungs[0].width, 426);
  // Bitrate in proportion to pixels × frame rate.
  EXPECT_NEAR(static_cast<double>(ladder.rungs[3].video_bitrate) /
                  static_cast<double>(ladder.rungs[1].video_bitrate),
              (1280.0 * 720) / (640.0 * 360), 0.01);
}

TEST(Ladder, WhatCannotBeCopiedIsEncoded) {
  SourceInfo vp9 = H264(1280, 720);
  vp9.video_codec = "vp9";
  vp9.audio_codec = "opus";
  const Ladder a = PlanLadder(vp9);
  EXPECT_EQ(Heights(a), (std::vector<int>{240, 360, 480, 720}));
  EXPECT_FALSE(a.rungs.back().copy);
  EXPECT_FALSE(a.copy_audio);
  EXPECT_FALSE(a.follow_source_keyframes);

  SourceInfo sparse_keyframes = H264(1280, 720);
  sparse_keyframes.max_keyframe_gap = 10;  // segments could not be ~4 s
  EXPECT_FALSE(PlanLadder(sparse_keyframes).rungs.back().copy);
  SourceInfo wasteful = H264(1280, 720);
  wasteful.video_bitrate = 40'000'000;
  EXPECT_FALSE(PlanLadder(wasteful).rungs.back().copy);
  SourceInfo ten_bit = H264(1280, 720);
  ten_bit.pixel_format = "yuv420p10le";
  EXPECT_FALSE(PlanLadder(ten_bit).rungs.back().copy);
}

TEST(Ladder, LargeFastAndOddSourcesAreBoundedAndTiny) {
  const Ladder uhd = PlanLadder(H264(3840, 2160, 120));
  EXPECT_EQ(Heights(uhd), (std::vector<int>{240, 360, 480, 720, 1080}));
  EXPECT_DOUBLE_EQ(uhd.frame_rate, 60);
  EXPECT_TRUE(uhd.reduce_frame_rate);
  EXPECT_FALSE(uhd.rungs.back().copy);

  const Ladder portrait = PlanLadder(H264(720, 1280));
  EXPECT_EQ(Heights(portrait), (std::vector<int>{240, 360, 480, 720}));
  EXPECT_EQ(portrait.rungs[0].width, 240);
  EXPECT_EQ(portrait.rungs[0].pixel_height, 426);

  SourceInfo dot = H264(1, 1);
  dot.video_codec = "mpeg4";
  const Ladder tiny = PlanLadder(dot);
  ASSERT_EQ(tiny.rungs.size(), 1u);
  EXPECT_EQ(tiny.rungs[0].width, 2);
  EXPECT_EQ(tiny.rungs[0].pixel_height, 2);

  // A source between standard heights remuxed keeps its own size on top.
  SourceInfo odd = H264(1000, 562);
  odd.video_bitrate = 2'000'000;
  const Ladder between = PlanLadder(odd);
  EXPECT_EQ(Heights(between), (std::vector<int>{240, 360, 480, 562}));
  EXPECT_TRUE(between.rungs.back().copy);
}

TEST(Ladder, OneDecodeFeedsEveryEncodedRung) {
  const Ladder ladder = PlanLadder(H264(1920, 1080));
  const std::string args = Joined(FfmpegArguments(ladder, "/in/source.mp4", "/out"));
  // One input, one split into the four encoded rungs, the source's stream copied for 1080.
  EXPECT_EQ(args.find("-i /in/source.mp4"), args.rfind("-i "));
  EXPECT_NE(args.find("split=4[s0][s1][s2][s3]"), std::string::npos) << args;
  EXPECT_NE(args.find("-map 0:v:0 -map 0:a:0 -c:v:4 copy"), std::string::npos) << args;
  EXPECT_NE(args.find("-force_key_frames:v:0 4.000,8.000 "), std::string::npos) << args;
  EXPECT_NE(args.find("-c:a:0 copy"), std::string::npos);
  EXPECT_NE(args.find("-hls_time 4.000"), std::string::npos);
  EXPECT_NE(args.find("v:0,a:0,name:240 v:1,a:1,name:360"), std::string::npos);
  EXPECT_NE(args.find("-progress pipe:1"), std::string::npos);

  SourceInfo vp9 = H264(1280, 720, 120);
  vp9.video_codec = "vp9";
  vp9.audio_codec = "opus";
  const std::string encoded = Joined(FfmpegArguments(PlanLadder(vp9), "/in/s.webm", "/out"));
  EXPECT_NE(encoded.find("[0:v:0]fps=60.000,split=4"), std::string::npos) << encoded;
  EXPECT_NE(encoded.find("[0:a:0]asplit=4"), std::string::npos) << encoded;
  EXPECT_NE(encoded.find("expr:gte(t,n_forced*4.000)"), std::string::npos);
  EXPECT_EQ(encoded.find(" copy"), std::string::npos);
}

TEST(Ladder, CutsFallOnTheFirstKeyframeAtOrAfterEveryFourSeconds) {
  EXPECT_EQ(CutTimes({0, 2, 4, 6, 8, 10}), (std::vector<double>{4, 8}));
  EXPECT_EQ(CutTimes({0, 1.5, 3, 4.5, 6, 7.5, 9, 10.5, 12}), (std::vector<double>{4.5, 9, 12}));
  // As FFmpeg 5.1 cuts a remuxed stream with these keyframes (measured): a late cut moves
  // the next target by one segment only.
  EXPECT_EQ(CutTimes({0, 9, 10, 11, 15, 16}), (std::vector<double>{9, 10, 15, 16}));
  EXPECT_TRUE(CutTimes({0}).empty());
}

TEST(Ladder, CodecNamesFollowRfc6381) {
  EXPECT_EQ(AvcCodecs("High", 40), "avc1.640028");
  EXPECT_EQ(AvcCodecs("Main", 31), "avc1.4D401F");
  EXPECT_EQ(AvcCodecs("Constrained Baseline", 30), "avc1.42E01E");
  EXPECT_EQ(AvcCodecs("High 10", 40), "");
  EXPECT_EQ(AvcCodecs("High", 0), "");
}

}  // namespace
}  // namespace viztube::transcoding
