#include "vizora/app/serve.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <iostream>
#include <map>
#include <optional>

#include "platform/app/backplane.hpp"
#include "platform/app/database.hpp"
#include "platform/app/meta_routes.hpp"
#include "platform/app/run.hpp"
#include "platform/app/runtime_metrics.hpp"
#include "platform/auth/hmac.hpp"
#include "platform/blob/blob_store.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/secrets.hpp"
#include "platform/jobs/job_runner.hpp"
#include "platform/mail/mail_queue.hpp"
#include "platform/net/server.hpp"
#include "platform/net/socket_deadlines.hpp"
#include "vizora/analytics/analytics_routes.hpp"
#include "vizora/analytics/retention.hpp"
#include "vizora/app/database.hpp"
#include "vizora/app/routes.hpp"
#include "vizora/billing/billing_mail.hpp"
#include "vizora/billing/billing_routes.hpp"
#include "vizora/billing/trial_reminders.hpp"
#include "vizora/content/blob_collector.hpp"
#include "vizora/content/content_routes.hpp"
#include "vizora/content/feed_fetcher.hpp"
#include "vizora/content/processor.hpp"
#include "vizora/devices/device_gateway.hpp"
#include "vizora/devices/device_messages.hpp"
#include "vizora/devices/device_routes.hpp"
#include "vizora/identity/accounts_routes.hpp"
#include "vizora/identity/identity_routes.hpp"
#include "vizora/identity/invitations_routes.hpp"
#include "vizora/notifications/notifications_routes.hpp"
#include "vizora/notifications/offline_alerts.hpp"
#include "vizora/notifications/weekly_summary.hpp"
#include "vizora/playlists/playlist_routes.hpp"
#include "vizora/publishing/manifests.hpp"
#include "vizora/publishing/publishing_routes.hpp"
#include "vizora/publishing/tick.hpp"
#include "vizora/realtime/dashboard_events.hpp"
#include "vizora/realtime/dashboard_socket.hpp"
#include "vizora/scheduling/schedule_routes.hpp"

