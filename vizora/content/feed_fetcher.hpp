#pragma once

// Data feeds (API.md "Content", type data_feed): the server fetches the feed's URL through the
// SSRF guard (platform/net/http_fetch.hpp) and keeps a normalised copy as a blob that screens
// read: {"format":"json","data":…} for JSON, or {"format":"rss"|"atom","title","items":[{title,
// link, summary, published}]} for RSS 1.0/2.0 and Atom. XML is parsed without network access,
// external entities or entity expansion.

#include <boost/json/value.hpp>
#include <chrono>
#include <string>

#include "vizora/content/processor.hpp"

namespace vizora::content {

struct FeedOptions {
  bool allow_private_addresses = false;
  std::size_t max_bytes = 2 << 20;
  std::chrono::milliseconds timeout{10'000};
};

// The fetcher ContentProcessor calls; throws MediaError with a reason when the feed cannot be
// fetched or read.
FeedFetch MakeFeedFetch(FeedOptions options);

// The normalised form of a feed's body; throws MediaError when it is neither JSON nor a feed.
boost::json::value NormaliseFeed(const std::string& body);

}  // namespace vizora::content
