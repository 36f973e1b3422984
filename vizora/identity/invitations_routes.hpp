#pragma once

#include "platform/net/router.hpp"
#include "vizora/identity/identity_routes.hpp"
#include "vizora/identity/identity_service.hpp"
#include "vizora/identity/invitations_service.hpp"

namespace vizora::identity {

// Admins: GET/POST /api/v1/invitations, POST /api/v1/invitations/{id}/resend,
// DELETE /api/v1/invitations/{id}. Anyone with the link: GET /api/v1/auth/invitation?token=
// (what the accept page shows) and POST /api/v1/auth/invitation/accept (joins, signed in).
void AddInvitationRoutes(platform::net::Router& router, InvitationsService& invitations,
                         IdentityService& identity, CookiePolicy cookies);

}  // namespace vizora::identity