namespace vizora {

namespace net = platform::net;
namespace store = platform::store;
namespace log = platform::log;

namespace {

// Threads for blocking work that is not SQL (file reads; later hashing and media).
constexpr std::size_t kBlockingThreads = 4;
constexpr std::size_t kSigningKeyBytes = 32;
// argon2id takes 64 MiB per hash: two at a time bounds login memory at 128 MiB.
constexpr std::size_t kPasswordThreads = 2;
// Media jobs (decoding, rendering) at a time: each may hold a few hundred MB.
constexpr std::size_t kJobThreads = 2;

}  // namespace

int Serve(const AppConfig& config) {
  const auto started = std::chrono::steady_clock::now();
  log::Init(config.log_level);
  platform::CreatePrivateDirectory(config.data_dir);

  std::string jwt_secret = config.jwt_secret;
  if (jwt_secret.empty()) {
    jwt_secret = platform::LoadOrCreateSecret(config.data_dir, "jwt-signing-key", kSigningKeyBytes);
  }
  // The guard needs the identity and device services, which need the database, which is
  // opened after the server exists (see below): it reaches them through these pointers, set
  // before the server starts.
  identity::IdentityService* identity_service = nullptr;
  devices::DevicesService* devices_service = nullptr;
  analytics::ApiLogWriter* api_log = nullptr;  // the same: made once the database is open
  // Rate limits and the bus live in Redis when instances share one (so N instances enforce
  // one limit and reach each other's sockets), else in this process.
  auto backplane = platform::app::ConnectBackplane(config, Service());
  auto& rate_limiter = backplane.rate_limiter;
  auto& bus = backplane.bus;
  // Declared first so it is destroyed last: the pools below post completions into its
  // io_context, so they must be joined before it goes.
  net::Router router;
  net::Metrics metrics;
  net::HttpServer server(
      {.host = config.listen_host,
       .port = config.listen_port,
       .threads = config.threads,
       .max_connections = config.max_connections,
       .max_connections_per_address = config.max_connections_per_address,
       .trusted_proxies = config.trusted_proxies,
       .cors_origins = config.cors_origins,
       .access_log = config.access_log,
       .guard =
           [&identity_service, &devices_service](net::Request& request) {
             if (request.route->access == "device") {
               return devices::GuardDevice(*devices_service, request);
             }
             return identity::GuardRequest(*identity_service, request);
           },
       .on_request =
           [&api_log](const net::Request& request, int status, std::int64_t duration_us) {
             if (api_log != nullptr) {
               analytics::LogApiRequest(*api_log, request, status, duration_us);
             }
           },
       .rate_limiter = rate_limiter},
      router, metrics);

  auto db = platform::app::OpenDatabase(config);
  const auto report = ApplyMigrations(*db);
  platform::WorkerPool blocking(kBlockingThreads);
  platform::WorkerPool password_pool(kPasswordThreads);
  AppContext app{.config = config,
                 .db = *db,
                 .blocking = blocking,
                 .metrics = metrics,
                 .schema_version = report.current_version,
                 .installation_id = platform::app::InstallationId(*db),
                 .jwt_secret = std::move(jwt_secret)};
  platform::identity::Accounts credentials(*db, password_pool);
  const platform::identity::Sessions sessions(app.jwt_secret, identity::kSessionPolicy);
  platform::identity::SessionCache session_cache;
  identity::SignUpTerms sign_up_terms;
  if (!config.self_hosted_plan.empty()) {
    sign_up_terms = {.tier = config.self_hosted_plan,
                     .screen_quota = config.self_hosted_screens,
                     .trial = false};
  }
  identity::IdentityService identity(*db, credentials, sessions, session_cache,
                                     config.Mail().from.has_value(), sign_up_terms);
  identity::AccountsService accounts(*db, credentials, sessions, session_cache);
  // Reset links are mailed only with --smtp (which brings --public-url and --mail-from).
  identity::PasswordResetService password_resets(*db, credentials, sessions, session_cache,
                                                 config.Mail());
  identity::InvitationsService invitations(*db, config.Mail());
  identity::EmailVerificationService email_verification(*db, config.Mail());
  // Its own key, derived so that instances sharing the JWT secret sign the same links.
  const notifications::UnsubscribeLinks unsubscribe_links(app.jwt_secret);
  identity_service = &identity;
  devices::DevicesService devices(*db, *bus);
  devices::PairingService pairing(*db, *bus);
  devices_service = &devices;
  devices::DeviceHub device_hub(*bus);
  devices::PresenceWriter presence(*db, devices::WritePresence, {.name = "presence"});
  net::SocketDeadlines device_hellos(devices::kHelloTimeout, devices::device_close::kNoHello,
                                     "no hello within 10 s");
  net::SocketDeadlines dashboard_hellos(realtime::kDashboardHelloTimeout,
                                        devices::device_close::kBadToken, "no hello within 10 s");
  realtime::DashboardHub dashboards(*bus);

  const auto blobs = platform::blob::OpenBlobStore(config.storage_url);
  platform::jobs::Runner* runner_ptr = nullptr;  // set below when this instance runs workers
  content::ContentService content_service(*db, [&runner_ptr] {
    if (runner_ptr != nullptr) runner_ptr->Wake();
  });
  content::ContentProcessor processor(
      *db, *blobs, *bus,
      content::MakeFeedFetch({.allow_private_addresses = config.allow_private_feeds}),
      {.time = std::chrono::seconds(config.conversion_seconds),
       .memory_bytes = config.conversion_memory_bytes});
  // Its own key, derived so that instances sharing the JWT secret share it too.
  const std::string media_key = platform::auth::HmacSha256("vizora media links", app.jwt_secret);
  publishing::Manifests manifests(*db, *bus, media_key);
  manifests.TimePushes(metrics.AddHistogram("manifest_push_seconds",
                                            "From a change (a publish, an edit, a schedule) to its "
                                            "manifests on the bus for the screens."));
  const auto push_manifests = [&manifests](const std::string& organization_id) {
    manifests.Push(organization_id);
  };
  // The bus is at most once: after a Redis outage, screens may have missed pushes, so each
  // instance resends the manifests of the screens it holds, from the database (the truth),
  // and tells its dashboards to read their pages again.
  const platform::bus::Subscription resync_after_outage =
      bus->OnResume([&manifests, &device_hub, &dashboards] {
        manifests.Resync(device_hub.Organizations());
        dashboards.Resync();
      });
  devices.SetChanged(push_manifests);
  content_service.SetChanged(push_manifests);
  playlists::PlaylistsService playlists_service(*db, push_manifests);
  playlists::PlaylistContentUsers playlist_content_users;
  content_service.SetUsers(&playlist_content_users);
  devices.SetPlaylistCheck(playlists::LockPlaylistForUse);
  scheduling::SchedulesService schedules_service(*db, push_manifests);
  scheduling::SchedulePlaylistUsers schedule_playlist_users;
  playlists_service.AddUsers(&schedule_playlist_users);
  // Dashboards hear when a publish's manifests went out (publish:delivered).
  publishing::InstantPublishes instant_publishes(
      *db, [&manifests, &bus](const std::string& organization_id, const std::string& publish_id) {
        manifests.Push(organization_id, [&bus, organization_id, publish_id](std::size_t screens) {
          realtime::PublishToDashboards(*bus, organization_id, "publish:delivered",
                                        {{"publishId", publish_id}, {"screens", screens}});
        });
      });
  publishing::PublishPlaylistUsers publish_playlist_users;
  playlists_service.AddUsers(&publish_playlist_users);
  const devices::ManifestSource manifest_source = [&manifests](const std::string& organization_id,
                                                               const std::string& device_id) {
    return manifests.ForDevice(organization_id, device_id);
  };
  analytics::EventStore events(*db);
  analytics::Reports reports(*db);
  analytics::ApiLogWriter api_log_writer(*db, analytics::WriteApiLogs, {.name = "api_logs"});
  api_log = &api_log_writer;
  const analytics::RetentionOptions retention{.detail_days = config.analytics_detail_days,
                                              .rollup_days = config.analytics_rollup_days};
  std::optional<platform::jobs::Runner> runner;
  std::unique_ptr<platform::jobs::Runner> mail_runner;  // with --smtp
  if (config.HasRole("worker")) {
    using platform::jobs::Job;
    const auto previous_tick = [](const Job& job) -> std::int64_t {
      const auto payload = boost::json::parse(job.payload);
      return payload.as_object().contains("at") ? payload.at("at").as_int64() : 0;
    };
    const auto schedule_tick = [&db](std::int64_t previous) {
      db->TransactBlocking([&](store::Connection& c) {
        publishing::ScheduleTick(c, publishing::kTickEvery, previous);
      });
    };
    std::map<std::string, platform::jobs::QueueWork> work{
        {std::string(content::kProcessQueue),
         {.run = [&processor](const Job& job) { processor.Process(job); },
          .given_up = [&processor](const Job& job,
                                   const std::string& reason) { processor.GiveUp(job, reason); }}},
        {std::string(content::kRefreshFeedQueue),
         {.run = [&processor](const Job& job) { processor.RefreshFeed(job); }}},
        // Recurring jobs queue their next run however this one ends (platform::jobs::Recurring;
        // the tick by hand, as its next run carries the instant this one covered up to).
        {std::string(content::kCollectQueue),
         platform::jobs::Recurring(
             [&db, &blobs] { content::CollectGarbage(*db, *blobs, content::CollectOptions{}); },
             [&db] {
               db->TransactBlocking([](store::Connection& c) {
                 content::ScheduleCollection(c, content::CollectOptions{}.every);
               });
             })},
        {std::string(publishing::kExpiredQueue),
         {.run =
              [&manifests](const Job& job) {
                const auto payload = boost::json::parse(job.payload);
                manifests.PushNow(std::string(payload.at("organizationId").as_string()));
              }}},
        {std::string(publishing::kTickQueue),
         {.run =
              [&db, &manifests, previous_tick, schedule_tick](const Job& job) {
                const std::int64_t now = platform::NowMillis();
                publishing::Tick(*db, manifests, previous_tick(job), now);
                schedule_tick(now);
              },
          // The next tick covers what this one missed.
          .given_up = [previous_tick, schedule_tick](
                          const Job& job,
                          const std::string&) { schedule_tick(previous_tick(job)); }}},
        {std::string(billing::kTrialRemindersQueue),
         platform::jobs::Recurring(
             [&db, mail = config.Mail()] {
               billing::SendTrialReminders(*db, mail, platform::NowMillis());
             },
             [&db] {
               db->TransactBlocking([](store::Connection& c) {
                 billing::ScheduleTrialReminders(c, billing::kTrialRemindersEvery);
               });
             })},
        {std::string(notifications::kOfflineAlertsQueue),
         platform::jobs::Recurring(
             [&db, &unsubscribe_links, mail = config.Mail()] {
               notifications::SendOfflineAlerts(*db, mail, unsubscribe_links,
                                                platform::NowMillis());
             },
             [&db] {
               db->TransactBlocking([](store::Connection& c) {
                 notifications::ScheduleOfflineAlerts(c, notifications::kOfflineAlertsEvery);
               });
             })},
        {std::string(notifications::kWeeklySummaryQueue),
         platform::jobs::Recurring(
             [&db, &unsubscribe_links, mail = config.Mail()] {
               notifications::SendWeeklySummaries(*db, mail, unsubscribe_links,
                                                  platform::NowMillis());
             },
             [&db] {
               db->TransactBlocking([](store::Connection& c) {
                 notifications::ScheduleWeeklySummaries(c, notifications::kWeeklySummaryEvery);
               });
             })},
        {std::string(analytics::kRetentionQueue),
         platform::jobs::Recurring(
             [&db, &retention] {
               analytics::EnforceRetention(*db, retention, platform::NowMillis());
             },
             [&db] {
               db->TransactBlocking([](store::Connection& c) {
                 analytics::ScheduleRetention(c, analytics::kRetentionEvery);
               });
             })}};
    // The first collection a minute after start, the first tick, trial reminders, offline
    // alerts and weekly summaries at once, retention after five minutes; each queues the next.
    db->TransactBlocking([](store::Connection& c) {
      content::ScheduleCollection(c, std::chrono::seconds(60));
      publishing::ScheduleTick(c, std::chrono::seconds(0), 0);
      analytics::ScheduleRetention(c, std::chrono::minutes(5));
      billing::ScheduleTrialReminders(c, std::chrono::seconds(0));
      notifications::ScheduleOfflineAlerts(c, std::chrono::seconds(0));
      notifications::ScheduleWeeklySummaries(c, std::chrono::seconds(0));
    });
    runner.emplace(*db, std::move(work),
                   platform::jobs::RunnerOptions{.threads = kJobThreads,
                                                 .instance = platform::app::InstanceName(config)});
    runner_ptr = &*runner;
    mail_runner =
        platform::mail::StartMailRunner(*db, config.smtp, platform::app::InstanceName(config));
  }

  const platform::app::RuntimeMetrics runtime_metrics(metrics, *db, *bus,
                                                      runner ? &*runner : nullptr);
  platform::app::AddMetaRoutes(router, *db, metrics,
                               {.api_title = "Vizora API",
                                .version = VIZORA_VERSION,
                                .openapi_path = "/api/openapi.json",
                                .version_path = "/api/v1/version",
                                .schema_version = report.current_version,
                                .installation_id = app.installation_id,
                                .roles = config.roles});
  if (config.HasRole("api")) {
    identity::AddIdentityRoutes(router, identity, email_verification,
                                {.secure = config.cookie_secure}, *rate_limiter);
    identity::AddPasswordResetRoutes(router, password_resets);
    identity::AddEmailVerificationRoutes(router, email_verification);
    notifications::AddNotificationRoutes(router, *db, unsubscribe_links);
    identity::AddAccountsRoutes(router, accounts, *db);
    identity::AddInvitationRoutes(router, invitations, identity, {.secure = config.cookie_secure});
    billing::AddBillingRoutes(
        router, *db,
        {.stripe = {.secret_key = config.stripe_secret_key,
                    .webhook_secrets = config.stripe_webhook_secrets,
                    .api_base = config.stripe_api_base},
         .public_url = config.public_url,
         .pool = &blocking,
         .grace_ms = config.billing_grace_days * 24 * 3600 * 1000,
         .payment_failed = billing::PaymentFailedMail(config.Mail(), config.billing_grace_days),
         .standing_changed = push_manifests});
    devices::AddDeviceRoutes(router, devices, pairing,
                             {.public_url = config.public_url, .manifest = manifest_source});
    playlists::AddPlaylistRoutes(router, playlists_service);
    scheduling::AddScheduleRoutes(router, schedules_service);
    publishing::AddPublishingRoutes(router, instant_publishes, *db);
    analytics::AddAnalyticsRoutes(router, events, reports);
    content::UploadLimits limits{.default_bytes = config.upload_limit_bytes,
                                 .per_type = config.upload_limits};
    content::AddContentRoutes(
        router, content_service,
        {.blobs = *blobs, .pool = blocking, .limits = std::move(limits), .media_key = media_key});
  }
  if (config.HasRole("realtime")) {
    devices::AddDeviceSocketRoute(router, {.devices = devices,
                                           .hello_deadlines = device_hellos,
                                           .hub = device_hub,
                                           .presence = presence,
                                           .bus = *bus,
                                           .manifest = manifest_source,
                                           .events = analytics::MakeDeviceEventSink(events)});
    realtime::AddDashboardSocketRoute(router, {.identity = identity,
                                               .hub = dashboards,
                                               .hello_deadlines = dashboard_hellos,
                                               .allowed_origins = config.cors_origins});
  }
  if (config.HasRole("api")) AddWebRoutes(router, app);
  metrics.Bind(router);
  return platform::app::ServeUntilSignal(
      server, config, Service(), *db,
      {.started = started, .schema_version = report.current_version});
}

int Migrate(const AppConfig& config) {
  auto db = platform::app::OpenDatabase(config);
  return platform::app::PrintMigrationReport(ApplyMigrations(*db));
}

}  // namespace vizora
