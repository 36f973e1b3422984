#include "platform/media/helper.hpp"

#include <signal.h>
#include <stdlib.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "platform/core/log.hpp"
#include "platform/core/process.hpp"
#include "platform/media/helper_protocol.hpp"

namespace platform::media {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif
// AddressSanitizer reserves terabytes of shadow memory up front: a helper built with it
// cannot start under a memory limit. Test builds run it without one (tests of the limit use
// programs built without sanitizers).
constexpr bool kMemoryLimitWorks = !kSanitized;

// What the helper may read besides its input and itself: in a sanitizer build, the
// suppression files its runtime is told to read at start.
std::vector<fs::path> Readable(const fs::path& input, const fs::path& program) {
  std::vector<fs::path> readable{input, program};
  if (!kSanitized) return readable;
  for (const char* variable : {"ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS"}) {
    const char* value = std::getenv(variable);
    const std::string_view options = value != nullptr ? value : "";
    constexpr std::string_view kKey = "suppressions=";
    const auto at = options.find(kKey);
    if (at == std::string_view::npos) continue;
    const auto start = at + kKey.size();
    readable.emplace_back(options.substr(start, options.find(':', start) - start));
  }
  return readable;
}

// A folder only this run may write in, removed with everything in it when the run ends.
class ScratchDir {
 public:
  explicit ScratchDir(const fs::path& parent) {
    std::string pattern = (parent / ".media-helper.XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::system_error(errno, std::generic_category(), "cannot make " + pattern);
    }
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

MediaHelper::MediaHelper(fs::path program, HelperLimits limits)
    : program_(std::move(program)), limits_(limits) {}

fs::path MediaHelper::NextToThisProgram() {
  return fs::read_symlink("/proc/self/exe").parent_path() / "media-helper";
}

namespace {

// Runs one command on `input`, confined, writing only in `scratch`; the result object of its
// last line, or the error it reported.
json::object Run(const fs::path& program, const HelperLimits& limits, std::vector<std::string> args,
                 const fs::path& input, const fs::path& scratch) {
  args.insert(args.begin(), program.string());
  const ProcessResult run = RunProcess(
      args, {.timeout = limits.time,
             .working_dir = scratch,
             .limits = {.cpu_seconds = limits.time.count(),
                        .memory_bytes =
                            kMemoryLimitWorks ? std::optional(limits.memory_bytes) : std::nullopt,
                        .file_bytes = limits.file_bytes,
                        .nice = 10},
             .sandbox = SandboxRules{.readable = Readable(input, program), .writable = {scratch}},
             // Libraries that keep files (ORC's generated code, fontconfig's cache) keep them here.
             .environment = {"HOME=" + scratch.string(), "TMPDIR=" + scratch.string(),
                             "XDG_CACHE_HOME=" + scratch.string()}});
  if (run.timed_out || run.signal == SIGXCPU) throw MediaError("the file took too long to process");
  if (run.signal != 0) {
    // A decoder that dies on a file (SIGSEGV, SIGABRT, SIGXFSZ…) is the file's failure.
    log::Warn("media.decoder_died", {{"command", args[1]}, {"signal", run.signal}});
    throw MediaError("the file could not be decoded");
  }
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

// Moves what the helper wrote in its scratch folder to where the caller wants it.
void Deliver(const fs::path& made, const fs::path& out) {
  if (!fs::is_regular_file(made))
    throw std::runtime_error("media helper wrote no " + made.string());
  fs::rename(made, out);
}

// Runs `command` on `file`, which writes one file (its path the argument after the input's),
// delivered to `out`; the helper's answer.
json::object WriteOne(const fs::path& program, const HelperLimits& limits, std::string_view command,
                      const fs::path& file, const fs::path& out, std::vector<std::string> args) {
  const ScratchDir scratch(out.parent_path());
  const fs::path made = scratch.path() / ("out" + out.extension().string());
  args.insert(args.begin(), {std::string(command), file.string(), made.string()});
  auto answer = Run(program, limits, std::move(args), file, scratch.path());
  Deliver(made, out);
  return answer;
}

}  // namespace

ImageInfo MediaHelper::WriteImageThumbnail(const fs::path& file, const fs::path& out, int max_side,
                                           const ImageLimits& limits) const {
  const auto r = WriteOne(program_, limits_, helper::kImageThumbnail, file, out,
                          {std::to_string(max_side), std::to_string(limits.max_pixels),
                           std::to_string(limits.max_side)});
  return {.width = r.at("width").to_number<std::int64_t>(),
          .height = r.at("height").to_number<std::int64_t>(),
          .frames = r.at("frames").to_number<std::int64_t>()};
}

VideoInfo MediaHelper::ProbeVideo(const fs::path& file, const VideoLimits& limits) const {
  const ScratchDir scratch(fs::temp_directory_path());
  const auto r = Run(program_, limits_,
                     {std::string(helper::kProbeVideo), file.string(),
                      std::to_string(limits.max_duration_seconds), std::to_string(limits.max_side)},
                     file, scratch.path());
  return {.duration_seconds = r.at("duration").to_number<double>(),
          .frame_rate = r.at("frameRate").to_number<double>(),
          .codec = std::string(r.at("codec").as_string()),
          .container = std::string(r.at("container").as_string()),
          .width = r.at("width").to_number<std::int64_t>(),
          .height = r.at("height").to_number<std::int64_t>(),
          .has_audio = r.at("hasAudio").as_bool()};
}

void MediaHelper::WriteVideoPoster(const fs::path& file, const fs::path& out, double at_seconds,
                                   int max_side) const {
  WriteOne(program_, limits_, helper::kVideoPoster, file, out,
           {std::to_string(at_seconds), std::to_string(max_side)});
}

PdfPages MediaHelper::RenderPdfPages(const fs::path& file, const fs::path& out_dir, int page_side,
                                     int thumbnail_side, const PdfLimits& limits) const {
  const ScratchDir scratch(out_dir);
  // Up to 500 pages, each a full render: more time than one image.
  HelperLimits pdf_limits = limits_;
  pdf_limits.time *= 5;
  const auto r =
      Run(program_, pdf_limits,
          {std::string(helper::kPdfPages), file.string(), scratch.path().string(),
           std::to_string(page_side), std::to_string(thumbnail_side),
           std::to_string(limits.max_pages), std::to_string(limits.max_page_side_points)},
          file, scratch.path());
  PdfPages pages{.pages = static_cast<int>(r.at("pages").to_number<std::int64_t>())};
  if (pages.pages < 1 || pages.pages > limits.max_pages) {
    throw std::runtime_error("media helper reported " + std::to_string(pages.pages) + " pages");
  }
  for (int i = 1; i <= pages.pages; ++i) {
    const std::string name = "page-" + std::to_string(i) + ".jpg";
    Deliver(scratch.path() / name, out_dir / name);
    pages.page_files.push_back(out_dir / name);
  }
  Deliver(scratch.path() / "thumbnail.jpg", out_dir / "thumbnail.jpg");
  pages.thumbnail = out_dir / "thumbnail.jpg";
  return pages;
}

}  // namespace platform::media
