#pragma once

// HTTP routes of playlists (API.md "Playlists and publishing").

#include "platform/net/router.hpp"
#include "vizora/playlists/playlists_service.hpp"

namespace vizora::playlists {

void AddPlaylistRoutes(platform::net::Router& router, PlaylistsService& service);

}  // namespace vizora::playlists
