#pragma once

// Playlists (VIZTUBE-API.md "Playlists"): a user's ordered lists of videos. Only the owner
// changes one (403 otherwise); a video is in a playlist at most once (409); a playlist shows
// only the videos its reader may see. Routes: /api/v2/playlist/*.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "platform/core/error.hpp"
#include "platform/net/router.hpp"
#include "platform/store/database.hpp"
#include "viztube/api/envelope.hpp"
#include "viztube/videos/model.hpp"

namespace viztube::playlists {

inline constexpr std::size_t kMaxNameChars = 100;
inline constexpr std::size_t kMaxDescriptionChars = 5000;
inline constexpr std::int64_t kMaxVideos = 5000;

class PlaylistsService {
 public:
  PlaylistsService(platform::store::Database& db, const videos::MediaLinks& links)
      : db_(db), links_(links) {}

  boost::asio::awaitable<platform::Result<boost::json::object>> Create(
      const std::string& user_id, std::string name, std::optional<std::string> description);
  boost::asio::awaitable<platform::Result<boost::json::object>> OfUser(const std::string& user_id,
                                                                       api::PageRequest page);
  boost::asio::awaitable<platform::Result<boost::json::object>> Get(
      const std::string& playlist_id, const std::optional<std::string>& viewer_id);
  boost::asio::awaitable<platform::Result<boost::json::object>> Update(
      const std::string& user_id, const std::string& playlist_id, std::optional<std::string> name,
      std::optional<std::string> description);
  boost::asio::awaitable<platform::Result<bool>> Delete(const std::string& user_id,
                                                        const std::string& playlist_id);
  boost::asio::awaitable<platform::Result<boost::json::object>> AddVideo(
      const std::string& user_id, const std::string& playlist_id, const std::string& video_id);
  boost::asio::awaitable<platform::Result<boost::json::object>> RemoveVideo(
      const std::string& user_id, const std::string& playlist_id, const std::string& video_id);

 private:
  platform::store::Database& db_;
  const videos::MediaLinks& links_;
};

void AddPlaylistRoutes(platform::net::Router& router, PlaylistsService& service);

}  // namespace viztube::playlists
