// media-helper: one image or video operation per run, for servers that keep the media
// libraries out of their own process (helper.hpp). Usage: see helper_protocol.hpp.

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <new>
#include <string>

#include "platform/media/helper_protocol.hpp"
#include "platform/media/image.hpp"
#include "platform/media/pdf.hpp"
#include "platform/media/video.hpp"

namespace {

namespace media = platform::media;
namespace helper = platform::media::helper;

boost::json::object Perform(const std::string& command, char** args, int count) {
  if (command == helper::kImageThumbnail && count == 5) {
    const media::ImageLimits limits{.max_pixels = std::stoll(args[3]),
                                    .max_side = std::stoll(args[4])};
    const media::ImageInfo info = media::ProbeImage(args[0], limits);
    media::WriteImageThumbnail(args[0], args[1], std::stoi(args[2]));
    return {{"width", info.width}, {"height", info.height}, {"frames", info.frames}};
  }
  if (command == helper::kProbeVideo && count == 3) {
    const media::VideoLimits limits{.max_duration_seconds = std::stod(args[1]),
                                    .max_side = std::stoll(args[2])};
    const media::VideoInfo info = media::ProbeVideo(args[0], limits);
    return {{"duration", info.duration_seconds},
            {"frameRate", info.frame_rate},
            {"codec", info.codec},
            {"container", info.container},
            {"width", info.width},
            {"height", info.height},
            {"hasAudio", info.has_audio}};
  }
  if (command == helper::kVideoPoster && count == 4) {
    media::WriteVideoPoster(args[0], args[1], std::stod(args[2]), std::stoi(args[3]));
    return {};
  }
  if (command == helper::kPdfPages && count == 6) {
    const media::PdfLimits limits{.max_pages = std::stoi(args[4]),
                                  .max_page_side_points = std::stod(args[5])};
    const media::PdfDocument pdf(args[0], limits);
    const std::filesystem::path out_dir = args[1];
    for (int i = 0; i < pdf.pages(); ++i) {
      pdf.RenderPage(i, out_dir / ("page-" + std::to_string(i + 1) + ".jpg"), std::stoi(args[2]));
    }
    pdf.RenderPage(0, out_dir / "thumbnail.jpg", std::stoi(args[3]));
    return {{"pages", pdf.pages()}};
  }
  throw std::invalid_argument(
      "usage: media-helper image-thumbnail|probe-video|video-poster|pdf-pages …");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: media-helper image-thumbnail|probe-video|video-poster|pdf-pages …\n");
    return 1;
  }
  media::NameImageProgram("media-helper");
  try {
    const auto result = Perform(argv[1], argv + 2, argc - 2);
    std::fflush(stderr);
    std::printf("\n%s%s\n", helper::kResultPrefix.data(), boost::json::serialize(result).c_str());
    return 0;
  } catch (const std::bad_alloc&) {
    // Over its memory limit (set by MediaHelper): the file asks for more than it may have.
    std::fflush(stderr);
    std::printf("\n%sthe file needs more memory than a file may have\n",
                helper::kErrorPrefix.data());
    return helper::kMediaErrorExit;
  } catch (const media::MediaError& e) {
    // One line: libvips's messages may hold several.
    std::string message = e.what();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    for (char& c : message) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    std::fflush(stderr);
    std::printf("\n%s%s\n", helper::kErrorPrefix.data(), message.c_str());
    return helper::kMediaErrorExit;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "media-helper: %s\n", e.what());
    return 1;
  }
}
