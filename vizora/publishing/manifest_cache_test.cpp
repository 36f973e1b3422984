// ManifestCache: what is served, what a push compares against, and what an invalidation
// (from this instance or another) makes stale, including a computation that finishes after
// the invalidation it raced with.

#include "vizora/publishing/manifest_cache.hpp"

#include <gtest/gtest.h>

namespace vizora::publishing {
namespace {

constexpr std::int64_t kHour = 3'600'000;
const std::string kOrg = "org";

devices::SharedManifest ManifestOf(const std::string& playlist, std::int64_t computed_at) {
  return devices::MakeManifest(devices::Versioned({{"timeline", boost::json::array{}},
                                                   {"playlists", boost::json::array{playlist}},
                                                   {"content", boost::json::array{}}}),
                               computed_at);
}

ManifestsByDevice Screens(const devices::SharedManifest& m,
                          std::initializer_list<const char*> ids) {
  ManifestsByDevice out;
  for (const char* id : ids) out.emplace(id, m);
  return out;
}

TEST(ManifestCache, ServesTheScreensOfItsHourOnly) {
  ManifestCache cache;
  const auto m = ManifestOf("a", 100);
  EXPECT_TRUE(cache.Store(kOrg, kHour, 100, Screens(m, {"s1", "s2"})).stored);
  EXPECT_EQ(cache.Find(kOrg, "s1", kHour), m);
  EXPECT_EQ(cache.Find(kOrg, "s3", kHour), nullptr) << "a screen it did not know";
  EXPECT_EQ(cache.Find(kOrg, "s1", 2 * kHour), nullptr) << "the next hour needs new manifests";
  EXPECT_EQ(cache.Find("other", "s1", kHour), nullptr);
}

TEST(ManifestCache, AStoreReturnsWhatItReplacedWithinTheHour) {
  ManifestCache cache;
  const auto first = ManifestOf("a", 100);
  EXPECT_FALSE(cache.Store(kOrg, kHour, 100, Screens(first, {"s1"})).previous);
  auto second = cache.Store(kOrg, kHour, 200, Screens(ManifestOf("b", 200), {"s1"}));
  ASSERT_TRUE(second.previous);
  EXPECT_EQ(second.previous->at("s1"), first);
  EXPECT_FALSE(cache.Store(kOrg, 2 * kHour, 300, Screens(first, {"s1"})).previous)
      << "another hour's manifests tell nothing about what changed";
}

TEST(ManifestCache, AnOlderComputationNeverReplacesANewerOne) {
  ManifestCache cache;
  const auto newer = ManifestOf("b", 200);
  cache.Store(kOrg, kHour, 200, Screens(newer, {"s1"}));
  EXPECT_FALSE(cache.Store(kOrg, kHour, 100, Screens(ManifestOf("a", 100), {"s1"})).stored);
  EXPECT_EQ(cache.Find(kOrg, "s1", kHour), newer);
}

TEST(ManifestCache, AnInvalidationDropsWhatCameBeforeItAndRefusesLateComputations) {
  ManifestCache cache;
  cache.Store(kOrg, kHour, 100, Screens(ManifestOf("a", 100), {"s1"}));
  cache.Invalidate(kOrg, 150);
  EXPECT_EQ(cache.Find(kOrg, "s1", kHour), nullptr);
  // A computation that read the database before the change, finishing after its news.
  EXPECT_FALSE(cache.Store(kOrg, kHour, 120, Screens(ManifestOf("a", 120), {"s1"})).stored);
  EXPECT_EQ(cache.Find(kOrg, "s1", kHour), nullptr);
  const auto fresh = ManifestOf("b", 150);
  EXPECT_TRUE(cache.Store(kOrg, kHour, 150, Screens(fresh, {"s1"})).stored);
  cache.Invalidate(kOrg, 150);  // the pusher hearing its own news keeps what it computed
  EXPECT_EQ(cache.Find(kOrg, "s1", kHour), fresh);
}

TEST(ManifestCache, OneScreenIsAddedOnlyToAnEntryNoNewerThanIt) {
  ManifestCache cache;
  cache.Add(kOrg, "s9", kHour, ManifestOf("a", 100));
  EXPECT_EQ(cache.Find(kOrg, "s9", kHour), nullptr) << "no entry to add to";
  cache.Store(kOrg, kHour, 100, Screens(ManifestOf("a", 100), {"s1"}));
  const auto late = ManifestOf("a", 150);
  cache.Add(kOrg, "s9", kHour, late);
  EXPECT_EQ(cache.Find(kOrg, "s9", kHour), late);
  cache.Add(kOrg, "s8", kHour, ManifestOf("a", 50));
  EXPECT_EQ(cache.Find(kOrg, "s8", kHour), nullptr) << "computed before the entry";
}

TEST(ManifestCache, HoldsAtMostItsOrganizationsDroppingTheOldest) {
  ManifestCache cache(2);
  cache.Store("o1", kHour, 100, Screens(ManifestOf("a", 100), {"s"}));
  cache.Store("o2", kHour, 200, Screens(ManifestOf("a", 200), {"s"}));
  cache.Store("o3", kHour, 300, Screens(ManifestOf("a", 300), {"s"}));
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Find("o1", "s", kHour), nullptr);
  EXPECT_NE(cache.Find("o3", "s", kHour), nullptr);
}

TEST(ManifestCache, AFrameStartsWithItsTypeAndVersion) {
  const auto m = ManifestOf("a", 1);
  EXPECT_EQ(m->frame->rfind(R"({"type":"manifest","version":")" + m->version + "\"", 0), 0u);
  EXPECT_FALSE(m->body.contains("type"));
}

}  // namespace
}  // namespace vizora::publishing
