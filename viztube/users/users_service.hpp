#pragma once

// Accounts of VizTube (VIZTUBE-API.md "Users"), without HTTP: register with an avatar, log in
// by email or username, rotate and revoke sessions, change the password, profile and images.
// Sign-in itself is the platform's (platform/identity). Expected failures are Results in the
// platform's error kinds (the envelope renders them); database failures throw.
// Thread-safe: share one instance.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/blob/blob_store.hpp"
#include "platform/cache/read_cache.hpp"
#include "platform/core/error.hpp"
#include "platform/core/worker_pool.hpp"
#include "platform/identity/accounts.hpp"
#include "platform/identity/session_cache.hpp"
#include "platform/identity/sessions.hpp"
#include "platform/store/database.hpp"
#include "platform/uploads/form_upload.hpp"
#include "viztube/users/model.hpp"

namespace viztube::users {

// VizTube's own 401 code (VIZTUBE-API.md), not the platform's AUTH_001.
inline constexpr platform::ErrorKind kUnauthenticated{"UNAUTHENTICATED", 401};
inline constexpr std::size_t kMinUsernameChars = 3;
inline constexpr std::size_t kMaxUsernameChars = 30;
inline constexpr std::size_t kMaxFullnameChars = 100;
// The seed's lifetimes: 15-minute access tokens, 7-day refresh tokens.
inline constexpr platform::identity::SessionPolicy kSessionPolicy{.access_seconds = 15 * 60,
                                                                  .refresh_seconds = 7 * 24 * 3600};

// 3–30 of [a-z0-9_.], lower-cased first; 400 VALIDATION naming "username" otherwise.
platform::Result<std::string> NormalizeUsername(std::string_view username);
// A user from the columns u.id, a.username, a.email, u.fullname, u.avatar, u.cover_image,
// u.created_at, u.updated_at (users u JOIN accounts a), in that order.
User UserFrom(const platform::store::Row& row);
// 1–100 characters of valid UTF-8 after trimming; 400 naming `field` otherwise.
platform::Result<std::string> CheckText(std::string_view text, std::string_view field,
                                        std::size_t max_chars, bool allow_empty = false);

struct Registration {
  std::string fullname, email, username, password;
  platform::uploads::ReceivedFile* avatar = nullptr;  // required
  platform::uploads::ReceivedFile* cover_image = nullptr;
};

struct SignedIn {
  User user;
  std::string access_token, refresh_token;
};

class UsersService {
 public:
  UsersService(platform::store::Database& db, platform::blob::BlobStore& blobs,
               platform::WorkerPool& blocking, platform::identity::Accounts& accounts,
               const platform::identity::Sessions& sessions,
               platform::identity::SessionCache& cache,
               std::vector<platform::cache::Freshness*> profile_reads);

  boost::asio::awaitable<platform::Result<User>> Register(Registration input);
  // `login` is an email or a username. 401 for a wrong pair, the same whether or not the
  // account exists.
  boost::asio::awaitable<platform::Result<SignedIn>> Login(std::string login, std::string password);
  boost::asio::awaitable<platform::Result<SignedIn>> Refresh(std::string refresh_token);
  boost::asio::awaitable<void> Logout(std::string refresh_token,
                                      std::optional<Principal> principal);
  // Revokes every other session of the user.
  boost::asio::awaitable<platform::Result<bool>> ChangePassword(const Principal& who,
                                                                std::string old_password,
                                                                std::string new_password);
  boost::asio::awaitable<platform::Result<User>> Get(const std::string& user_id);
  boost::asio::awaitable<platform::Result<User>> UpdateAccount(const Principal& who,
                                                               std::optional<std::string> fullname,
                                                               std::optional<std::string> email);
  enum class Image { kAvatar, kCover };
  // Stores the new image, then deletes the old one.
  boost::asio::awaitable<platform::Result<User>> ReplaceImage(
      const Principal& who, Image which, platform::uploads::ReceivedFile& file);

  // The guard's questions: a verified access token, then whether its session is still open
  // (cached for SessionCache::kTtlMillis).
  platform::Result<Principal> Authenticate(std::string_view access_token) const;
  boost::asio::awaitable<platform::Result<Principal>> ConfirmSession(Principal who);

 private:
  boost::asio::awaitable<platform::Result<std::string>> StoreImage(
      const platform::uploads::ReceivedFile& file, const std::string& user_id,
      std::string_view field, std::string_view name, int max_side);

  platform::store::Database& db_;
  platform::blob::BlobStore& blobs_;
  platform::WorkerPool& blocking_;
  platform::identity::Accounts& accounts_;
  const platform::identity::Sessions& sessions_;
  platform::identity::SessionCache& cache_;
  // Cached reads that show a user's name or avatar (other modules' lists, channel pages): a
  // profile change invalidates them.
  const std::vector<platform::cache::Freshness*> profile_reads_;
  void ProfileChanged() const;
};

}  // namespace viztube::users
