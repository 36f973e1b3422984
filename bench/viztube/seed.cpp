// The seeded catalogue of issue 17's benchmark, written straight into a VizTube database (no
// HTTP: registering 1,000 users through argon2id and probing 10,000 uploads would time the
// seeding, not the reads). Defaults: 1,000 users, 10,000 videos, 100,000 comments and 200,000
// likes (three in four on videos, the rest on comments), counters and totals consistent with
// the rows, as the server keeps them. Every user signs in with `bench-password`; the first is
// `user0`. Prints the ids of the first published videos, one per line, for wrk to rotate over.
//
//   viztube-seed --database URL [--users N] [--videos N] [--comments N] [--likes N]
//                [--print-videos N]

#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "platform/app/database.hpp"
#include "platform/auth/password.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"
#include "platform/store/sql_builder.hpp"
#include "viztube/migrations.hpp"

namespace {

using platform::store::Connection;
using platform::store::InsertRows;
using platform::store::Value;

constexpr std::int64_t kDayMs = 24LL * 3600 * 1000;

const char* const kWords[] = {"travel",   "cooking", "guitar",     "lesson", "review", "city",
                              "night",    "river",   "mountain",   "street", "music",  "live",
                              "tutorial", "cpp",     "coroutines", "vlog",   "garden", "bread",
                              "chess",    "opening", "timelapse",  "drone",  "winter", "summer"};

std::string Words(std::mt19937_64& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i) out += ' ';
    out += kWords[rng() % std::size(kWords)];
  }
  return out;
}

