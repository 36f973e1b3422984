#pragma once

// Who hears what by mail (issue 23): the topics a person may opt into or out of, each with its
// default (offline alerts on, the weekly summary off), the organization's offline alert
// threshold, and the signed one-click unsubscribe links (RFC 8058) every such mail carries.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/mail/mail_message.hpp"
#include "platform/store/database.hpp"

namespace vizora::notifications {

enum class Topic { kOfflineAlerts, kWeeklySummary };
inline constexpr Topic kTopics[] = {Topic::kOfflineAlerts, Topic::kWeeklySummary};
std::string_view TopicName(Topic topic);  // "offlineAlerts", "weeklySummary"
std::optional<Topic> ParseTopic(std::string_view name);
bool OnByDefault(Topic topic);

// Minutes a screen is dark before its admins and managers hear of it; 0 turns alerts off.
inline constexpr int kDefaultOfflineAlertMinutes = 15;
inline constexpr int kMinOfflineAlertMinutes = 5;
inline constexpr int kMaxOfflineAlertMinutes = 24 * 60;
int OfflineAlertMinutes(platform::store::Connection& c, const std::string& organization_id);
void SetOfflineAlertMinutes(platform::store::Connection& c, const std::string& organization_id,
                            int minutes, std::int64_t now);

// The person's choice for each topic (their own, else the default), in kTopics' order.
std::vector<std::pair<Topic, bool>> Preferences(platform::store::Connection& c,
                                                const std::string& user_id);
void SetPreference(platform::store::Connection& c, const std::string& user_id, Topic topic,
                   bool enabled, std::int64_t now);

struct Recipient {
  std::string user_id;
  platform::mail::MailAddress address;
};
// The organization's active people who want `topic` (admins and managers only when
// `managers_up`), with addresses a relay takes.
std::vector<Recipient> Recipients(platform::store::Connection& c,
                                  const std::string& organization_id, Topic topic,
                                  bool managers_up);

// Signed links that turn one topic off for one person without signing in; valid a year.
class UnsubscribeLinks {
 public:
  explicit UnsubscribeLinks(std::string_view signing_secret);
  std::string Token(const std::string& user_id, Topic topic, std::int64_t now) const;
  // The person and topic, or nullopt for a token forged, expired or of another kind.
  std::optional<std::pair<std::string, Topic>> Verify(std::string_view token,
                                                      std::int64_t now) const;
  // For one recipient's mail, under one token: the one-click URL (the List-Unsubscribe header:
  // the API, which a mail client POSTs to) and the page a person opens from the message's text.
  struct Urls {
    std::string one_click, page;
  };
  Urls For(const std::string& public_url, const std::string& user_id, Topic topic,
           std::int64_t now) const;

 private:
  std::string key_;
};

}  // namespace vizora::notifications
