#pragma once

// The content library of an organization: API.md "Content". Every query is scoped to the
// caller's organization; every change writes an audit row in its own transaction. Uploaded
// files become rows here once their blob is stored; processing is a durable job enqueued in
// the same transaction as the row (content.process), so a row never waits for a job that was
// lost.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/core/error.hpp"
#include "platform/net/pagination.hpp"
#include "platform/store/database.hpp"
#include "vizora/content/detail/rows.hpp"
#include "vizora/content/model.hpp"
#include "vizora/identity/identity_service.hpp"
#include "vizora/identity/model.hpp"

namespace vizora::content {

// The job queues of this module.
inline constexpr std::string_view kProcessQueue = "content.process";
// A data feed's next fetch; each run schedules the following one.
inline constexpr std::string_view kRefreshFeedQueue = "content.refresh-feed";

// Modules that hold on to content (playlists) and are asked before it is deleted.
class ContentUsers {
 public:
  virtual ~ContentUsers() = default;
  // The ids of what uses the item (in the caller's transaction).
  virtual std::vector<std::string> Using(platform::store::Connection& c,
                                         const std::string& content_id) = 0;
  // Lets go of it (a forced delete).
  virtual void Release(platform::store::Connection& c, const std::string& content_id) = 0;
};

// What another module needs to know to use an item (a playlist to show it).
struct ContentFacts {
  std::string id, type, upload_status;
  std::optional<double> duration_seconds;  // videos
};

// The live items of `ids` in the organization, each locked against deletion until the
// caller's transaction ends (so a playlist never takes an item that is being deleted).
// Items not found (another organization's, deleted, unknown) are absent from the result.
std::map<std::string, ContentFacts> LockForUse(platform::store::Connection& c,
                                               const std::string& organization_id,
                                               const std::vector<std::string>& ids);

struct NewContent {
  std::string type, title, description;
  std::vector<std::string> tags;
  // Uploads:
  std::optional<std::string> sha256, mime_type, original_filename;
  std::optional<std::int64_t> size;
  // URL content:
  std::optional<std::string> url;
  std::optional<std::int64_t> refresh_interval;
};

struct ContentFilter {
  std::optional<std::string> type, tag, status, search;
  // Only these items (titles for what a playlist or a report names); at most a page of them.
  std::optional<std::vector<std::string>> ids;
};

struct ContentPage {
  std::vector<Content> items;
  std::optional<std::string> next_cursor;
};

struct ContentPatch {
  std::optional<std::string> title, description, url;
  std::optional<std::vector<std::string>> tags;
  bool set_refresh_interval = false;
  std::optional<std::int64_t> refresh_interval;
};

class ContentService {
 public:
  // `enqueued` is called after a commit that added jobs (to wake this instance's workers).
  ContentService(platform::store::Database& db, std::function<void()> enqueued);

  void SetUsers(ContentUsers* users) { users_ = users; }
  // Called with the organization after a change screens may show (an edit, a deletion).
  void SetChanged(std::function<void(const std::string&)> changed) {
    changed_ = std::move(changed);
  }

  boost::asio::awaitable<platform::Result<Content>> Create(const identity::Principal& who,
                                                           NewContent input,
                                                           identity::RequestMeta meta);
  boost::asio::awaitable<ContentPage> List(const identity::Principal& who, ContentFilter filter,
                                           platform::net::PageRequest page);
  boost::asio::awaitable<platform::Result<Content>> Get(const identity::Principal& who,
                                                        std::string id);
  boost::asio::awaitable<platform::Result<Content>> Update(const identity::Principal& who,
                                                           std::string id, ContentPatch patch,
                                                           identity::RequestMeta meta);
  // Soft delete; 409 CONFLICT_005 while something uses it, unless `force`.
  boost::asio::awaitable<platform::Result<bool>> Delete(const identity::Principal& who,
                                                        std::string id, bool force,
                                                        identity::RequestMeta meta);

  // A file of a live item of the organization, for delivery: the upload itself (kind "file"),
  // or a made one (thumbnail, page, table).
  boost::asio::awaitable<platform::Result<detail::StoredFile>> FileOf(
      const std::string& organization_id, std::string id, std::string kind, std::int64_t number);
  // Signed links to an item's files (media_links.hpp).
  boost::asio::awaitable<boost::json::object> LinksOf(const Content& content,
                                                      std::int64_t expires_at_seconds,
                                                      std::string media_key);
  // Whether any content row references the blob (before removing one).
  boost::asio::awaitable<bool> IsBlobUsed(std::string sha256);

 private:
  platform::store::Database& db_;
  std::function<void()> enqueued_;
  ContentUsers* users_ = nullptr;
  std::function<void(const std::string&)> changed_;
};

}  // namespace vizora::content
