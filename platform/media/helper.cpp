#include "platform/media/helper.hpp"

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/core/process.hpp"
#include "platform/media/helper_protocol.hpp"

namespace platform::media {

namespace json = boost::json;

namespace {

constexpr std::chrono::seconds kTimeLimit{120};

// Runs one command; the result object of its last line, or the error it reported.
json::object Run(const std::filesystem::path& program, std::vector<std::string> args) {
  args.insert(args.begin(), program.string());
  const ProcessResult run = RunProcess(args, kTimeLimit);
  if (run.timed_out) throw MediaError("the file took too long to process");
  // The last line is the helper's answer (libraries may have printed before it).
  std::string last = run.output;
  while (!last.empty() && last.back() == '\n') last.pop_back();
  if (const auto newline = last.rfind('\n'); newline != std::string::npos) {
    last.erase(0, newline + 1);
  }
  if (run.exit_code == helper::kMediaErrorExit && last.starts_with(helper::kErrorPrefix)) {
    throw MediaError(last.substr(helper::kErrorPrefix.size()));
  }
  if (run.exit_code != 0 || !last.starts_with(helper::kResultPrefix)) {
    throw std::runtime_error("media helper " + program.string() + " failed (exit " +
                             std::to_string(run.exit_code) + "): " + run.output.substr(0, 500));
  }
  return json::parse(last.substr(helper::kResultPrefix.size())).as_object();
}

}  // namespace

MediaHelper::MediaHelper(std::filesystem::path program) : program_(std::move(program)) {}

std::filesystem::path MediaHelper::NextToThisProgram() {
  return std::filesystem::read_symlink("/proc/self/exe").parent_path() / "media-helper";
}

ImageInfo MediaHelper::WriteImageThumbnail(const std::filesystem::path& file,
                                           const std::filesystem::path& out, int max_side,
                                           const ImageLimits& limits) const {
  const auto r = Run(program_, {std::string(helper::kImageThumbnail), file.string(), out.string(),
                                std::to_string(max_side), std::to_string(limits.max_pixels),
                                std::to_string(limits.max_side)});
  return {.width = r.at("width").to_number<std::int64_t>(),
          .height = r.at("height").to_number<std::int64_t>(),
          .frames = r.at("frames").to_number<std::int64_t>()};
}

VideoInfo MediaHelper::ProbeVideo(const std::filesystem::path& file,
                                  const VideoLimits& limits) const {
  const auto r =
      Run(program_, {std::string(helper::kProbeVideo), file.string(),
                     std::to_string(limits.max_duration_seconds), std::to_string(limits.max_side)});
  return {.duration_seconds = r.at("duration").to_number<double>(),
          .frame_rate = r.at("frameRate").to_number<double>(),
          .codec = std::string(r.at("codec").as_string()),
          .container = std::string(r.at("container").as_string()),
          .width = r.at("width").to_number<std::int64_t>(),
          .height = r.at("height").to_number<std::int64_t>(),
          .has_audio = r.at("hasAudio").as_bool()};
}

void MediaHelper::WriteVideoPoster(const std::filesystem::path& file,
                                   const std::filesystem::path& out, double at_seconds,
                                   int max_side) const {
  Run(program_, {std::string(helper::kVideoPoster), file.string(), out.string(),
                 std::to_string(at_seconds), std::to_string(max_side)});
}

}  // namespace platform::media
