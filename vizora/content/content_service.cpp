#include "vizora/content/content_service.hpp"

#include <boost/json/serialize.hpp>

#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/store/sql_builder.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/billing/plans.hpp"
#include "vizora/content/media_links.hpp"
#include "vizora/identity/audit_entry.hpp"

namespace vizora::content {

namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;
using platform::store::Nullable;

namespace {

const Error kContentNotFound(platform::errors::kNotFound, "no such content");

json::array TagsJson(const std::vector<std::string>& tags) {
  json::array out;
  for (const auto& t : tags) out.emplace_back(t);
  return out;
}

}  // namespace

std::map<std::string, ContentFacts> LockForUse(Connection& c, const std::string& organization_id,
                                               const std::vector<std::string>& ids) {
  std::map<std::string, ContentFacts> out;
  for (const auto& id : ids) {
    if (out.contains(id) || !platform::IsUuid(id)) continue;
    // A write to the row: it waits for (and then sees) a concurrent delete, and a later
    // delete waits for this transaction.
    const std::int64_t locked = c.Execute(
        "UPDATE contents SET updated_at = updated_at WHERE id = $1 AND organization_id = $2 AND "
        "deleted_at IS NULL",
        {id, organization_id});
    if (locked == 0) continue;
    const auto content = detail::FindContent(c, organization_id, id);
    if (!content) continue;
    ContentFacts facts{.id = id, .type = content->type, .upload_status = content->upload_status};
    if (const auto* d = content->metadata.if_contains("duration"); d && d->is_number()) {
      facts.duration_seconds = d->to_number<double>();
    }
    out.emplace(id, std::move(facts));
  }
  return out;
}

ContentService::ContentService(platform::store::Database& db, std::function<void()> enqueued)
    : db_(db), enqueued_(std::move(enqueued)) {}

awaitable<Result<Content>> ContentService::Create(const identity::Principal& who, NewContent input,
                                                  identity::RequestMeta meta) {
  const std::string id = platform::NewId();
  const bool uploaded = input.sha256.has_value();
  auto created = co_await db_.TransactOrError([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    // A web page or dashboard is ready at once; files and feeds wait for their job.
    const bool needs_job = uploaded || input.type == "data_feed";
    if (input.size) {
      // The plan's storage counts live content; the organization's row is locked so two
      // uploads cannot both take the last room (BILLING_006).
      const std::int64_t allowed =
          billing::LockEntitlement(c, who.organization_id, now).plan->storage_bytes;
      const std::int64_t used = c.Query(
                                     "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM contents "
                                     "WHERE organization_id = $1 AND deleted_at IS NULL",
                                     {who.organization_id})[0]
                                    .Int(0);
      if (used + *input.size > allowed) {
        throw platform::ErrorException(billing::LimitReached(billing::Limit::kStorageBytes, used,
                                                             allowed, used + *input.size));
      }
    }
    c.Execute(
        "INSERT INTO contents (id, organization_id, type, title, description, upload_status, "
        "sha256, size, mime_type, original_filename, url, refresh_interval, created_by, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
        "$14, $14)",
        {id, who.organization_id, input.type, input.title, input.description,
         std::string(needs_job ? kProcessing : kReady), Nullable(input.sha256),
         Nullable(input.size), Nullable(input.mime_type), Nullable(input.original_filename),
         Nullable(input.url), Nullable(input.refresh_interval), who.user_id, now});
    Content row = *detail::FindContent(c, who.organization_id, id);
    detail::SetTags(c, row, input.tags);
    if (needs_job) {
      platform::jobs::Enqueue(c, kProcessQueue, json::serialize(json::object{{"contentId", id}}));
    }
    audit::Record(c, identity::AuditEntry(who, meta, "content.created", "content", id,
                                          {{"type", input.type}, {"title", input.title}}));
    row.tags = input.tags;
    return row;
  });
  if (created && (uploaded || input.type == "data_feed") && enqueued_) enqueued_();
  co_return created;
}

awaitable<ContentPage> ContentService::List(const identity::Principal& who, ContentFilter filter,
                                            platform::net::PageRequest page) {
  co_return co_await db_.Read([&](Connection& c) {
    platform::store::SqlBuilder q({who.organization_id, page.limit + 1});
    if (filter.type) q.And("c.type = " + q.Bind(*filter.type));
    if (filter.status) q.And("c.upload_status = " + q.Bind(*filter.status));
    if (filter.ids) {
      std::string in;
      for (const auto& id : *filter.ids) in += (in.empty() ? "" : ", ") + q.Bind(id);
      q.And(in.empty() ? "1 = 0" : "c.id IN (" + in + ")");
    }
    if (filter.tag) {
      q.And("EXISTS (SELECT 1 FROM content_tags t WHERE t.content_id = c.id AND t.tag = " +
            q.Bind(*filter.tag) + ")");
    }
    if (filter.search) {
      const std::string p = q.Bind(platform::store::LikeContains(*filter.search));
      q.And("(LOWER(c.title) LIKE " + p + " ESCAPE '\\' OR LOWER(c.description) LIKE " + p +
            " ESCAPE '\\' OR EXISTS (SELECT 1 FROM content_tags t WHERE t.content_id = c.id AND "
            "LOWER(t.tag) LIKE " +
            p + " ESCAPE '\\'))");
    }
    if (page.after) q.After("c.created_at", "c.id", page.after->time, page.after->id, true);
    // Newest first: a library is browsed from what was just added.
    const auto rows =
        c.Query("SELECT " + std::string(detail::kContentColumns) +
                    " FROM contents c WHERE c.organization_id = $1 AND "
                    "c.deleted_at IS NULL" +
                    q.conditions() + " ORDER BY c.created_at DESC, c.id DESC LIMIT $2",
                q.params());
    ContentPage out;
    for (const auto& row : rows) out.items.push_back(detail::ContentFrom(row));
    out.next_cursor = platform::net::TrimToPage(out.items, page.limit);
    return out;
  });
}

awaitable<Result<Content>> ContentService::Get(const identity::Principal& who, std::string id) {
  auto found = co_await db_.Read(
      [&](Connection& c) { return detail::FindContent(c, who.organization_id, id); });
  if (!found) co_return kContentNotFound;
  co_return std::move(*found);
}

awaitable<Result<Content>> ContentService::Update(const identity::Principal& who, std::string id,
                                                  ContentPatch patch, identity::RequestMeta meta) {
  auto updated = co_await db_.TransactOrError([&](Connection& c) {
    auto content = detail::FindContent(c, who.organization_id, id);
    if (!content) throw ErrorException(kContentNotFound);
    const bool link = IsUrlType(content->type);
    if ((patch.url || patch.set_refresh_interval) && !link) {
      throw ErrorException(Error(
          platform::errors::kUnprocessable, "only web pages, dashboards and data feeds have a URL",
          {{"field", patch.url ? "url" : "refreshInterval"}, {"reason", "not a URL content"}}));
    }
    json::object changed;
    if (patch.title) content->title = *patch.title, changed["title"] = *patch.title;
    if (patch.description) {
      content->description = *patch.description;
      changed["description"] = *patch.description;
    }
    if (patch.url) content->url = *patch.url, changed["url"] = *patch.url;
    if (patch.set_refresh_interval) {
      content->refresh_interval = patch.refresh_interval;
      changed["refreshInterval"] =
          patch.refresh_interval ? json::value(*patch.refresh_interval) : json::value(nullptr);
    }
    // A feed whose address changed is fetched again at once.
    const bool refetch = content->type == "data_feed" && patch.url;
    c.Execute(
        "UPDATE contents SET title = $1, description = $2, url = $3, refresh_interval = $4, "
        "upload_status = CASE WHEN $5 = 1 THEN 'processing' ELSE upload_status END, "
        "updated_at = $6 WHERE id = $7",
        {content->title, content->description, Nullable(content->url),
         Nullable(content->refresh_interval), std::int64_t{refetch ? 1 : 0}, platform::NowMillis(),
         content->id});
    if (patch.tags) {
      detail::SetTags(c, *content, *patch.tags);
      changed["tags"] = TagsJson(*patch.tags);
    }
    if (refetch) {
      platform::jobs::Enqueue(c, kProcessQueue,
                              json::serialize(json::object{{"contentId", content->id}}));
    }
    audit::Record(c, identity::AuditEntry(who, meta, "content.updated", "content", content->id,
                                          std::move(changed)));
    return *detail::FindContent(c, who.organization_id, content->id);
  });
  if (updated && changed_) changed_(who.organization_id);
  co_return updated;
}

awaitable<Result<bool>> ContentService::Delete(const identity::Principal& who, std::string id,
                                               bool force, identity::RequestMeta meta) {
  auto deleted = co_await db_.TransactOrError([&](Connection& c) {
    // The row first: a playlist taking the item (LockForUse) either finished before, and is
    // seen below, or waits and then finds it deleted.
    const auto locked = LockForUse(c, who.organization_id, {id});
    auto content = detail::FindContent(c, who.organization_id, id);
    if (locked.empty() || !content) throw ErrorException(kContentNotFound);
    if (users_ != nullptr) {
      const auto using_it = users_->Using(c, content->id);
      if (!using_it.empty() && !force) {
        json::array ids;
        for (const auto& u : using_it) ids.emplace_back(u);
        throw ErrorException(Error(errors::kInUse,
                                   "playlists use this content; remove it from them or delete "
                                   "with ?force=true",
                                   {{"playlistIds", std::move(ids)}}));
      }
      if (!using_it.empty()) users_->Release(c, content->id);
    }
    // The row stays (soft delete) until collection; its blobs go with it.
    const std::int64_t now = platform::NowMillis();
    c.Execute("UPDATE contents SET deleted_at = $1, updated_at = $1 WHERE id = $2",
              {now, content->id});
    c.Execute("DELETE FROM content_tags WHERE content_id = $1", {content->id});
    audit::Record(c, identity::AuditEntry(who, meta, "content.deleted", "content", content->id,
                                          {{"force", force}}));
    return true;
  });
  if (deleted && changed_) changed_(who.organization_id);
  co_return deleted;
}

awaitable<Result<detail::StoredFile>> ContentService::FileOf(const std::string& organization_id,
                                                             std::string id, std::string kind,
                                                             std::int64_t number) {
  auto found = co_await db_.Read([&](Connection& c) -> std::optional<detail::StoredFile> {
    auto content = detail::FindContent(c, organization_id, id);
    if (!content) return std::nullopt;
    if (kind == "file") {
      if (!content->sha256) return std::nullopt;
      return detail::StoredFile{*content->sha256, content->mime_type.value_or(""),
                                content->size.value_or(0)};
    }
    return detail::FindFile(c, content->id, kind, number);
  });
  if (!found) co_return Error(platform::errors::kNotFound, "no such file");
  co_return std::move(*found);
}

awaitable<json::object> ContentService::LinksOf(const Content& content, std::int64_t expires,
                                                std::string media_key) {
  co_return co_await db_.Read(
      [&](Connection& c) { return MediaLinks(c, content, expires, media_key); });
}

awaitable<bool> ContentService::IsBlobUsed(std::string sha256) {
  co_return co_await db_.Read([&](Connection& c) {
    return !c.Query(
                 "SELECT 1 FROM contents WHERE sha256 = $1 UNION ALL SELECT 1 FROM content_files "
                 "WHERE sha256 = $1 LIMIT 1",
                 {sha256})
                .empty();
  });
}

}  // namespace vizora::content
