#include "platform/core/log.hpp"

#include <unistd.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "platform/core/clock.hpp"

namespace platform::log {
namespace {

// Lines wait at most this long before they are written (warnings and errors: not at all).
constexpr std::chrono::milliseconds kFlushInterval{50};
// Past this much unwritten text (stdout blocked), new lines are dropped and counted rather
// than let a request wait on the terminal.
constexpr std::size_t kMaxPendingBytes = 8 << 20;

std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};

// Collects lines from any thread and writes them in batches from one thread: a mutex-guarded
// append per line and one write() per batch. spdlog's async logger, used before, signalled a
// condition variable per line, and those wake-ups cost a quarter of the request throughput
// (docs/BENCHMARKS.md).
class BatchWriter {
 public:
  void Start() {
    std::lock_guard lock(mutex_);
    if (running_) return;
    running_ = true;
    thread_ = std::thread([this] { Run(); });
  }

  void Append(std::string_view line, bool urgent) {
    std::unique_lock lock(mutex_);
    if (!running_) {  // before Init and after Shutdown: synchronous
      std::string text(line);
      text.push_back('\n');
      WriteAll(text);
      return;
    }
    if (pending_.size() + line.size() > kMaxPendingBytes) {
      ++dropped_;
      return;
    }
    pending_.append(line);
    pending_.push_back('\n');
    if (urgent) {
      urgent_ = true;
      lock.unlock();
      wake_.notify_one();
    }
  }

  void RequestFlush() {
    {
      std::lock_guard lock(mutex_);
      urgent_ = true;
    }
    wake_.notify_one();
  }

  void Stop() {
    {
      std::lock_guard lock(mutex_);
      if (!running_) return;
      running_ = false;
    }
    wake_.notify_one();
    thread_.join();
  }

 private:
  void Run() {
    std::string batch;
    std::unique_lock lock(mutex_);
    while (running_ || !pending_.empty()) {
      wake_.wait_for(lock, kFlushInterval, [&] { return urgent_ || !running_; });
      urgent_ = false;
      batch.swap(pending_);
      const std::uint64_t dropped = std::exchange(dropped_, 0);
      lock.unlock();
      if (dropped != 0) {
        batch +=
            R"({"level":"warn","event":"log.dropped","lines":)" + std::to_string(dropped) + "}\n";
      }
      WriteAll(batch);
      batch.clear();
      lock.lock();
    }
  }

  static void WriteAll(std::string_view text) {
    while (!text.empty()) {
      const ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // stdout is gone: nothing sensible is left to do with logs
      text.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  // State below is protected by mutex_.
  std::string pending_;
  std::uint64_t dropped_ = 0;
  bool urgent_ = false;
  bool running_ = false;
  std::thread thread_;
};

BatchWriter& Writer() {
  static BatchWriter writer;
  return writer;
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
  Writer().Start();
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
  Writer().Append(text_, level_ >= Level::kWarn);
}

void Write(Level level, std::string_view event, boost::json::object fields) {
  if (!Enabled(level)) return;
  Line(level, event).Fields(fields).Write();
}

void Flush() {
  Writer().RequestFlush();
}

void Shutdown() {
  Writer().Stop();
}

}  // namespace platform::log
