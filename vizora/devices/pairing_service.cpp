#include "vizora/devices/pairing_service.hpp"

#include <boost/json/serialize.hpp>

#include "platform/auth/tokens.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/log.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/audit/audit_log.hpp"
#include "vizora/billing/plans.hpp"
#include "vizora/devices/detail/rows.hpp"
#include "vizora/devices/pairing_code.hpp"
#include "vizora/identity/audit_entry.hpp"
#include "vizora/realtime/dashboard_events.hpp"
#include "vizora/realtime/topics.hpp"

namespace vizora::devices {

namespace json = boost::json;
using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::store::Connection;

namespace {

const Error kCodeInvalid(errors::kPairingCodeInvalid, "invalid or expired pairing code");
// Codes are drawn at random; a collision with a live code is retried with a new one.
constexpr int kCodeAttempts = 8;
// Requests older than this are deleted when new ones arrive (their devices too, if nobody
// collected them: a screen that never got its token holds no quota).
constexpr std::int64_t kForgetAfterMs = 60 * 60 * 1000;

std::string NicknameFor(const std::string& code) {
  return "Screen " + code;
}

}  // namespace

PairingService::PairingService(platform::store::Database& db, platform::bus::Bus& bus)
    : db_(db), bus_(bus) {}

awaitable<PairingTicket> PairingService::Request(PairingRequestInput input) {
  PairingTicket ticket{.secret = platform::RandomToken(24)};
  const std::string secret_hash = platform::auth::HashToken(ticket.secret);
  const std::string metadata = json::serialize(input.metadata);
  co_await db_.Transact([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    c.Execute(
        "DELETE FROM devices WHERE status = 'pairing' AND token_hash IS NULL AND id IN (SELECT "
        "device_id FROM pairing_requests WHERE claimed_at IS NULL AND expires_at < $1)",
        {now});
    c.Execute("DELETE FROM pairing_requests WHERE expires_at < $1", {now - kForgetAfterMs});
    for (int attempt = 0;; ++attempt) {
      ticket.code = NewPairingCode();
      ticket.expires_at = now + kPairingCodeLifetimeMs;
      // An expired request may hold the code still: a live one never gives it up.
      c.Execute("DELETE FROM pairing_requests WHERE code = $1 AND expires_at < $2",
                {ticket.code, now});
      const auto inserted = c.Execute(
          "INSERT INTO pairing_requests (code, secret_hash, device_identifier, metadata, "
          "remote_address, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
          "ON CONFLICT (code) DO NOTHING",
          {ticket.code, secret_hash, platform::store::Nullable(input.device_identifier), metadata,
           input.remote_address, ticket.expires_at, now});
      if (inserted == 1) return;
      if (attempt + 1 == kCodeAttempts) throw std::runtime_error("no free pairing code");
    }
  });
  co_return ticket;
}

awaitable<Result<PairingStatus>> PairingService::Check(const std::string& code,
                                                       const std::string& secret_hash) {
  const std::int64_t now = platform::NowMillis();
  // Most polls find the request still pending: a read, not a write transaction, and no token.
  struct Found {
    bool valid = false;
    std::optional<std::string> device_id, organization_id;
  };
  const Found found = co_await db_.Read([&](Connection& c) {
    const auto rows = c.Query(
        "SELECT expires_at, device_id, organization_id, claimed_at FROM pairing_requests WHERE "
        "code = $1 AND secret_hash = $2",
        {code, secret_hash});
    // A wrong secret looks exactly like an unknown code.
    if (rows.empty() || rows[0].Int(0) < now || !rows[0].IsNull(3)) return Found{};
    return Found{
        .valid = true, .device_id = rows[0].OptText(1), .organization_id = rows[0].OptText(2)};
  });
  if (!found.valid) co_return kCodeInvalid;
  if (!found.device_id) co_return PairingStatus{};
  std::string token = platform::auth::NewOpaqueToken();
  const std::string token_hash = platform::auth::HashToken(token);
  auto claimed = co_await db_.TransactOrError([&](Connection& c) {
    // Single use even when two polls race: only one of them claims.
    if (c.Execute("UPDATE pairing_requests SET claimed_at = $2 WHERE code = $1 AND claimed_at IS "
                  "NULL",
                  {code, now}) != 1) {
      throw ErrorException(kCodeInvalid);
    }
    c.Execute(
        "UPDATE devices SET token_hash = $2, status = 'offline', paired_at = $3, updated_at = $3 "
        "WHERE id = $1",
        {*found.device_id, token_hash, now});
    return true;
  });
  if (!claimed) co_return claimed.error();
  co_return PairingStatus{.paired = true,
                          .device_id = *found.device_id,
                          .organization_id = *found.organization_id,
                          .device_token = std::move(token)};
}

awaitable<Result<PairingStatus>> PairingService::Status(std::string code, std::string secret,
                                                        std::chrono::seconds wait) {
  const auto normalized = NormalizePairingCode(code);
  if (!normalized || secret.empty() || secret.size() > 128) co_return kCodeInvalid;
  const std::string secret_hash = platform::auth::HashToken(secret);
  if (wait.count() <= 0) co_return co_await Check(*normalized, secret_hash);
  // Listen before looking, so a completion between the look and the wait still wakes us.
  auto signal = co_await platform::bus::Signal::Listen(bus_, realtime::PairingTopic(*normalized));
  auto first = co_await Check(*normalized, secret_hash);
  if (!first || first->paired) co_return first;
  co_await signal->Wait(std::min(wait, kMaxPairingWait));
  co_return co_await Check(*normalized, secret_hash);
}

awaitable<Result<Device>> PairingService::Complete(const identity::Principal& who,
                                                   PairingCompletion input,
                                                   identity::RequestMeta meta) {
  const auto code = NormalizePairingCode(input.code);
  if (!code) co_return kCodeInvalid;
  const std::string device_id = platform::NewId();
  auto device = co_await db_.TransactOrError([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    // Locks the organization row (PostgreSQL; SQLite has one writer): two completions cannot
    // both see the last free screen. The screens it may have now: its quota, or the free
    // plan's once a trial or a grace period is over.
    const billing::Entitlement entitlement = billing::LockEntitlement(c, who.organization_id, now);
    const std::int64_t quota = entitlement.screens;
    const auto request = c.Query(
        "SELECT device_identifier, metadata FROM pairing_requests WHERE code = $1 AND "
        "expires_at >= $2 AND device_id IS NULL",
        {*code, now});
    if (request.empty()) throw ErrorException(kCodeInvalid);
    const std::int64_t used =
        c.Query("SELECT COUNT(*) FROM devices WHERE organization_id = $1", {who.organization_id})[0]
            .Int(0);
    if (used >= quota) {
      Error refusal(errors::kScreenQuotaExceeded, "all the screens of your plan are in use",
                    {{"currentDevices", used},
                     {"quota", quota},
                     {"subscriptionTier", entitlement.subscription_tier}});
      billing::AddUpgradeDetails(refusal.details, billing::Limit::kScreens, used + 1);
      throw ErrorException(std::move(refusal));
    }
    const auto unknown = detail::UnknownGroups(c, who.organization_id, input.group_ids);
    if (!unknown.empty()) {
      throw ErrorException(platform::net::UnknownIds("groupIds", "no such group", unknown));
    }
    c.Execute(
        "INSERT INTO devices (id, organization_id, device_identifier, nickname, location, "
        "timezone, metadata, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
        "'pairing', $8, $8)",
        {device_id, who.organization_id, request[0][0], input.nickname.value_or(NicknameFor(*code)),
         input.location.value_or(""), input.timezone.value_or("UTC"), request[0].Text(1), now});
    detail::SetGroups(c, device_id, input.group_ids);
    c.Execute(
        "UPDATE pairing_requests SET device_id = $2, organization_id = $3, completed_at = $4, "
        "expires_at = CASE WHEN expires_at < $5 THEN $5 ELSE expires_at END WHERE code = $1",
        {*code, device_id, who.organization_id, now, now + kClaimGraceMs});
    audit::Record(
        c, identity::AuditEntry(who, meta, "device.paired", "device", device_id,
                                {{"nickname", input.nickname.value_or(NicknameFor(*code))}}));
    return *detail::FindDevice(c, who.organization_id, device_id);
  });
  if (!device) co_return device.error();
  bus_.Publish(realtime::PairingTopic(*code), "paired");
  realtime::PublishToDashboards(bus_, who.organization_id, "device:paired",
                                {{"device", ToJson(*device, platform::NowMillis())}});
  co_return std::move(*device);
}

}  // namespace vizora::devices
