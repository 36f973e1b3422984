#include "viztube/transcoding/transcode_jobs.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <fstream>

#include "platform/blob/blob_writer.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "platform/jobs/job_runner.hpp"

namespace viztube::transcoding {

namespace fs = std::filesystem;
namespace json = boost::json;
using platform::store::Connection;

namespace {

constexpr std::chrono::seconds kProgressEvery{2};

// Deletes a temporary file or folder however the job ends.
class TempPath {
 public:
  explicit TempPath(fs::path path) : path_(std::move(path)) {}
  ~TempPath() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct Source {
  std::string video_file;
};

std::optional<Source> LoadSource(Connection& c, const std::string& video_id) {
  const auto rows = c.Query("SELECT video_file FROM videos WHERE id = $1", {video_id});
  if (rows.empty()) return std::nullopt;
  return Source{.video_file = rows[0].Text(0)};
}

std::string RenditionsJson(const std::vector<Rung>& rungs, std::size_t ready,
                           std::string_view rest) {
  json::array out;
  for (std::size_t i = 0; i < rungs.size(); ++i) {
    out.push_back(json::object{{"height", rungs[i].height},
                               {"width", rungs[i].width},
                               {"state", i < ready ? std::string_view("ready") : rest}});
  }
  return json::serialize(out);
}

// Copies an object to a local file FFmpeg can seek in.
void CopyObject(platform::blob::BlobStore& blobs, const std::string& key, const fs::path& to) {
  const auto reader = blobs.OpenObject(key);
  if (!reader) throw TranscodeError("the uploaded file is missing");
  platform::blob::CopyToFile(*reader, to);
}

std::string VideoIdOf(const platform::jobs::Job& job) {
  return std::string(json::parse(job.payload).as_object().at("videoId").as_string());
}

}  // namespace

std::string HlsPrefix(const std::string& video_id) {
  return "videos/" + video_id + "/hls";
}

void EnqueueTranscode(Connection& c, const std::string& video_id) {
  c.Execute(
      "UPDATE videos SET processing_state = 'queued', processing_percent = 0, "
      "processing_error = NULL, renditions = '[]' WHERE id = $1",
      {video_id});
  platform::jobs::Enqueue(c, kTranscodeQueue, json::serialize(json::object{{"videoId", video_id}}),
                          {.max_attempts = kTranscodeAttempts});
}

TranscodeJobs::TranscodeJobs(platform::store::Database& db, platform::blob::BlobStore& blobs,
                             platform::cache::Freshness& reads, const Transcoder& transcoder)
    : db_(db), blobs_(blobs), reads_(reads), transcoder_(transcoder) {}

void TranscodeJobs::Run(const platform::jobs::Job& job) {
  const std::string video_id = VideoIdOf(job);
  const auto source = db_.ReadBlocking([&](Connection& c) { return LoadSource(c, video_id); });
  if (!source) return;  // deleted meanwhile
  const std::string prefix = HlsPrefix(video_id);
  // What an earlier, interrupted attempt left.
  blobs_.RemoveObjects(prefix);

  try {
    TempPath local(blobs_.NewTempFile());
    CopyObject(blobs_, source->video_file, local.path());
    const SourceInfo info = transcoder_.Probe(local.path());
    const Ladder plan = PlanLadder(info);
    if (!Record("UPDATE videos SET processing_state = 'running', processing_percent = 0, "
                "processing_error = NULL, renditions = $2 WHERE id = $1",
                {video_id, RenditionsJson(plan.rungs, 0, "running")})) {
      return;
    }
    TempPath out(blobs_.NewTempFile());
    fs::create_directories(out.path());
    auto last_report = std::chrono::steady_clock::now();
    std::int64_t last_percent = 0;
    const TranscodeOutput made = transcoder_.Run(local.path(), info, out.path(), [&](double done) {
      if (stopping_) return false;
      const auto now = std::chrono::steady_clock::now();
      // At 99 at most: 100 is for when every rung is stored.
      const auto percent = std::min<std::int64_t>(99, static_cast<std::int64_t>(done * 100));
      if (now - last_report < kProgressEvery || percent == last_percent) return true;
      last_report = now;
      last_percent = percent;
      return Record("UPDATE videos SET processing_percent = $2 WHERE id = $1", {video_id, percent});
    });

    // Stored smallest first: the video plays as soon as its first rung is in.
    std::vector<Variant> variants;
    for (std::size_t i = 0; i < made.rungs.size(); ++i) {
      const RungOutput& rung = made.rungs[i];
      for (const auto& entry : fs::directory_iterator(rung.dir)) {
        blobs_.PutObject(prefix + "/" + rung.rung.Name() + "/" + entry.path().filename().string(),
                         entry.path());
      }
      variants.push_back(rung.variant);
      // Players start from the first variant listed: the largest so far, then down.
      std::vector<Variant> listed(variants.rbegin(), variants.rend());
      const fs::path master = out.path() / "master-final.m3u8";
      std::ofstream(master, std::ios::binary | std::ios::trunc) << WriteMasterPlaylist(listed);
      const std::string master_key = prefix + "/master.m3u8";
      blobs_.PutObject(master_key, master);
      const bool last = i + 1 == made.rungs.size();
      if (!Record("UPDATE videos SET status = 'ready', hls_master = $2, renditions = $3, "
                  "processing_percent = $4, processing_state = $5 WHERE id = $1",
                  {video_id, master_key, RenditionsJson(plan.rungs, i + 1, "running"),
                   std::int64_t{last ? 100 : 99}, std::string(last ? "ready" : "running")})) {
        blobs_.RemoveObjects(prefix);  // deleted while we stored: nothing may stay behind
        return;
      }
    }
    platform::log::Info("transcode.done",
                        {{"video", video_id}, {"rungs", std::to_string(made.rungs.size())}});
  } catch (const TranscodeStopped&) {
    // Stopped for a shutdown: run again by the next start, the attempt not counted.
    if (stopping_) throw platform::jobs::JobInterrupted();
    blobs_.RemoveObjects(prefix);  // the video was deleted
  } catch (const TranscodeError& e) {
    blobs_.RemoveObjects(prefix);
    Fail(video_id, e.what());
  }
  // Anything else (disk, database, a dead worker) is retried; GiveUp ends it.
}

void TranscodeJobs::GiveUp(const platform::jobs::Job& job, const std::string& reason) {
  const std::string video_id = VideoIdOf(job);
  blobs_.RemoveObjects(HlsPrefix(video_id));
  Fail(video_id,
       "the conversion failed " + std::to_string(job.attempts) + " times; the last: " + reason);
}

bool TranscodeJobs::Record(const std::string& sql, const platform::store::Params& params) {
  const bool found =
      db_.TransactBlocking([&](Connection& c) { return c.Execute(sql, params); }) > 0;
  reads_.Invalidate();
  return found;
}

void TranscodeJobs::Fail(const std::string& video_id, const std::string& reason) {
  Record(
      "UPDATE videos SET processing_state = 'failed', processing_error = $2, status = 'failed', "
      "hls_master = NULL, renditions = '[]' WHERE id = $1",
      {video_id, reason});
  platform::log::Warn("transcode.failed", {{"video", video_id}, {"reason", reason}});
}

}  // namespace viztube::transcoding
