// The composition root: every service of one VizTube instance, wired once, owned here.

#include "viztube/app/serve.hpp"

#include <algorithm>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>

#include "platform/app/backplane.hpp"
#include "platform/app/database.hpp"
#include "platform/app/meta_routes.hpp"
#include "platform/app/run.hpp"
#include "platform/app/runtime_metrics.hpp"
#include "platform/app/web_apps.hpp"
#include "platform/auth/hmac.hpp"
#include "platform/blob/blob_store.hpp"
#include "platform/cache/invalidations.hpp"
#include "platform/core/secrets.hpp"
#include "platform/jobs/job_queue.hpp"
#include "platform/jobs/job_runner.hpp"
#include "platform/mail/mail_queue.hpp"
#include "platform/net/server.hpp"
#include "viztube/api/envelope.hpp"
#include "viztube/captions/captions.hpp"
#include "viztube/comments/comments.hpp"
#include "viztube/dashboard/dashboard.hpp"
#include "viztube/likes/likes.hpp"
#include "viztube/migrations.hpp"
#include "viztube/playlists/playlists.hpp"
#include "viztube/subscriptions/subscriptions.hpp"
#include "viztube/transcoding/transcode_jobs.hpp"
#include "viztube/tweets/tweets.hpp"
#include "viztube/users/users_routes.hpp"
#include "viztube/videos/videos_routes.hpp"

namespace viztube {

namespace net = platform::net;
using boost::asio::awaitable;

namespace {

// Threads for blocking work that is not SQL: file reads, image decoding.
constexpr std::size_t kBlockingThreads = 2;
constexpr std::size_t kSigningKeyBytes = 32;
// argon2id takes 64 MiB per hash: two at a time bounds login memory at 128 MiB (1 GB hosts).
constexpr std::size_t kPasswordThreads = 2;
// 2 MiB of SQLite page cache per connection, not the platform's 16: VizTube's writes are
// small (views come in batches) and its reads go through the memory map and the read cache,
// so the larger cache only added ~50 MiB of heap under load on a host that has 1 GB.
constexpr platform::store::DatabaseOptions kDatabaseOptions{.sqlite_cache_kib = 2048};

platform::store::MigrationReport ApplyMigrations(platform::store::Database& db) {
  return platform::app::ApplyMigrations(db, EmbeddedMigrations());
}

constexpr std::string_view kExpireUploadsQueue = "viztube.uploads.expire";

// The next sweep of expired uploads, unless one is already waiting.
void ScheduleUploadSweep(platform::store::Database& db, std::chrono::seconds delay) {
  db.TransactBlocking([&](platform::store::Connection& c) {
    platform::jobs::EnqueueUnlessQueued(c, kExpireUploadsQueue, "{}",
                                        {.max_attempts = 1, .delay = delay});
  });
}

// GET /api/v2/healthcheck: the contract's own health route, in the envelope.
void AddHealthRoute(net::Router& router, platform::store::Database& db) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v2/healthcheck",
              .handler = [&db](net::Request&) -> awaitable<net::Response> {
                bool up = true;
                try {
                  co_await db.Read([](platform::store::Connection& c) { c.Query("SELECT 1"); });
                } catch (const std::exception&) {
                  up = false;
                }
                co_return api::Ok(up ? 200 : 503,
                                  boost::json::object{{"status", up ? "ok" : "degraded"},
                                                      {"database", up ? "up" : "down"}},
                                  up ? "healthy" : "the database does not answer");
              },
              .summary = "Health: the process and its database"});
}

// Hits, misses and size of a read cache, read at scrape time.
void AddCacheGauges(net::Metrics& metrics, const std::string& name,
                    std::function<platform::cache::CacheStats()> stats) {
  metrics.AddGauge(name + "_hits", "reads served from the cache",
                   [stats] { return static_cast<double>(stats().hits); });
  metrics.AddGauge(name + "_misses", "reads that went to the database",
                   [stats] { return static_cast<double>(stats().misses); });
  metrics.AddGauge(name + "_bytes", "bytes held",
                   [stats] { return static_cast<double>(stats().bytes); });
}

}  // namespace

