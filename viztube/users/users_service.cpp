#include "viztube/users/users_service.hpp"

#include <cctype>

#include "platform/auth/jwt.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/ids.hpp"
#include "platform/core/utf8.hpp"
#include "platform/identity/credentials.hpp"
#include "platform/net/json_fields.hpp"
#include "viztube/users/images.hpp"

namespace viztube::users {

using boost::asio::awaitable;
using platform::Error;
using platform::ErrorException;
using platform::Result;
using platform::identity::Accounts;
using platform::identity::Rotation;
using platform::identity::Taken;
using platform::store::Connection;

namespace {

constexpr std::string_view kSelectUser =
    "SELECT u.id, a.username, a.email, u.fullname, u.avatar, u.cover_image, u.created_at, "
    "u.updated_at, a.email_verified_at FROM users u JOIN accounts a ON a.id = u.id "
    "WHERE u.id = $1";

std::optional<User> FindUser(Connection& c, const std::string& id) {
  const auto rows = c.Query(kSelectUser, {id});
  if (rows.empty()) return std::nullopt;
  User user = UserFrom(rows[0]);
  user.email_verified = !rows[0].IsNull(8);
  return user;
}

Error Conflict(Taken taken) {
  const std::string field = taken == Taken::kUsername ? "username" : "email";
  return Error(platform::errors::kConflict, "this " + field + " is taken",
               {{"field", field}, {"reason", "taken"}});
}

Error InvalidCredentials() {
  return Error(kUnauthenticated, "wrong email, username or password");
}

Error RefreshRejected() {
  return Error(kUnauthenticated, "the refresh token is invalid, expired or already used");
}

}  // namespace

User UserFrom(const platform::store::Row& r) {
  return {.id = r.Text(0),
          .username = r.Text(1),
          .email = r.Text(2),
          .fullname = r.Text(3),
          .avatar = r.Text(4),
          .cover_image = r.OptText(5),
          .created_at = r.Int(6),
          .updated_at = r.Int(7)};
}

Result<std::string> NormalizeUsername(std::string_view username) {
  const std::string lower = platform::identity::NormalizeLogin(username);
  const bool ok =
      lower.size() >= kMinUsernameChars && lower.size() <= kMaxUsernameChars &&
      lower.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.") == std::string::npos;
  if (!ok) return platform::net::FieldError("username", "3 to 30 of a-z, 0-9, '_' and '.'");
  return lower;
}

Result<std::string> CheckText(std::string_view text, std::string_view field, std::size_t max_chars,
                              bool allow_empty) {
  text = platform::TrimSpace(text);
  const auto chars = platform::CountUtf8Chars(text);
  if (!chars) return platform::net::FieldError(field, "not valid UTF-8 text");
  if (text.find('\0') != std::string_view::npos) {
    return platform::net::FieldError(field, "must not contain NUL characters");
  }
  if (*chars == 0 && !allow_empty) return platform::net::FieldError(field, "required");
  if (*chars > max_chars) {
    return platform::net::FieldError(field, "at most " + std::to_string(max_chars) + " characters");
  }
  return std::string(text);
}

UsersService::UsersService(platform::store::Database& db, platform::blob::BlobStore& blobs,
                           platform::WorkerPool& blocking, Accounts& accounts,
                           const platform::identity::Sessions& sessions,
                           platform::identity::SessionCache& cache,
                           std::vector<platform::cache::Freshness*> profile_reads)
    : db_(db),
      blobs_(blobs),
      blocking_(blocking),
      accounts_(accounts),
      sessions_(sessions),
      cache_(cache),
      profile_reads_(std::move(profile_reads)) {}

void UsersService::ProfileChanged() const {
  for (auto* reads : profile_reads_) reads->Invalidate();
}

awaitable<Result<std::string>> UsersService::StoreImage(const platform::uploads::ReceivedFile& file,
                                                        const std::string& user_id,
                                                        std::string_view field,
                                                        std::string_view name, int max_side) {
  const std::string key =
      "users/" + user_id + "/" + std::string(name) + "-" + platform::NewId() + ".jpg";
  const std::string field_name(field);
  co_return co_await blocking_.Call(
      [&] { return users::StoreImage(blobs_, file, field_name, key, max_side); });
}

awaitable<Result<User>> UsersService::Register(Registration input) {
  auto fullname = CheckText(input.fullname, "fullname", kMaxFullnameChars);
  if (!fullname) co_return fullname.error();
  auto email = platform::identity::NormalizeEmail(input.email);
  if (!email) co_return email.error();
  auto username = NormalizeUsername(input.username);
  if (!username) co_return username.error();
  if (auto ok = platform::identity::CheckPassword(input.password); !ok) co_return ok.error();
  if (input.avatar == nullptr) {
    co_return platform::net::FieldError("avatar", "a file is required");
  }

  const std::string id = platform::NewId();
  // Whatever fails from here on, the images stored for this id go.
  struct Cleanup {
    UsersService* self;
    std::string prefix;
    bool keep = false;
    ~Cleanup() {
      if (!keep)
        self->blocking_.Post([blobs = &self->blobs_, p = prefix] { blobs->RemoveObjects(p); });
    }
  } cleanup{this, "users/" + id};

  auto avatar = co_await StoreImage(*input.avatar, id, "avatar", "avatar", kAvatarSide);
  if (!avatar) co_return avatar.error();
  std::optional<std::string> cover;
  if (input.cover_image != nullptr) {
    auto stored = co_await StoreImage(*input.cover_image, id, "coverImage", "cover", kCoverSide);
    if (!stored) co_return stored.error();
    cover = *stored;
  }
  const std::string hash = co_await accounts_.HashPassword(input.password);
  auto created = co_await db_.TransactOrError([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    const Taken taken = Accounts::Insert(
        c, {.id = id, .email = *email, .username = *username, .password_hash = hash}, now);
    if (taken != Taken::kNothing) throw ErrorException(Conflict(taken));
    c.Execute(
        "INSERT INTO users (id, fullname, avatar, cover_image, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, $5, $5)",
        {id, *fullname, *avatar, platform::store::Nullable(cover), now});
    return User{.id = id,
                .username = *username,
                .email = *email,
                .fullname = *fullname,
                .avatar = *avatar,
                .cover_image = cover,
                .created_at = now,
                .updated_at = now};
  });
  cleanup.keep = created.has_value();
  co_return created;
}

awaitable<Result<SignedIn>> UsersService::Login(std::string login, std::string password) {
  const auto account = co_await accounts_.Verify(std::move(login), std::move(password));
  if (!account) co_return InvalidCredentials();
  auto signed_in = co_await db_.Transact([&](Connection& c) -> std::optional<SignedIn> {
    auto user = FindUser(c, *account);
    if (!user) return std::nullopt;
    const auto opened = sessions_.Open(c, user->id, platform::NowMillis());
    std::string access = sessions_.AccessToken(user->id, opened.session_id);
    return SignedIn{.user = std::move(*user),
                    .access_token = std::move(access),
                    .refresh_token = opened.refresh_token};
  });
  if (!signed_in) co_return InvalidCredentials();
  co_return std::move(*signed_in);
}

awaitable<Result<SignedIn>> UsersService::Refresh(std::string refresh_token) {
  std::string ended;  // forgotten by the session cache after the commit
  auto result = co_await db_.Transact([&](Connection& c) -> Result<SignedIn> {
    const std::int64_t now = platform::NowMillis();
    const Rotation rotation = sessions_.Rotate(c, refresh_token, now);
    // A reuse revoked the family inside this transaction: it commits with the refusal.
    if (rotation.outcome == Rotation::Outcome::kReused) ended = rotation.session_id;
    if (rotation.outcome != Rotation::Outcome::kRotated) return RefreshRejected();
    auto user = FindUser(c, rotation.account_id);
    if (!user) return RefreshRejected();
    return SignedIn{.user = std::move(*user),
                    .access_token = sessions_.AccessToken(rotation.account_id, rotation.session_id),
                    .refresh_token = rotation.refresh_token};
  });
  if (!ended.empty()) cache_.ForgetSession(ended);
  co_return result;
}

awaitable<void> UsersService::Logout(std::string refresh_token, std::optional<Principal> who) {
  std::string revoked;
  co_await db_.Transact([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    if (const auto found = sessions_.Find(c, refresh_token)) {
      sessions_.Revoke(c, found->first, now);
      revoked = found->first;
    }
    if (who) sessions_.Revoke(c, who->session_id, now);
  });
  if (!revoked.empty()) cache_.ForgetSession(revoked);
  if (who) cache_.ForgetSession(who->session_id);
}

awaitable<Result<bool>> UsersService::ChangePassword(const Principal& who, std::string old_password,
                                                     std::string new_password) {
  if (auto ok = platform::identity::CheckPassword(new_password, "newPassword"); !ok) {
    co_return ok.error();
  }
  const bool matches = co_await accounts_.VerifyById(who.user_id, std::move(old_password));
  if (!matches) {
    co_return Error(platform::errors::kValidation, "the old password is wrong",
                    {{"field", "oldPassword"}, {"reason", "wrong password"}});
  }
  const std::string hash = co_await accounts_.HashPassword(std::move(new_password));
  co_await db_.Transact([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    Accounts::SetPasswordHash(c, who.user_id, hash, now);
    sessions_.RevokeAll(c, who.user_id, now, who.session_id);
  });
  cache_.ForgetAccount(who.user_id);
  co_return true;
}

awaitable<Result<User>> UsersService::Get(const std::string& user_id) {
  auto user = co_await db_.Read([&](Connection& c) { return FindUser(c, user_id); });
  if (!user) co_return Error(platform::errors::kNotFound, "no such user");
  co_return std::move(*user);
}

awaitable<Result<User>> UsersService::UpdateAccount(const Principal& who,
                                                    std::optional<std::string> fullname,
                                                    std::optional<std::string> email) {
  if (fullname) {
    auto checked = CheckText(*fullname, "fullname", kMaxFullnameChars);
    if (!checked) co_return checked.error();
    fullname = *checked;
  }
  if (email) {
    auto normalized = platform::identity::NormalizeEmail(*email);
    if (!normalized) co_return normalized.error();
    email = *normalized;
  }
  auto updated = co_await db_.TransactOrError([&](Connection& c) {
    const std::int64_t now = platform::NowMillis();
    if (email && Accounts::SetEmail(c, who.user_id, *email, now) != Taken::kNothing) {
      throw ErrorException(Conflict(Taken::kEmail));
    }
    c.Execute("UPDATE users SET fullname = COALESCE($2, fullname), updated_at = $3 WHERE id = $1",
              {who.user_id, platform::store::Nullable(fullname), now});
    auto user = FindUser(c, who.user_id);
    if (!user) throw ErrorException(Error(platform::errors::kNotFound, "no such user"));
    return std::move(*user);
  });
  if (updated) ProfileChanged();
  co_return updated;
}

awaitable<Result<User>> UsersService::ReplaceImage(const Principal& who, Image which,
                                                   platform::uploads::ReceivedFile& file) {
  const bool avatar = which == Image::kAvatar;
  auto stored = co_await StoreImage(file, who.user_id, avatar ? "avatar" : "coverImage",
                                    avatar ? "avatar" : "cover", avatar ? kAvatarSide : kCoverSide);
  if (!stored) co_return stored.error();
  std::optional<std::string> old;
  auto updated = co_await db_.TransactOrError([&](Connection& c) {
    auto user = FindUser(c, who.user_id);
    if (!user) throw ErrorException(Error(platform::errors::kNotFound, "no such user"));
    old = avatar ? std::optional(user->avatar) : user->cover_image;
    const std::int64_t now = platform::NowMillis();
    c.Execute(avatar ? "UPDATE users SET avatar = $2, updated_at = $3 WHERE id = $1"
                     : "UPDATE users SET cover_image = $2, updated_at = $3 WHERE id = $1",
              {who.user_id, *stored, now});
    (avatar ? user->avatar : user->cover_image.emplace()) = *stored;
    user->updated_at = now;
    return std::move(*user);
  });
  // The image no row points at any more: the old one on success, the new one on failure.
  const std::string unused = updated ? old.value_or("") : *stored;
  if (!unused.empty()) {
    blocking_.Post([blobs = &blobs_, unused] { blobs->RemoveObjects(unused); });
  }
  if (updated) ProfileChanged();
  co_return updated;
}

Result<Principal> UsersService::Authenticate(std::string_view access_token) const {
  auto verified = sessions_.Authenticate(access_token);
  if (!verified) return verified.error();
  return Principal{.user_id = verified->account_id, .session_id = verified->session_id};
}

awaitable<Result<Principal>> UsersService::ConfirmSession(Principal who) {
  const std::int64_t now = platform::NowMillis();
  auto state = cache_.Get(who.session_id, who.user_id, now);
  if (!state) {
    state = co_await db_.Read([&](Connection& c) {
      return platform::identity::SessionCache::State{
          .open = sessions_.IsOpen(c, who.session_id, who.user_id, now)};
    });
    cache_.Put(who.session_id, who.user_id, *state, now);
  }
  if (!state->open) co_return Error(kUnauthenticated, "this session has ended");
  co_return who;
}

}  // namespace viztube::users
