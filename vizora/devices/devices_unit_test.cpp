#include <gtest/gtest.h>

#include <set>

#include "platform/core/ids.hpp"
#include "vizora/devices/device_hub.hpp"
#include "vizora/devices/device_messages.hpp"
#include "vizora/devices/manifest.hpp"
#include "vizora/devices/model.hpp"
#include "vizora/devices/pairing_code.hpp"

namespace vizora::devices {
namespace {

TEST(PairingCode, SixCharactersWithoutLookAlikes) {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    const std::string code = NewPairingCode();
    ASSERT_EQ(code.size(), 6u);
    EXPECT_EQ(code.find_first_of("01OI"), std::string::npos) << code;
    EXPECT_EQ(NormalizePairingCode(code), code);
    seen.insert(code);
  }
  EXPECT_GT(seen.size(), 1990u);  // 32^6 codes: collisions are rare
}

TEST(PairingCode, NormalizesCaseAndRefusesWhatCannotBeACode) {
  EXPECT_EQ(NormalizePairingCode("abc234"), "ABC234");
  EXPECT_FALSE(NormalizePairingCode("ABC23"));
  EXPECT_FALSE(NormalizePairingCode("ABC2345"));
  EXPECT_FALSE(NormalizePairingCode("ABC10O"));  // 1, 0 and O are never issued
  EXPECT_FALSE(NormalizePairingCode("ABC 23"));
  EXPECT_FALSE(NormalizePairingCode(""));
}

TEST(PairingCode, QrCodeIsAnSvgDataUrl) {
  const std::string url = QrCodeDataUrl("http://localhost:8080/pair?code=ABC234");
  const std::string prefix = "data:image/svg+xml;base64,";
  ASSERT_TRUE(url.starts_with(prefix));
  // Standard base64 of an SVG document ("<svg " encodes to "PHN2Zy").
  EXPECT_TRUE(url.substr(prefix.size()).starts_with("PHN2Zy"));
  EXPECT_GT(url.size(), 500u);
}

TEST(DeviceMessages, RoundTrip) {
  DeviceMessage send{.op = DeviceMessage::Op::kSend,
                     .frame = R"({"type":"command","x":"\"quoted\""})",
                     .device_ids = {"a", "b"}};
  auto decoded = DecodeDeviceMessage(Encode(send));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->op, DeviceMessage::Op::kSend);
  EXPECT_EQ(decoded->frame, send.frame);
  EXPECT_EQ(decoded->device_ids, send.device_ids);
  EXPECT_FALSE(decoded->all);

  DeviceMessage close{
      .op = DeviceMessage::Op::kClose, .device_ids = {"d"}, .code = 4409, .keep = "k"};
  decoded = DecodeDeviceMessage(Encode(close));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->op, DeviceMessage::Op::kClose);
  EXPECT_EQ(decoded->code, 4409);
  EXPECT_EQ(decoded->keep, "k");

  DeviceMessage manifest{.op = DeviceMessage::Op::kSend,
                         .frame = "{}",
                         .all = true,
                         .manifest_version = "abc",
                         .computed_at = 1234};
  decoded = DecodeDeviceMessage(Encode(manifest));
  ASSERT_TRUE(decoded);
  EXPECT_TRUE(decoded->all);
  EXPECT_EQ(decoded->manifest_version, "abc");
  EXPECT_EQ(decoded->computed_at, 1234);
  EXPECT_TRUE(DecodeDeviceMessage(Encode(send))->manifest_version.empty()) << "a command";

  EXPECT_FALSE(DecodeDeviceMessage("not json"));
  EXPECT_FALSE(DecodeDeviceMessage(R"({"op":"send"})"));
}

TEST(DeviceConnection, TakesEachManifestOnceAndNeverAnOlderComputation) {
  DeviceConnection c;
  EXPECT_TRUE(c.Offer("v1", 100));
  EXPECT_FALSE(c.Offer("v1", 200)) << "the version it holds";
  EXPECT_FALSE(c.Offer("v0", 50)) << "computed before what it holds: a push won the race";
  EXPECT_TRUE(c.Offer("v2", 300));
  EXPECT_TRUE(c.Offer("v1", 300)) << "back to an earlier version, computed later";
}

TEST(DeviceStatus, OnlineDevicesThatWentSilentAreOffline) {
  Device d{.status = "online", .last_heartbeat = 1'000'000};
  EXPECT_EQ(EffectiveStatus(d, 1'000'000 + kPresumedOfflineAfterMs), "online");
  EXPECT_EQ(EffectiveStatus(d, 1'000'001 + kPresumedOfflineAfterMs), "offline");
  d.status = "pairing";
  EXPECT_EQ(EffectiveStatus(d, 0), "pairing");
}

TEST(Manifest, VersionDependsOnContentOnly) {
  const auto a = EmptyManifest();
  const auto b = EmptyManifest();
  EXPECT_EQ(a.at("version"), b.at("version"));
  auto changed = a;
  changed["timeline"].as_array().push_back(1);
  EXPECT_NE(Versioned(changed).at("version"), a.at("version"));
}

}  // namespace
}  // namespace vizora::devices