int Serve(const AppConfig& config) {
  const auto started = std::chrono::steady_clock::now();
  platform::log::Init(config.log_level);
  platform::CreatePrivateDirectory(config.data_dir);
  const std::string jwt_secret =
      config.jwt_secret.empty()
          ? platform::LoadOrCreateSecret(config.data_dir, "jwt-signing-key", kSigningKeyBytes)
          : config.jwt_secret;
  const users::WebPolicy web{.secure_cookies = config.cookie_secure,
                             .allowed_origins = config.cors_origins};

  auto backplane = platform::app::ConnectBackplane(config, Service());
  // The guard reaches the users service, made once the database is open, through this pointer.
  users::UsersService* users_service = nullptr;
  net::Router router;  // declared first: destroyed last (the pools post into its loops)
  net::Metrics metrics;
  net::HttpServer server({.host = config.listen_host,
                          .port = config.listen_port,
                          .threads = config.threads,
                          .max_connections = config.max_connections,
                          .max_connections_per_address = config.max_connections_per_address,
                          .trusted_proxies = config.trusted_proxies,
                          .cors_origins = config.cors_origins,
                          .access_log = config.access_log,
                          .guard =
                              [&users_service, web](net::Request& request) {
                                return users::GuardRequest(*users_service, web, request);
                              },
                          .render_error = api::RenderError,
                          .rate_limiter = backplane.rate_limiter,
                          .caller_key = users::CallerKey},
                         router, metrics);

  auto db = platform::app::OpenDatabase(config, kDatabaseOptions);
  const auto report = ApplyMigrations(*db);
  platform::WorkerPool blocking(kBlockingThreads);
  platform::WorkerPool password_pool(kPasswordThreads);
  const auto blobs = platform::blob::OpenBlobStore(config.storage_url);
  platform::identity::Accounts accounts(*db, password_pool);
  const platform::identity::Sessions sessions(jwt_secret, users::kSessionPolicy);
  platform::identity::SessionCache session_cache;
  // Cached reads of videos (with their owners), kept fresh across instances over the bus.
  platform::cache::Freshness video_reads;
  const auto shared_reads =
      platform::cache::ShareInvalidations(video_reads, *backplane.bus, "cache:videos");
  platform::cache::ReadCache<std::string> video_list_pages(
      video_reads, {.max_bytes = videos::kListCacheBytes, .ttl = videos::kReadCacheTtl});
  // Cached channel pages, the same way.
  platform::cache::Freshness channel_reads;
  const auto shared_channel_reads =
      platform::cache::ShareInvalidations(channel_reads, *backplane.bus, "cache:channels");
  users::UsersService users(*db, *blobs, blocking, accounts, sessions, session_cache,
                            {&video_reads, &channel_reads});
  users_service = &users;
  users::PasswordReset password_reset(*db, accounts, sessions, session_cache, config.Mail());
  users::EmailVerification email_verification(*db, config.Mail());
  videos::ViewWriter view_writer(*db, videos::WriteViews, {.name = "views"});
  videos::VideosService videos_service(*db, *blobs, blocking, view_writer, video_reads,
                                       {.max_duration_seconds = config.max_video_seconds});
  // Its own key, derived so that instances sharing the JWT secret sign the same links.
  const videos::MediaLinks media_links(
      platform::auth::HmacSha256("viztube media links", jwt_secret));
  likes::LikesService likes_service(*db, video_reads);
  subscriptions::SubscriptionsService subscriptions_service(*db, channel_reads);
  comments::CommentsService comments_service(*db);
  tweets::TweetsService tweets_service(*db);
  playlists::PlaylistsService playlists_service(*db, media_links);
  captions::CaptionsService captions_service(*db, *blobs, blocking);
  platform::uploads::ResumableUploads resumable_uploads(
      *db, *blobs, blocking,
      videos::VideoUploadOptions(config.data_dir / "uploads",
                                 std::chrono::seconds(config.upload_expiry_seconds),
                                 config.limits.uploads_per_user));
  const videos::VideoRoutesContext video_context{
      .videos = videos_service,
      .blobs = *blobs,
      .pool = blocking,
      .links = media_links,
      .list_pages = video_list_pages,
      .resumable = resumable_uploads,
      .uploads_per_user = config.limits.uploads_per_user,
      .is_liked =
          [&likes_service](const std::string& user_id, const std::string& video_id) {
            return likes_service.IsLiked(user_id, video_id);
          },
      .subtitles_of =
          [&captions_service, &media_links](const std::string& video_id) {
            return captions_service.Subtitles(video_id, media_links);
          }};

  platform::app::AddMetaRoutes(router, *db, metrics,
                               {.api_title = "VizTube API",
                                .version = VIZTUBE_VERSION,
                                .openapi_path = "/api/v2/openapi.json",
                                .version_path = "/api/v2/version",
                                .schema_version = report.current_version,
                                .installation_id = platform::app::InstallationId(*db),
                                .roles = config.roles});
  if (config.HasRole("api")) {
    AddHealthRoute(router, *db);
    users::AddUserRoutes(router, {.users = users,
                                  .verification = email_verification,
                                  .blobs = *blobs,
                                  .pool = blocking,
                                  .limiter = *backplane.rate_limiter,
                                  .limits = config.limits,
                                  .web = web});
    users::AddPasswordResetRoutes(router, password_reset);
    users::AddEmailVerificationRoutes(router, email_verification);
    videos::AddVideoRoutes(router, video_context);
    resumable_uploads.AddRoutes(router);
    videos::AddMediaRoutes(router, video_context);
    captions::AddCaptionRoutes(
        router,
        {.captions = captions_service, .blobs = *blobs, .pool = blocking, .links = media_links});
    subscriptions::AddSubscriptionRoutes(router, subscriptions_service);
    comments::AddCommentRoutes(router, comments_service, config.limits.comments_per_user);
    tweets::AddTweetRoutes(router, tweets_service, config.limits.tweets_per_user);
    likes::AddLikeRoutes(router, likes_service, media_links, config.limits.likes_per_user);
    playlists::AddPlaylistRoutes(router, playlists_service);
    dashboard::AddDashboardRoutes(router,
                                  {.db = *db, .videos = videos_service, .links = media_links});
    platform::app::AddWebApps(
        router, blocking,
        {{.mount = "",
          .dist = config.web_dir / "viztube" / "dist",
          .name = "VizTube web app",
          .not_built_html = platform::app::NotBuiltPage("VizTube", "/api/v2/openapi.json")}});
  }
  // Transcoding, on instances that run workers: durable jobs, FFmpeg in its own process.
  const transcoding::Transcoder transcoder({.memory_bytes = config.transcode_memory_bytes,
                                            .max_duration_seconds = config.max_video_seconds});
  transcoding::TranscodeJobs transcode_jobs(*db, *blobs, video_reads, transcoder);
  std::optional<platform::jobs::Runner> runner;
  std::unique_ptr<platform::jobs::Runner> mail_runner;  // with --smtp
  // Abandoned uploads are swept a few times per expiry period (at most every 15 minutes).
  const auto sweep_every = std::clamp(std::chrono::seconds(config.upload_expiry_seconds / 4),
                                      std::chrono::seconds(1), std::chrono::seconds(15 * 60));
  if (config.HasRole("worker")) {
    using platform::jobs::Job;
    runner.emplace(
        *db,
        std::map<std::string, platform::jobs::QueueWork>{
            {std::string(transcoding::kTranscodeQueue),
             {.run = [&transcode_jobs](const Job& job) { transcode_jobs.Run(job); },
              .given_up = [&transcode_jobs](
                              const Job& job,
                              const std::string& reason) { transcode_jobs.GiveUp(job, reason); }}},
            {std::string(kExpireUploadsQueue),
             platform::jobs::Recurring(
                 [&resumable_uploads] { resumable_uploads.RemoveExpired(); },
                 [&db, sweep_every] { ScheduleUploadSweep(*db, sweep_every); })}},
        platform::jobs::RunnerOptions{.threads = config.transcode_jobs,
                                      .lease = std::chrono::seconds(config.job_lease_seconds),
                                      .instance = platform::app::InstanceName(config)});
    mail_runner =
        platform::mail::StartMailRunner(*db, config.smtp, platform::app::InstanceName(config));
    videos_service.OnEnqueued([&runner] { runner->Wake(); });
    ScheduleUploadSweep(*db, std::chrono::seconds(0));
  }
  // Stopped before the runner joins its threads: a conversion ends now, and is retried by
  // the next start.
  struct StopTranscodes {
    transcoding::TranscodeJobs& jobs;
    ~StopTranscodes() { jobs.Stop(); }
  } const stop_transcodes{transcode_jobs};
  const platform::app::RuntimeMetrics runtime_metrics(metrics, *db, *backplane.bus,
                                                      runner ? &*runner : nullptr);
  metrics.AddGauge("viztube_transcodes_completed", "transcode jobs finished by this instance",
                   [&runner] { return runner ? static_cast<double>(runner->completed()) : 0.0; });
  AddCacheGauges(metrics, "viztube_video_list_cache", [&] { return video_list_pages.stats(); });
  AddCacheGauges(metrics, "viztube_video_cache", [&] { return videos_service.CacheStats(); });
  AddCacheGauges(metrics, "viztube_channel_cache",
                 [&] { return subscriptions_service.CacheStats(); });
  metrics.Bind(router);
  return platform::app::ServeUntilSignal(
      server, config, Service(), *db,
      {.started = started, .schema_version = report.current_version});
}

int Migrate(const AppConfig& config) {
  auto db = platform::app::OpenDatabase(config, kDatabaseOptions);
  return platform::app::PrintMigrationReport(ApplyMigrations(*db));
}

}  // namespace viztube
