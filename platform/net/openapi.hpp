#pragma once

// /api/openapi.json, generated from the router so it can never drift from the routes.

#include <boost/json/value.hpp>
#include <string_view>

#include "platform/net/router.hpp"

namespace platform::net {

boost::json::value OpenApiDocument(const Router& router, std::string_view title,
                                   std::string_view version);

}  // namespace platform::net
