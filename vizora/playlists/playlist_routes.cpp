#include "vizora/playlists/playlist_routes.hpp"

#include "platform/net/handler_support.hpp"
#include "platform/net/json_fields.hpp"
#include "vizora/identity/identity_routes.hpp"

namespace vizora::playlists {

namespace net = platform::net;
namespace json = boost::json;
using boost::asio::awaitable;
using identity::MetaOf;
using identity::PrincipalOf;
using platform::Error;
using platform::Result;

namespace {

constexpr std::size_t kMaxBodyBytes = 256 * 1024;
const net::StringRule kNameRule{.max_bytes = kMaxNameBytes};
const net::StringRule kDescriptionRule{
    .required = false, .max_bytes = kMaxDescriptionBytes, .allow_empty = true};

Error ItemError(std::size_t index, const std::string& field, const std::string& reason) {
  const std::string name = "items[" + std::to_string(index) + "]." + field;
  return net::FieldError(name, reason);
}

Result<std::vector<ItemInput>> ItemsOf(const json::value& value) {
  if (!value.is_array()) return net::FieldError("items", "must be an array");
  const auto& array = value.as_array();
  if (array.size() > kMaxItems) return net::FieldError("items", "at most 500 items");
  std::vector<ItemInput> items;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_object()) return ItemError(i, "", "must be an object");
    const auto& o = array[i].as_object();
    ItemInput item;
    auto content = net::StringField(o, "contentId", {.max_bytes = 64});
    if (!content) return ItemError(i, "contentId", "required, a content id");
    item.content_id = **content;
    auto duration = net::IntField(o, "duration", kMinItemSeconds, kMaxItemSeconds);
    if (!duration) return ItemError(i, "duration", "whole seconds from 1 to 86400");
    item.duration = *duration;
    auto transition = net::StringField(o, "transition", {.required = false, .max_bytes = 16});
    if (!transition || (*transition && !IsTransition(**transition))) {
      return ItemError(i, "transition", "one of none, fade, slide, zoom, dissolve");
    }
    item.transition = transition->value_or("none");
    auto transition_ms = net::IntField(o, "transitionDuration", 0, kMaxTransitionMs);
    if (!transition_ms) return ItemError(i, "transitionDuration", "milliseconds from 0 to 10000");
    item.transition_duration = transition_ms->value_or(item.transition == "none" ? 0 : 500);
    items.push_back(std::move(item));
  }
  return items;
}

Result<PlaylistInput> InputOf(const json::object& body) {
  RESULT_TRY(name, net::StringField(body, "name", kNameRule));
  RESULT_TRY(description, net::StringField(body, "description", kDescriptionRule));
  RESULT_TRY(loop, net::BoolField(body, "loopPlaylist"));
  PlaylistInput input{
      .name = **name, .description = description->value_or(""), .loop = loop->value_or(true)};
  if (const auto* items = body.if_contains("items"); items && !items->is_null()) {
    RESULT_TRY(parsed, ItemsOf(*items));
    input.items = std::move(*parsed);
  }
  return input;
}

Result<PlaylistPatch> PatchOf(const json::object& body) {
  RESULT_TRY(name, net::StringField(body, "name", {.required = false, .max_bytes = kMaxNameBytes}));
  RESULT_TRY(description, net::StringField(body, "description", kDescriptionRule));
  RESULT_TRY(loop, net::BoolField(body, "loopPlaylist"));
  PlaylistPatch patch{.name = *name, .description = *description, .loop = *loop};
  if (const auto* items = body.if_contains("items"); items && !items->is_null()) {
    RESULT_TRY(parsed, ItemsOf(*items));
    patch.items = std::move(*parsed);
  }
  return patch;
}

}  // namespace

void AddPlaylistRoutes(net::Router& router, PlaylistsService& service) {
  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/playlists",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(page, net::ParsePageRequest(r));
                const PlaylistPage found = co_await service.List(PrincipalOf(r), *page);
                json::array items;
                for (const auto& p : found.items) items.push_back(ToJson(p));
                co_return net::Response::Json(200,
                                              net::PageJson(std::move(items), found.next_cursor));
              },
              .summary = "The organization's playlists",
              .access = "viewer"});

  router.Add({.method = net::Method::kPost,
              .pattern = "/api/v1/playlists",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                NET_TRY(input, InputOf(*body));
                NET_TRY(playlist,
                        co_await service.Create(PrincipalOf(r), std::move(*input), MetaOf(r)));
                co_return net::Response::Json(201, json::object{{"playlist", ToJson(*playlist)}});
              },
              .summary = "Create a playlist of ready content",
              .max_body_bytes = kMaxBodyBytes,
              .access = "manager"});

  router.Add({.method = net::Method::kGet,
              .pattern = "/api/v1/playlists/{id}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(playlist,
                        co_await service.Get(PrincipalOf(r), std::string(r.PathParam("id"))));
                co_return net::Response::Json(200, json::object{{"playlist", ToJson(*playlist)}});
              },
              .summary = "One playlist",
              .access = "viewer"});

  router.Add({.method = net::Method::kPatch,
              .pattern = "/api/v1/playlists/{id}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(body, net::ParseJsonObject(r));
                NET_TRY(patch, PatchOf(*body));
                NET_TRY(playlist,
                        co_await service.Update(PrincipalOf(r), std::string(r.PathParam("id")),
                                                std::move(*patch), MetaOf(r)));
                co_return net::Response::Json(200, json::object{{"playlist", ToJson(*playlist)}});
              },
              .summary = "Change a playlist (items replace the old list)",
              .max_body_bytes = kMaxBodyBytes,
              .access = "manager"});

  router.Add({.method = net::Method::kDelete,
              .pattern = "/api/v1/playlists/{id}",
              .handler = [&service](net::Request& r) -> awaitable<net::Response> {
                NET_TRY(deleted, co_await service.Delete(
                                     PrincipalOf(r), std::string(r.PathParam("id")), MetaOf(r)));
                co_return net::Response::NoContent();
              },
              .summary = "Delete a playlist (409 while in use)",
              .access = "manager"});
}

}  // namespace vizora::playlists
