#include "vizora/playlists/model.hpp"

#include "platform/core/clock.hpp"

namespace vizora::playlists {

namespace json = boost::json;

bool IsTransition(std::string_view name) {
  return name == "none" || name == "fade" || name == "slide" || name == "zoom" ||
         name == "dissolve";
}

std::int64_t Playlist::TotalDuration() const {
  std::int64_t total = 0;
  for (const auto& item : items) total += item.duration;
  return total;
}

json::object ToJson(const Playlist& p) {
  json::array items;
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    const auto& item = p.items[i];
    items.push_back(json::object{{"contentId", item.content_id},
                                 {"duration", item.duration},
                                 {"transition", item.transition},
                                 {"transitionDuration", item.transition_duration},
                                 {"order", i}});
  }
  return {{"id", p.id},
          {"name", p.name},
          {"description", p.description},
          {"loopPlaylist", p.loop},
          {"items", std::move(items)},
          {"totalDuration", p.TotalDuration()},
          {"createdBy", p.created_by ? json::value(*p.created_by) : json::value(nullptr)},
          {"createdAt", platform::FormatIso8601(p.created_at)},
          {"updatedAt", platform::FormatIso8601(p.updated_at)}};
}

}  // namespace vizora::playlists
