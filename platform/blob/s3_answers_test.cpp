#include "platform/blob/s3_answers.hpp"

#include <gtest/gtest.h>

#include "tests/support/canned_listener.hpp"

namespace platform::blob::s3_answers {
namespace {

// What S3 and RADOS Gateway write, and what a broken or hostile service might instead.
constexpr std::string_view kNamespace = R"( xmlns="http://s3.amazonaws.com/doc/2006-03-01/")";

std::string Listing(const std::string& inside) {
  return "<?xml version=\"1.0\"?><ListBucketResult" + std::string(kNamespace) + ">" + inside +
         "</ListBucketResult>";
}

// Whether `read` threw what a broken or hostile service must give: S3Error InvalidResponse.
template <class Read>
bool Invalid(Read read) {
  try {
    read();
  } catch (const S3Error& e) {
    return e.code() == "InvalidResponse";
  }
  return false;
}

TEST(S3AnswersTest, APageOfObjectsWithItsContinuation) {
  const auto page = ParseObjectPage(
      Listing("<IsTruncated>true</IsTruncated><NextContinuationToken>abc</NextContinuationToken>"
              "<Contents><Key>videos/1/a.ts</Key><Size>18446744073709551615</Size>"
              "<LastModified>2026-12-06T10:00:00.000Z</LastModified></Contents>"
              "<Contents><Key>videos/1/b.ts</Key><Size>0</Size></Contents>"));
  ASSERT_EQ(page.objects.size(), 2u);
  EXPECT_EQ(page.objects[0].key, "videos/1/a.ts");
  EXPECT_EQ(page.objects[0].size, 18446744073709551615ull);
  EXPECT_GT(page.objects[0].last_modified_ms, 0);
  EXPECT_EQ(page.objects[1].last_modified_ms, 0) << "no date: the epoch, not a guess";
  EXPECT_EQ(page.next_token, "abc");
  EXPECT_EQ(ParseObjectPage(Listing("<IsTruncated>false</IsTruncated>")).next_token, "");
}

TEST(S3AnswersTest, WhatS3DoesNotWriteIsAnInvalidResponse) {
  EXPECT_TRUE(Invalid([] { ParseObjectPage("<html>Bad gateway</html>"); }));
  EXPECT_TRUE(Invalid([] { ParseObjectPage("not xml at all"); }));
  for (const char* size : {"-1", "1e5", "1 2", "18446744073709551616", "0x10"}) {
    EXPECT_TRUE(Invalid([&] {
      ParseObjectPage(
          Listing(std::string("<Contents><Key>k</Key><Size>") + size + "</Size></Contents>"));
    })) << size;
  }
  EXPECT_TRUE(Invalid([] { ParseObjectPage(Listing("<Contents><Size>1</Size></Contents>")); }));
  EXPECT_TRUE(Invalid([] { ParseObjectPage(Listing("<IsTruncated>true</IsTruncated>")); }))
      << "more pages, but no way to ask for them";
  EXPECT_TRUE(Invalid([] {
    ParseUploadPage(
        "<ListMultipartUploadsResult><Upload><Key>k</Key>"
        "</Upload></ListMultipartUploadsResult>");
  }));
  EXPECT_TRUE(Invalid([] { UploadIdIn("<InitiateMultipartUploadResult/>"); }));
  EXPECT_TRUE(Invalid([] { ParseSize("abc"); }));
  EXPECT_EQ(ParseSize(""), 0u);
  EXPECT_EQ(ParseSize("1234"), 1234u);
}

TEST(S3AnswersTest, UnfinishedUploadsAndErrors) {
  const auto page = ParseUploadPage(
      "<ListMultipartUploadsResult><IsTruncated>true</IsTruncated>"
      "<NextKeyMarker>k2</NextKeyMarker><NextUploadIdMarker>u2</NextUploadIdMarker>"
      "<Upload><Key>k1</Key><UploadId>u1</UploadId>"
      "<Initiated>2026-12-06T10:00:00Z</Initiated></Upload></ListMultipartUploadsResult>");
  ASSERT_EQ(page.uploads.size(), 1u);
  EXPECT_EQ(page.uploads[0].upload_id, "u1");
  EXPECT_EQ(page.next_key_marker, "k2");
  EXPECT_EQ(page.next_upload_id_marker, "u2");
  EXPECT_EQ(UploadIdIn("<InitiateMultipartUploadResult><UploadId>x</UploadId>"
                       "</InitiateMultipartUploadResult>"),
            "x");

  const auto error = ErrorIn("<Error><Code>SlowDown</Code><Message>easy</Message></Error>");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->first, "SlowDown");
  EXPECT_EQ(error->second, "easy");
  EXPECT_FALSE(ErrorIn("<ErrorDocument/>"));
  EXPECT_FALSE(ErrorIn("<Error><Code>x</Code>"));  // not well-formed: not S3's
  EXPECT_FALSE(ErrorIn(""));
}

// A service that answers every page with "more, from the same marker" would keep a listing
// (and the hourly sweep that lists) going for ever: the client stops at the repeat.
TEST(S3AnswersTest, AListingThatRepeatsItsPageEndsInAnError) {
  const auto always = [](const std::string& body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  };
  const testing_support::CannedListener objects(always(
      Listing("<IsTruncated>true</IsTruncated><NextContinuationToken>same</NextContinuationToken>"
              "<Contents><Key>k</Key><Size>1</Size></Contents>")));
  const S3Client to_objects({.endpoint = "http://127.0.0.1:" + objects.port(), .bucket = "b"},
                            {"AKID", "secret"});
  EXPECT_TRUE(Invalid([&] { to_objects.List("k"); }));
  EXPECT_EQ(objects.connections(), 2) << "the first page, then the same one again";

  const testing_support::CannedListener uploads(
      always("<ListMultipartUploadsResult><IsTruncated>true</IsTruncated>"
             "<NextKeyMarker>k</NextKeyMarker><NextUploadIdMarker>u</NextUploadIdMarker>"
             "</ListMultipartUploadsResult>"));
  const S3Client to_uploads({.endpoint = "http://127.0.0.1:" + uploads.port(), .bucket = "b"},
                            {"AKID", "secret"});
  EXPECT_TRUE(Invalid([&] { to_uploads.ListUploads("k"); }));
  EXPECT_EQ(uploads.connections(), 2);
}

}  // namespace
}  // namespace platform::blob::s3_answers
