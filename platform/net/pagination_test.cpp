#include "platform/net/pagination.hpp"

#include <gtest/gtest.h>

#include "platform/core/ids.hpp"

namespace platform::net {
namespace {

// A request whose query is `cursor=…` (Request holds views into its target).
struct CursorRequest {
  explicit CursorRequest(const std::string& cursor) {
    request.target = "/x?cursor=" + cursor;
    request.path = std::string_view(request.target).substr(0, 2);
    request.query = std::string_view(request.target).substr(3);
  }
  Request request;
};

TEST(Pagination, CursorsCarryATimeOrATextKey) {
  for (const PageKey& key : {PageKey{.time = 1765100000000, .id = "01a2"},
                             PageKey{.id = "01a3", .text = "caf\xc3\xa9: lobby, 2"}}) {
    const auto page = ParsePageRequest(CursorRequest(EncodeCursor(key)).request);
    ASSERT_TRUE(page) << EncodeCursor(key);
    ASSERT_TRUE(page->after);
    EXPECT_EQ(page->after->time, key.time);
    EXPECT_EQ(page->after->id, key.id);
    EXPECT_EQ(page->after->text, key.text);
  }
}

TEST(Pagination, CursorsWeDidNotMakeAre400) {
  for (const std::string raw : {"s", "s5", "s5:ab", "sx:abc", "s-1:abc", "12", "x:1"}) {
    EXPECT_FALSE(ParsePageRequest(CursorRequest(Base64UrlEncode(raw)).request)) << raw;
  }
}

}  // namespace
}  // namespace platform::net
