#pragma once

// The content.process job (DESIGN.md "Content"): reads what an upload is (dimensions,
// duration, pages…), makes its thumbnail and the files screens need (page images, a table),
// and ends the item `ready` or `failed` with a reason; dashboards hear `content:ready`.
// Runs on job-runner threads (blocking work is fine here). Safe to run twice: an item that
// is no longer processing is left alone. Decoders and converters run in limited, sandboxed
// processes of their own.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "platform/blob/blob_store.hpp"
#include "platform/bus/bus.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/media/helper.hpp"
#include "platform/store/database.hpp"
#include "vizora/content/model.hpp"

namespace vizora::content {

// What processing found and made, before it is recorded.
struct Processed {
  boost::json::object metadata;
  struct File {
    std::string kind;  // thumbnail | page | table | feed
    std::int64_t number = 0;
    std::string sha256, mime_type;
    std::int64_t size = 0;
  };
  std::vector<File> files;
};

// What one office conversion (LibreOffice) may take: wall and CPU time, and memory. A deck
// that needs more fails its item with a reason; the worker goes on with the next.
struct ConversionLimits {
  std::chrono::seconds time{180};
  std::int64_t memory_bytes = std::int64_t{2} << 30;
};

// Fetches a data feed (feed_fetcher.hpp); injected so the processor does not know HTTP.
using FeedFetch = std::function<Processed(const Content& feed, platform::blob::BlobStore& blobs)>;

class ContentProcessor {
 public:
  ContentProcessor(platform::store::Database& db, platform::blob::BlobStore& blobs,
                   platform::bus::Bus& bus, FeedFetch fetch_feed, ConversionLimits limits = {});

  // The handler of content.process jobs.
  void Process(const platform::jobs::Job& job);
  // After the last attempt failed or its worker was lost: the item fails with `reason`.
  void GiveUp(const platform::jobs::Job& job, const std::string& reason);
  // The handler of content.refresh-feed jobs: fetches again; a failure keeps the last good
  // copy (and notes the error in metadata.lastError).
  void RefreshFeed(const platform::jobs::Job& job);

 private:
  std::optional<Content> Load(const platform::jobs::Job& job);
  Processed ProcessFile(const Content& content);
  // Records the outcome if the item is still waiting for it; tells the dashboards.
  void Finish(const Content& content, const Processed* done, const std::string& error);

  platform::store::Database& db_;
  platform::blob::BlobStore& blobs_;
  platform::bus::Bus& bus_;
  FeedFetch fetch_feed_;
  ConversionLimits limits_;
  // Images, videos and PDFs are decoded by media-helper, limited and sandboxed (helper.hpp):
  // a hostile upload fails its own item, never the server.
  platform::media::MediaHelper media_;
};

}  // namespace vizora::content