std::int64_t Flag(int argc, char** argv, const std::string& name, std::int64_t fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (argv[i] == name) return std::stoll(argv[i + 1]);
  }
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  std::string database;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--database") database = argv[i + 1];
  }
  if (database.empty()) {
    std::fprintf(stderr, "usage: viztube-seed --database URL [--users N] ...\n");
    return 2;
  }
  const auto users = Flag(argc, argv, "--users", 1000);
  const auto videos = Flag(argc, argv, "--videos", 10000);
  const auto comments = Flag(argc, argv, "--comments", 100000);
  const auto likes = Flag(argc, argv, "--likes", 200000);
  const auto print_videos = Flag(argc, argv, "--print-videos", 1000);
  platform::log::Init(platform::log::Level::kWarn);
  auto db = platform::store::Database::Open(database, {.pool_size = 1});
  platform::app::ApplyMigrations(*db, viztube::EmbeddedMigrations());

  const auto started = std::chrono::steady_clock::now();
  std::mt19937_64 rng(17);
  const std::int64_t now = platform::NowMillis();
  const std::string password_hash = platform::auth::HashPassword("bench-password");

  std::vector<std::string> user_ids, video_ids, comment_ids;
  for (std::int64_t i = 0; i < users; ++i) user_ids.push_back(platform::NewId());
  for (std::int64_t i = 0; i < videos; ++i) video_ids.push_back(platform::NewId());
  for (std::int64_t i = 0; i < comments; ++i) comment_ids.push_back(platform::NewId());

  // Likes and the comments' videos first, so the counters go into the rows they describe.
  std::vector<std::int64_t> comment_video(comments), video_comments(videos);
  for (auto& video : comment_video) {
    video = static_cast<std::int64_t>(rng() % videos);
    ++video_comments[video];
  }
  std::vector<std::int64_t> video_likes(videos), comment_likes(comments);
  std::vector<Value> like_rows;
  std::unordered_set<std::uint64_t> taken;
  const std::int64_t on_videos = likes * 3 / 4;
  for (std::int64_t n = 0; n < likes;) {
    const bool video = n < on_videos;
    const std::uint64_t user = rng() % users, target = rng() % (video ? videos : comments);
    if (!taken.insert((video ? 1ULL << 63 : 0) | (target << 20) | user).second) continue;
    ++(video ? video_likes : comment_likes)[target];
    like_rows.insert(like_rows.end(), {platform::NewId(), user_ids[user],
                                       video ? Value(video_ids[target]) : Value(std::monostate{}),
                                       video ? Value(std::monostate{}) : Value(comment_ids[target]),
                                       now - static_cast<std::int64_t>(rng() % (30 * kDayMs))});
    ++n;
  }

  std::vector<Value> account_rows, user_rows, video_rows, comment_rows, total_rows;
  for (std::int64_t i = 0; i < users; ++i) {
    const std::int64_t at = now - 400 * kDayMs + i;
    const std::string name = "user" + std::to_string(i);
    account_rows.insert(account_rows.end(),
                        {user_ids[i], name + "@bench.example", name, password_hash, at, at});
    user_rows.insert(user_rows.end(), {user_ids[i], "Bench User " + std::to_string(i),
                                       "users/" + user_ids[i] + "/avatar.webp", at, at});
  }
  std::map<std::string, std::int64_t> totals;
  for (std::int64_t i = 0; i < videos; ++i) {
    const std::string& owner = user_ids[rng() % users];
    const bool published = rng() % 20 != 0;
    const std::int64_t at = now - static_cast<std::int64_t>(rng() % (365 * kDayMs));
    const std::string prefix = "videos/" + video_ids[i] + "/";
    video_rows.insert(
        video_rows.end(),
        {video_ids[i], owner, Words(rng, 4), Words(rng, 30), prefix + "video.mp4",
         std::string("video/mp4"), static_cast<std::int64_t>(5'000'000 + rng() % 90'000'000),
         prefix + "thumbnail.webp", 30.0 + static_cast<double>(rng() % 3600), std::int64_t{1920},
         std::int64_t{1080}, std::string("h264"), std::string("ready"),
         std::int64_t{published ? 1 : 0}, static_cast<std::int64_t>(rng() % 1'000'000),
         video_likes[i], video_comments[i], at, at});
    ++totals["all:" + owner];
    if (published) {
      ++totals["published"];
      ++totals["published:" + owner];
    }
  }
  for (const auto& [key, count] : totals) total_rows.insert(total_rows.end(), {key, count});
  for (std::int64_t i = 0; i < comments; ++i) {
    const std::int64_t at = now - static_cast<std::int64_t>(rng() % (300 * kDayMs));
    comment_rows.insert(comment_rows.end(),
                        {comment_ids[i], video_ids[comment_video[i]], user_ids[rng() % users],
                         Words(rng, 12), comment_likes[i], at, at});
  }

  db->TransactBlocking([&](Connection& c) {
    InsertRows(
        c,
        "INSERT INTO accounts (id, email, username, password_hash, created_at, updated_at) VALUES ",
        6, account_rows);
    InsertRows(c, "INSERT INTO users (id, fullname, avatar, created_at, updated_at) VALUES ", 5,
               user_rows);
    InsertRows(c,
               "INSERT INTO videos (id, owner_id, title, description, video_file, mime_type, size, "
               "thumbnail, duration, width, height, codec, status, is_published, views, "
               "likes_count, comments_count, created_at, updated_at) VALUES ",
               19, video_rows);
    InsertRows(c, "INSERT INTO video_totals (key, count) VALUES ", 2, total_rows);
    InsertRows(c,
               "INSERT INTO comments (id, video_id, owner_id, content, likes_count, created_at, "
               "updated_at) VALUES ",
               7, comment_rows);
    InsertRows(c, "INSERT INTO likes (id, user_id, video_id, comment_id, created_at) VALUES ", 5,
               like_rows);
  });
  // Fresh statistics, as a catalogue that grew over time would have.
  db->ReadBlocking([](Connection& c) { c.ExecuteScript("ANALYZE"); });
  std::fprintf(stderr, "seeded %lld users, %lld videos, %lld comments, %lld likes in %.1f s\n",
               static_cast<long long>(users), static_cast<long long>(videos),
               static_cast<long long>(comments), static_cast<long long>(likes),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  db->ReadBlocking([&](Connection& c) {
    const auto rows =
        c.Query("SELECT id FROM videos WHERE is_published = 1 ORDER BY created_at DESC LIMIT $1",
                {print_videos});
    for (const auto& row : rows) std::printf("%s\n", row.Text(0).c_str());
  });
  db.reset();
  platform::log::Shutdown();
  return 0;
}
