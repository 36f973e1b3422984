#include "platform/net/multipart.hpp"

#include <gtest/gtest.h>

#include <random>

namespace platform::net {
namespace {

struct Collected {
  std::vector<MultipartPart> parts;
  std::vector<std::string> bodies;
  int ends = 0;
};

Collected FeedInPieces(const std::string& boundary, const std::string& body,
                       std::vector<std::size_t> sizes) {
  MultipartParser parser(boundary);
  Collected out;
  std::size_t at = 0, i = 0;
  while (at < body.size()) {
    const std::size_t n = std::min(sizes[i++ % sizes.size()], body.size() - at);
    for (auto& e : parser.Feed(std::string_view(body).substr(at, n))) {
      switch (e.kind) {
        case MultipartEvent::Kind::kPartBegin:
          out.parts.push_back(e.part);
          out.bodies.emplace_back();
          break;
        case MultipartEvent::Kind::kData:
          out.bodies.back() += e.data;
          break;
        case MultipartEvent::Kind::kPartEnd:
          ++out.ends;
          break;
      }
    }
    at += n;
  }
  parser.Finish();
  return out;
}

// A file whose bytes look like boundaries without being one (a real delimiter is CRLF, "--"
// and the boundary, which senders choose so that it never occurs in the content).
std::string TrickyFile() {
  std::string file = "\r\n--Xbound\r\nx--Xboundary\r\n-\r\n--Xboundar";
  std::mt19937 random(7);
  for (int i = 0; i < 200'000; ++i) file += static_cast<char>(random() % 256);
  return file + "\r\n--Xboundar";
}

std::string Body(const std::string& file) {
  return "preamble to ignore\r\n"
         "--Xboundary\r\n"
         "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
         "Lobby loop\r\n"
         "--Xboundary\r\n"
         "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".png\"\r\n"
         "Content-Type: image/png\r\n\r\n" +
         file +
         "\r\n--Xboundary--\r\n"
         "epilogue to ignore";
}

TEST(Multipart, FieldsAndFilesWhateverThePieces) {
  const std::string file = TrickyFile();
  const std::string body = Body(file);
  for (const auto& sizes : std::vector<std::vector<std::size_t>>{
           {body.size()}, {1}, {3, 7, 64 * 1024}, {11}, {65536}}) {
    const Collected c = FeedInPieces("Xboundary", body, sizes);
    ASSERT_EQ(c.parts.size(), 2u);
    EXPECT_EQ(c.ends, 2);
    EXPECT_EQ(c.parts[0].name, "title");
    EXPECT_EQ(c.parts[0].filename, "");
    EXPECT_EQ(c.bodies[0], "Lobby loop");
    EXPECT_EQ(c.parts[1].name, "file");
    EXPECT_EQ(c.parts[1].filename, "a \"b\".png");
    EXPECT_EQ(c.parts[1].content_type, "image/png");
    EXPECT_EQ(c.bodies[1], file) << "piece sizes " << sizes[0];
  }
}

TEST(Multipart, BoundaryFromTheContentType) {
  EXPECT_EQ(*MultipartParser::BoundaryOf("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(*MultipartParser::BoundaryOf("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""),
            "a b");
  EXPECT_EQ(MultipartParser::BoundaryOf("application/json").error().kind.status, 415);
  EXPECT_EQ(MultipartParser::BoundaryOf("multipart/form-data").error().kind.status, 400);
  EXPECT_FALSE(
      MultipartParser::BoundaryOf("multipart/form-data; boundary=" + std::string(71, 'a')));
}

TEST(Multipart, MalformedBodiesAreRefused) {
  auto refuses = [](const std::string& body, MultipartLimits limits = {}) {
    try {
      MultipartParser parser("B", limits);
      parser.Feed(body);
      parser.Finish();
      return false;
    } catch (const ErrorException& e) {
      return e.error().kind.status == 400;
    }
  };
  EXPECT_TRUE(refuses("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx"))
      << "cut before the closing boundary";
  EXPECT_TRUE(refuses("--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--")) << "no name";
  EXPECT_TRUE(refuses("--B\r\nX: " + std::string(9000, 'h'))) << "headers too large";
  std::string many;
  for (int i = 0; i < 5; ++i)
    many += "--B\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  EXPECT_TRUE(refuses(many + "--B--", {.max_parts = 4}));
  EXPECT_TRUE(refuses("no boundary at all"));
  // A part with no headers, whose body looks like headers (found by fuzz/multipart).
  EXPECT_TRUE(refuses("--B\r\n\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--B--"))
      << "a part without headers";
  EXPECT_FALSE(refuses("--B--\r\n")) << "an empty form is well-formed";
}

}  // namespace
}  // namespace platform::net
