#include "vizora/content/processor.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <fstream>

#include "platform/blob/blob_writer.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/log.hpp"
#include "platform/core/process.hpp"
#include "platform/media/table.hpp"
#include "vizora/content/accepted_types.hpp"
#include "vizora/content/content_service.hpp"
#include "vizora/content/detail/rows.hpp"
#include "vizora/realtime/dashboard_events.hpp"

namespace vizora::content {

namespace fs = std::filesystem;
namespace json = boost::json;
namespace media = platform::media;
using platform::store::Connection;

namespace {

// A converter reads the document (copied into `dir`) and writes only in `dir`, its home and
// temp folder too; no network; time, memory and file size limited, below the server's
// priority. A hostile document can fail its conversion, nothing more. LibreOffice alone
// needs a local socket (its IPC pipe, always made in /tmp).
platform::ProcessOptions ConfinedConversion(const fs::path& input, const fs::path& dir,
                                            bool libreoffice, const ConversionLimits& limits) {
  return {.timeout = limits.time,
          .working_dir = dir,
          .limits = {.cpu_seconds = limits.time.count(),
                     .memory_bytes = limits.memory_bytes,
                     .file_bytes = std::int64_t{512} << 20,
                     .nice = 10},
          .sandbox =
              platform::SandboxRules{.readable = {input},
                                     .writable = {dir},
                                     .unix_sockets = libreoffice,
                                     .socket_folders = libreoffice ? std::vector<fs::path>{"/tmp"}
                                                                   : std::vector<fs::path>{}},
          .environment = {"HOME=" + dir.string(), "TMPDIR=" + dir.string()}};
}

void ScheduleRefresh(Connection& c, const Content& feed) {
  const std::string payload = json::serialize(json::object{{"contentId", feed.id}});
  // One pending refresh per feed, however often this runs (jobs run at least once).
  platform::jobs::EnqueueUnlessQueued(
      c, kRefreshFeedQueue, payload,
      {.max_attempts = 1,
       .delay = std::chrono::seconds(feed.refresh_interval.value_or(kMinRefreshSeconds))},
      /*same_payload=*/true);
}

// A temp path in the blob store with the extension a writer picks its format by.
fs::path TempWithExtension(platform::blob::BlobStore& blobs, std::string_view extension) {
  fs::path path = blobs.NewTempFile();
  path += extension;
  return path;
}

// Removes a scratch file or directory when the scope ends (kept ones were moved already).
struct Scratch {
  fs::path path;
  ~Scratch() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

Processed::File Store(platform::blob::BlobStore& blobs, const fs::path& made, std::string kind,
                      std::int64_t number, std::string mime) {
  Scratch guard{made};
  const auto info = platform::blob::CommitFile(blobs, made);
  return {std::move(kind), number, info.sha256, std::move(mime),
          static_cast<std::int64_t>(info.size)};
}

media::MediaError TookTooLong(const ConversionLimits& limits) {
  return media::MediaError("the conversion took longer than the " +
                           std::to_string(limits.time.count()) + " s it may take");
}

// A document (`from`: its extension) converted by LibreOffice (pptx, odp → pdf; xlsx, ods →
// csv) into `out_dir`; Excel also by xlsx2csv when LibreOffice is not there.
fs::path Convert(const fs::path& input, std::string_view from, std::string_view to,
                 const fs::path& out_dir, const ConversionLimits& limits) {
  const auto office = platform::FindProgram("soffice");
  if (!office && from == "xlsx") {
    if (const auto xlsx2csv = platform::FindProgram("xlsx2csv")) {
      const fs::path converted = out_dir / "input.csv";
      const auto result =
          platform::RunProcess({xlsx2csv->string(), input.string(), converted.string()},
                               ConfinedConversion(input, out_dir, false, limits));
      if (result.timed_out || result.signal == SIGXCPU) throw TookTooLong(limits);
      if (result.exit_code != 0 || !fs::exists(converted)) {
        throw media::MediaError("xlsx2csv could not read the workbook");
      }
      return converted;
    }
  }
  if (!office) throw media::MediaError("LibreOffice is not installed on the server");
  // LibreOffice guesses the format from the extension; the blob has none.
  const fs::path named = out_dir / ("input." + std::string(from));
  fs::copy_file(input, named);
  const auto result = platform::RunProcess(
      {office->string(), "--headless", "--norestore",
       "-env:UserInstallation=file://" + (out_dir / "profile").string(), "--convert-to",
       std::string(to), "--outdir", out_dir.string(), named.string()},
      ConfinedConversion(named, out_dir, true, limits));
  const fs::path converted = out_dir / (std::string("input.") + std::string(to));
  if (result.timed_out || result.signal == SIGXCPU) throw TookTooLong(limits);
  if (result.exit_code != 0 || !fs::exists(converted)) {
    throw media::MediaError("LibreOffice could not convert the file");
  }
  return converted;
}

json::value TableJson(const media::Table& table) {
  json::array columns;
  for (const auto& c : table.columns) columns.emplace_back(c);
  json::array rows;
  for (const auto& r : table.rows) {
    json::array row;
    for (const auto& cell : r) row.emplace_back(cell);
    rows.emplace_back(std::move(row));
  }
  return json::object{
      {"columns", std::move(columns)}, {"rows", std::move(rows)}, {"truncated", table.truncated}};
}

void RenderPages(const media::MediaHelper& helper, const fs::path& pdf_file,
                 platform::blob::BlobStore& blobs, Processed& out) {
  Scratch dir{blobs.NewTempFile()};
  fs::create_directories(dir.path);
  const media::PdfPages pages =
      helper.RenderPdfPages(pdf_file, dir.path, kPageImageSide, kThumbnailSide);
  out.metadata["pageCount"] = pages.pages;
  for (int i = 0; i < pages.pages; ++i) {
    out.files.push_back(
        Store(blobs, pages.page_files[static_cast<std::size_t>(i)], "page", i + 1, "image/jpeg"));
  }
  out.files.push_back(Store(blobs, pages.thumbnail, "thumbnail", 0, "image/jpeg"));
}

}  // namespace

ContentProcessor::ContentProcessor(platform::store::Database& db, platform::blob::BlobStore& blobs,
                                   platform::bus::Bus& bus, FeedFetch fetch_feed,
                                   ConversionLimits limits)
    : db_(db), blobs_(blobs), bus_(bus), fetch_feed_(std::move(fetch_feed)), limits_(limits) {}

std::optional<Content> ContentProcessor::Load(const platform::jobs::Job& job) {
  boost::system::error_code ec;
  const json::value payload = json::parse(job.payload, ec);
  if (ec || !payload.is_object() || !payload.as_object().contains("contentId") ||
      !payload.at("contentId").is_string()) {
    return std::nullopt;
  }
  const std::string id(payload.at("contentId").as_string());
  return db_.ReadBlocking([&](Connection& c) -> std::optional<Content> {
    const auto rows = c.Query("SELECT " + std::string(detail::kContentColumns) +
                                  " FROM contents c WHERE c.id = $1 AND c.deleted_at IS NULL",
                              {id});
    if (rows.empty()) return std::nullopt;
    return detail::ContentFrom(rows[0]);
  });
}

void ContentProcessor::Process(const platform::jobs::Job& job) {
  const auto content = Load(job);
  if (!content || content->upload_status != kProcessing) return;  // done already, or deleted
  const std::string& id = content->id;

  const auto started = std::chrono::steady_clock::now();
  try {
    const Processed done =
        content->type == "data_feed" ? fetch_feed_(*content, blobs_) : ProcessFile(*content);
    Finish(*content, &done, "");
  } catch (const media::MediaError& e) {
    Finish(*content, nullptr, e.what());  // the file is at fault: retrying would not help
  }
  // Anything else is our fault (disk, database): thrown to be retried with backoff, and failed
  // for good by GiveUp after the last attempt.
  platform::log::Info("content.processed",
                      {{"contentId", id},
                       {"type", content->type},
                       {"ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now() - started)
                                  .count()}});
}

void ContentProcessor::GiveUp(const platform::jobs::Job& job, const std::string& reason) {
  const auto content = Load(job);
  if (!content || content->upload_status != kProcessing) return;
  Finish(*content, nullptr, "processing failed: " + reason);
}

Processed ContentProcessor::ProcessFile(const Content& content) {
  // A store that keeps no local files (S3): the source is copied to a scratch file first.
  Scratch downloaded;
  auto source = blobs_.LocalPath(content.sha256.value_or(""));
  if (!source) {
    const auto reader = blobs_.OpenBlob(content.sha256.value_or(""));
    if (!reader) throw std::runtime_error("the uploaded file is missing from the blob store");
    downloaded.path = blobs_.NewTempFile();
    platform::blob::CopyToFile(*reader, downloaded.path);
    source = downloaded.path;
  }
  Processed out;
  if (content.type == "image") {
    const fs::path thumb = TempWithExtension(blobs_, ".jpg");
    const media::ImageInfo info = media_.WriteImageThumbnail(*source, thumb, kThumbnailSide);
    out.metadata = {{"width", info.width}, {"height", info.height}};
    if (info.frames > 1) out.metadata["frames"] = info.frames;
    out.files.push_back(Store(blobs_, thumb, "thumbnail", 0, "image/jpeg"));
  } else if (content.type == "video") {
    const media::VideoInfo info = media_.ProbeVideo(*source);
    out.metadata = {{"width", info.width},
                    {"height", info.height},
                    {"duration", info.duration_seconds},
                    {"frameRate", info.frame_rate},
                    {"codec", info.codec},
                    {"container", info.container},
                    {"hasAudio", info.has_audio}};
    const fs::path poster = TempWithExtension(blobs_, ".jpg");
    media_.WriteVideoPoster(*source, poster, std::min(1.0, info.duration_seconds / 2),
                            kThumbnailSide);
    out.files.push_back(Store(blobs_, poster, "thumbnail", 0, "image/jpeg"));
  } else if (content.type == "pdf") {
    RenderPages(media_, *source, blobs_, out);
  } else if (content.type == "ppt") {
    Scratch dir{blobs_.NewTempFile()};
    fs::create_directories(dir.path);
    RenderPages(
        media_,
        Convert(*source, ExtensionOf(content.mime_type.value_or("")), "pdf", dir.path, limits_),
        blobs_, out);
  } else if (content.type == "spreadsheet") {
    Scratch dir{blobs_.NewTempFile()};
    fs::path csv = *source;
    if (content.mime_type != "text/csv") {
      fs::create_directories(dir.path);
      csv = Convert(*source, ExtensionOf(content.mime_type.value_or("")), "csv", dir.path, limits_);
    }
    const media::Table table = media::ReadCsv(csv);
    out.metadata = {{"rows", table.rows.size()},
                    {"columns", table.columns.size()},
                    {"truncated", table.truncated}};
    const fs::path made = TempWithExtension(blobs_, ".json");
    {
      std::ofstream file(made, std::ios::binary);
      file << json::serialize(TableJson(table));
      if (!file) throw std::runtime_error("cannot write the table");
    }
    out.files.push_back(Store(blobs_, made, "table", 0, "application/json"));
  } else {
    throw media::MediaError("nothing to process for " + content.type);
  }
  return out;
}

void ContentProcessor::RefreshFeed(const platform::jobs::Job& job) {
  const auto feed = Load(job);
  // Deleted, or its first fetch is still to come (which schedules the refreshes): the chain
  // ends here.
  if (!feed || feed->type != "data_feed" || feed->upload_status == kProcessing) return;
  std::optional<Processed> fresh;
  std::string error;
  try {
    fresh = fetch_feed_(*feed, blobs_);
  } catch (const media::MediaError& e) {
    error = e.what();
  }
  const bool had_copy = feed->upload_status == kReady;
  db_.TransactBlocking([&](Connection& c) {
    json::object metadata = fresh ? fresh->metadata : feed->metadata;
    if (!fresh) {
      metadata["lastError"] = error;
      metadata["lastErrorAt"] = platform::FormatIso8601(platform::NowMillis());
    }
    // A failed refresh keeps a good copy ready; a feed that never worked stays failed.
    const bool ready = fresh || had_copy;
    c.Execute(
        "UPDATE contents SET upload_status = $1, upload_error = $2, metadata = $3, updated_at = "
        "$4 WHERE id = $5 AND deleted_at IS NULL",
        {std::string(ready ? kReady : kFailed),
         ready ? platform::store::Value() : platform::store::Value(error),
         json::serialize(metadata), platform::NowMillis(), feed->id});
    if (fresh) {
      for (const auto& f : fresh->files) {
        detail::PutFile(c, feed->id, f.kind, f.number, {f.sha256, f.mime_type, f.size});
      }
    }
    ScheduleRefresh(c, *feed);
  });
  if (fresh && !had_copy) {
    realtime::PublishToDashboards(bus_, feed->organization_id, "content:ready",
                                  {{"contentId", feed->id}, {"uploadStatus", kReady}});
  }
}

void ContentProcessor::Finish(const Content& content, const Processed* done,
                              const std::string& error) {
  const bool recorded = db_.TransactBlocking([&](Connection& c) {
    // Only an item still waiting: a deletion or an earlier run wins.
    const std::int64_t changed = c.Execute(
        "UPDATE contents SET upload_status = $1, upload_error = $2, metadata = $3, updated_at = "
        "$4 WHERE id = $5 AND upload_status = 'processing' AND deleted_at IS NULL",
        {std::string(done ? kReady : kFailed),
         done ? platform::store::Value() : platform::store::Value(error),
         json::serialize(done ? done->metadata : content.metadata), platform::NowMillis(),
         content.id});
    if (changed == 0) return false;
    if (done) {
      for (const auto& f : done->files) {
        detail::PutFile(c, content.id, f.kind, f.number, {f.sha256, f.mime_type, f.size});
      }
    }
    // A feed is fetched again on its interval, whether this first fetch worked or not.
    if (content.type == "data_feed") ScheduleRefresh(c, content);
    return true;
  });
  if (!recorded) return;
  json::object event{{"contentId", content.id},
                     {"uploadStatus", std::string(done ? kReady : kFailed)}};
  if (!done) event["uploadError"] = error;
  realtime::PublishToDashboards(bus_, content.organization_id, "content:ready", std::move(event));
  if (!done) {
    platform::log::Warn("content.failed", {{"contentId", content.id}, {"reason", error}});
  }
}

}  // namespace vizora::content
