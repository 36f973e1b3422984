#include "platform/core/log.hpp"

#include <spdlog/async.h>
#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <cstdio>

#include "platform/core/clock.hpp"

namespace platform::log {
namespace {

constexpr std::size_t kQueueLines = 16384;
constexpr std::chrono::seconds kFlushInterval{1};

std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};

// Writes each record as it is, one per line, to its own buffered copy of stdout: no pattern
// formatting, and stdio batches the writes (flushed every second, and at once for warnings).
// Only the logging thread calls it, hence no mutex.
class RawStdoutSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  RawStdoutSink() : out_(::fdopen(::dup(STDOUT_FILENO), "w")) {
    if (out_ != nullptr) std::setvbuf(out_, nullptr, _IOFBF, kBufferBytes);
  }
  ~RawStdoutSink() override {
    if (out_ != nullptr) std::fclose(out_);
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    if (out_ == nullptr) return;
    std::fwrite(msg.payload.data(), 1, msg.payload.size(), out_);
    std::fputc('\n', out_);
  }
  void flush_() override {
    if (out_ != nullptr) std::fflush(out_);
  }

 private:
  static constexpr std::size_t kBufferBytes = 64 * 1024;
  std::FILE* out_;
};

std::shared_ptr<spdlog::logger>& Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stdout_logger_mt("platform.sync");
    l->set_pattern("%v");
    return l;
  }();
  return logger;
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void Init(Level min_level) {
  g_min_level = static_cast<int>(min_level);
  spdlog::init_thread_pool(kQueueLines, 1);
  auto sink = std::make_shared<RawStdoutSink>();
  auto logger = std::make_shared<spdlog::async_logger>(
      "platform", sink, spdlog::thread_pool(), spdlog::async_overflow_policy::overrun_oldest);
  // Lines are flushed at least once a second and at once for warnings and errors: flushing
  // every info line was a write() per request and cost a fifth of the throughput.
  logger->flush_on(spdlog::level::warn);
  spdlog::register_logger(logger);  // flush_every reaches registered loggers only
  Logger() = logger;
  spdlog::flush_every(kFlushInterval);
}

Level ParseLevel(std::string_view name) {
  if (name == "debug") return Level::kDebug;
  if (name == "warn") return Level::kWarn;
  if (name == "error") return Level::kError;
  return Level::kInfo;
}

bool Enabled(Level level) {
  return static_cast<int>(level) >= g_min_level.load();
}

Line::Line(Level level, std::string_view event) : level_(level) {
  text_.reserve(192);
  text_ += R"({"ts":")";
  text_ += FormatIso8601(NowMillis());
  text_ += R"(","level":")";
  text_ += LevelName(level);
  text_ += '"';
  Str("event", event);
}

Line& Line::Str(std::string_view key, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  text_ += ",\"";
  text_ += key;
  text_ += "\":\"";
  for (char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      text_ += '\\';
      text_ += ch;
    } else if (c < 0x20 || c >= 0x7f) {
      // Control bytes, and any byte that may not be valid UTF-8: the line stays valid JSON.
      text_ += "\\u00";
      text_ += kHex[c >> 4];
      text_ += kHex[c & 0xF];
    } else {
      text_ += ch;
    }
  }
  text_ += '"';
  return *this;
}

Line& Line::Int(std::string_view key, std::int64_t value) {
  text_ += ",\"";
  text_ += key;
  text_ += "\":";
  text_ += std::to_string(value);
  return *this;
}

Line& Line::Fields(const boost::json::object& fields) {
  if (fields.empty()) return *this;
  const std::string members = boost::json::serialize(fields);
  text_ += ',';
  text_.append(members, 1, members.size() - 2);  // without the object's own braces
  return *this;
}

void Line::Write() {
  if (!Enabled(level_)) return;
  text_ += '}';
  Logger()->info(text_);
}

void Write(Level level, std::string_view event, boost::json::object fields) {
  if (!Enabled(level)) return;
  Line(level, event).Fields(fields).Write();
}

void Flush() {
  Logger()->flush();
}

void Shutdown() {
  spdlog::shutdown();  // drains the queue and joins the logging thread
  auto sync = spdlog::stdout_logger_mt("platform.final");
  sync->set_pattern("%v");
  Logger() = sync;
}

}  // namespace platform::log
