#include "platform/media/video.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <mutex>
#include <vector>

namespace platform::media {

namespace {

// How much of the file FFmpeg may read to understand the streams.
constexpr std::int64_t kProbeBytes = 10 << 20;
// Frames decoded while looking for the poster before giving up.
constexpr int kMaxFramesForPoster = 600;

std::string AvMessage(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

struct InputCloser {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct CodecCloser {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameCloser {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketCloser {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct ScaleCloser {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};
using Input = std::unique_ptr<AVFormatContext, InputCloser>;

Input Open(const std::filesystem::path& file) {
  // What goes wrong is reported as a MediaError; FFmpeg's own chatter would only flood logs.
  static std::once_flag quiet;
  std::call_once(quiet, [] { av_log_set_level(AV_LOG_QUIET); });
  AVDictionary* options = nullptr;
  av_dict_set_int(&options, "probesize", kProbeBytes, 0);
  // Only these containers, only local files: nothing a hostile file could point the demuxer
  // at (playlists, concat lists, network URLs).
  av_dict_set(&options, "format_whitelist", "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm", 0);
  av_dict_set(&options, "protocol_whitelist", "file", 0);
  AVFormatContext* raw = nullptr;
  const int rc = avformat_open_input(&raw, file.c_str(), nullptr, &options);
  av_dict_free(&options);
  if (rc < 0) throw MediaError("not a readable video: " + AvMessage(rc));
  Input input(raw);
  const std::string name = input->iformat->name;
  if (name.find("mp4") == std::string::npos && name.find("webm") == std::string::npos &&
      name.find("matroska") == std::string::npos) {
    throw MediaError("unsupported container: " + name);
  }
  const int info = avformat_find_stream_info(input.get(), nullptr);
  if (info < 0) throw MediaError("cannot read the video's streams: " + AvMessage(info));
  return input;
}

int BestVideoStream(AVFormatContext* input) {
  const int index = av_find_best_stream(input, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) throw MediaError("the file has no video stream");
  return index;
}

}  // namespace

VideoInfo ProbeVideo(const std::filesystem::path& file, const VideoLimits& limits) {
  Input input = Open(file);
  const int index = BestVideoStream(input.get());
  const AVStream* stream = input->streams[index];
  const AVCodecParameters* params = stream->codecpar;
  VideoInfo info;
  info.width = params->width;
  info.height = params->height;
  info.codec = avcodec_get_name(params->codec_id);
  info.container =
      std::string(input->iformat->name).find("mp4") != std::string::npos ? "mp4" : "webm";
  if (input->duration != AV_NOPTS_VALUE && input->duration > 0) {
    info.duration_seconds = static_cast<double>(input->duration) / AV_TIME_BASE;
  } else if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0) {
    info.duration_seconds = static_cast<double>(stream->duration) * av_q2d(stream->time_base);
  }
  const AVRational rate =
      stream->avg_frame_rate.num ? stream->avg_frame_rate : stream->r_frame_rate;
  if (rate.num > 0 && rate.den > 0) info.frame_rate = av_q2d(rate);
  info.has_audio = av_find_best_stream(input.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) >= 0;

  if (info.width <= 0 || info.height <= 0) throw MediaError("the video has no picture size");
  if (info.width > limits.max_side || info.height > limits.max_side) {
    throw MediaError("video is " + std::to_string(info.width) + "x" + std::to_string(info.height) +
                     "; the limit is " + std::to_string(limits.max_side) + " pixels a side");
  }
  if (info.duration_seconds > limits.max_duration_seconds) {
    throw MediaError("video lasts " +
                     std::to_string(static_cast<std::int64_t>(info.duration_seconds)) +
                     " s; the limit is " +
                     std::to_string(static_cast<std::int64_t>(limits.max_duration_seconds)) + " s");
  }
  return info;
}

void WriteVideoPoster(const std::filesystem::path& file, const std::filesystem::path& out,
                      double at_seconds, int max_side) {
  Input input = Open(file);
  const int index = BestVideoStream(input.get());
  AVStream* stream = input->streams[index];
  const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
  if (codec == nullptr) throw MediaError("no decoder for this video codec");
  std::unique_ptr<AVCodecContext, CodecCloser> decoder(avcodec_alloc_context3(codec));
  avcodec_parameters_to_context(decoder.get(), stream->codecpar);
  decoder->thread_count = 1;  // the job runner is the parallelism
  if (const int rc = avcodec_open2(decoder.get(), codec, nullptr); rc < 0) {
    throw MediaError("cannot open the decoder: " + AvMessage(rc));
  }
  if (at_seconds > 0) {
    const auto target = static_cast<std::int64_t>(at_seconds / av_q2d(stream->time_base));
    av_seek_frame(input.get(), index, target, AVSEEK_FLAG_BACKWARD);  // best effort
  }
  std::unique_ptr<AVPacket, PacketCloser> packet(av_packet_alloc());
  std::unique_ptr<AVFrame, FrameCloser> frame(av_frame_alloc());
  std::unique_ptr<AVFrame, FrameCloser> best(av_frame_alloc());  // the latest decoded frame
  bool have = false, reached = false, ended = false;
  int decoded = 0;
  while (!reached && !ended && decoded < kMaxFramesForPoster) {
    const int read = av_read_frame(input.get(), packet.get());
    if (read < 0) {
      avcodec_send_packet(decoder.get(), nullptr);  // drain what the decoder holds
      ended = true;
    } else {
      if (packet->stream_index == index) avcodec_send_packet(decoder.get(), packet.get());
      av_packet_unref(packet.get());
    }
    while (!reached && avcodec_receive_frame(decoder.get(), frame.get()) == 0) {
      ++decoded;
      av_frame_unref(best.get());
      av_frame_move_ref(best.get(), frame.get());
      have = true;
      const std::int64_t pts = best->best_effort_timestamp;
      reached = pts == AV_NOPTS_VALUE || pts * av_q2d(stream->time_base) + 1e-3 >= at_seconds;
    }
  }
  // A time past the end gives the last frame.
  if (!have) throw MediaError("no frame of the video could be decoded");
  AVFrame* chosen = best.get();

  const int width = chosen->width, height = chosen->height;
  std::unique_ptr<SwsContext, ScaleCloser> scale(
      sws_getContext(width, height, static_cast<AVPixelFormat>(chosen->format), width, height,
                     AV_PIX_FMT_RGB24, SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!scale) throw MediaError("cannot convert the video's pixel format");
  std::vector<unsigned char> rgb(static_cast<std::size_t>(width) * height * 3);
  unsigned char* planes[1] = {rgb.data()};
  const int strides[1] = {width * 3};
  sws_scale(scale.get(), chosen->data, chosen->linesize, 0, height, planes, strides);
  WritePixels(rgb.data(), width, height, 3, static_cast<std::size_t>(width) * 3, out, max_side);
}

}  // namespace platform::media
