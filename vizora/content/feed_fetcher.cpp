#include "vizora/content/feed_fetcher.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <memory>

#include "platform/blob/blob_writer.hpp"
#include "platform/core/clock.hpp"
#include "platform/core/xml.hpp"
#include "platform/media/image.hpp"
#include "platform/media/table.hpp"
#include "platform/net/http_fetch.hpp"

namespace vizora::content {

namespace json = boost::json;
using platform::media::MediaError;

namespace {

constexpr std::string_view kFeedUserAgent = "Vizora/1.0 (+feeds)";
constexpr std::size_t kMaxItems = 100;
constexpr std::size_t kMaxTextBytes = 1000;

using platform::xml::Child;
using platform::xml::Named;

// Feed texts are cut at kMaxTextBytes (on a character boundary).
std::string Text(const xmlNode* n) {
  std::string text = platform::xml::Text(n);
  if (text.size() > kMaxTextBytes) {
    std::size_t end = kMaxTextBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text.resize(end);
  }
  return text;
}

std::string AtomLink(const xmlNode* entry) {
  for (const xmlNode* c = entry->children; c != nullptr; c = c->next) {
    if (!Named(c, "link")) continue;
    const std::string rel = platform::xml::Attribute(c, "rel");
    if (!rel.empty() && rel != "alternate") continue;
    const std::string href = platform::xml::Attribute(c, "href");
    if (!href.empty()) return href;
  }
  return "";
}

// Items of RSS 2.0 (<rss><channel><item>), RSS 1.0 (<rdf:RDF><item>) or Atom (<feed><entry>).
json::value NormaliseXml(const std::string& body) {
  // platform::xml: no network, no DTD loading, no entity substitution.
  const platform::xml::Doc doc = platform::xml::Parse(body);
  if (!doc) throw MediaError("the feed is not well-formed XML");
  const xmlNode* root = platform::xml::Root(doc);
  if (root == nullptr) throw MediaError("the feed is empty");
  const bool atom = Named(root, "feed");
  if (!atom && !Named(root, "rss") && !Named(root, "RDF")) {
    throw MediaError("the XML is not an RSS or Atom feed");
  }
  const xmlNode* channel = atom ? root : Child(root, "channel");
  json::array items;
  std::string title = channel ? Text(Child(channel, "title")) : "";
  // RSS 2.0 keeps items in the channel, RSS 1.0 beside it.
  for (const xmlNode* parent : {channel, root}) {
    if (parent == nullptr) continue;
    for (const xmlNode* n = parent->children; n != nullptr && items.size() < kMaxItems;
         n = n->next) {
      if (!Named(n, atom ? "entry" : "item")) continue;
      const xmlNode* summary =
          atom ? (Child(n, "summary") ? Child(n, "summary") : Child(n, "content"))
               : Child(n, "description");
      const xmlNode* published =
          atom ? (Child(n, "published") ? Child(n, "published") : Child(n, "updated"))
               : (Child(n, "pubDate") ? Child(n, "pubDate") : Child(n, "date"));
      items.push_back(json::object{{"title", Text(Child(n, "title"))},
                                   {"link", atom ? AtomLink(n) : Text(Child(n, "link"))},
                                   {"summary", Text(summary)},
                                   {"published", Text(published)}});
    }
    if (atom || !items.empty()) break;
  }
  return json::object{
      {"format", atom ? "atom" : "rss"}, {"title", title}, {"items", std::move(items)}};
}

}  // namespace

json::value NormaliseFeed(const std::string& body) {
  const auto first = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string::npos) throw MediaError("the feed is empty");
  if (body[first] == '{' || body[first] == '[') {
    boost::system::error_code ec;
    json::value data = json::parse(body, ec);
    if (ec) throw MediaError("the feed is not valid JSON");
    return json::object{{"format", "json"}, {"data", std::move(data)}};
  }
  if (body[first] == '<') return NormaliseXml(body);
  throw MediaError("the feed is neither JSON nor RSS/Atom");
}

FeedFetch MakeFeedFetch(FeedOptions options) {
  return [options](const Content& feed, platform::blob::BlobStore& blobs) {
    platform::net::FetchResult fetched;
    try {
      fetched = platform::net::Fetch(
          feed.url.value_or(""),
          {.max_body_bytes = options.max_bytes,
           .timeout = options.timeout,
           .allow_private_addresses = options.allow_private_addresses,
           .user_agent = std::string(kFeedUserAgent),
           .accept = "application/json, application/rss+xml, application/atom+xml, "
                     "application/xml;q=0.9, */*;q=0.5"});
    } catch (const platform::net::FetchError& e) {
      throw MediaError(e.what());
    }
    if (fetched.status != 200) {
      throw MediaError("the feed answered HTTP " + std::to_string(fetched.status));
    }
    if (!platform::media::IsUtf8(fetched.body) && fetched.body.find('<') == std::string::npos) {
      throw MediaError("the feed is not UTF-8 text");
    }
    const json::value normal = NormaliseFeed(fetched.body);
    Processed out;
    const auto& o = normal.as_object();
    out.metadata = {{"format", o.at("format")},
                    {"fetchedAt", platform::FormatIso8601(platform::NowMillis())},
                    {"bytes", fetched.body.size()}};
    if (o.contains("items")) out.metadata["itemCount"] = o.at("items").as_array().size();
    std::filesystem::path made = blobs.NewTempFile();
    made += ".json";
    {
      std::ofstream file(made, std::ios::binary);
      file << json::serialize(normal);
      if (!file) throw std::runtime_error("cannot write the feed copy");
    }
    const auto info = platform::blob::CommitFile(blobs, made);
    out.files.push_back(
        {"feed", 0, info.sha256, "application/json", static_cast<std::int64_t>(info.size)});
    return out;
  };
}

}  // namespace vizora::content
