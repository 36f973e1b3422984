#include "platform/blob/sigv4.hpp"

#include <gtest/gtest.h>

#include "platform/core/ids.hpp"

namespace platform::blob::sigv4 {
namespace {

// AWS's Signature Version 4 test suite: credentials, scope and date shared by every case;
// each case's request and its expected Authorization header are the suite's .req and .authz.
const Credentials kSuiteCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
const Scope kSuiteScope{"us-east-1", "service"};
constexpr std::string_view kSuiteDate = "20150830T123600Z";

Request SuiteRequest(std::string method, std::string path, Pairs query, Pairs extra_headers,
                     std::string_view body = "") {
  Request r{.method = std::move(method), .path = std::move(path), .query = std::move(query)};
  r.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", std::string(kSuiteDate)}};
  for (auto& h : extra_headers) r.headers.push_back(std::move(h));
  r.payload_sha256 = platform::Sha256Hex(body);
  return r;
}

struct SuiteCase {
  const char* name;
  Request request;
  const char* signed_headers;
  const char* signature;
};

std::vector<SuiteCase> SuiteCases() {
  return {
      {"get-vanilla", SuiteRequest("GET", "/", {}, {}), "host;x-amz-date",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-query-order-key-case",
       SuiteRequest("GET", "/", {{"Param2", "value2"}, {"Param1", "value1"}}, {}),
       "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-unreserved",
       SuiteRequest("GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                    {}, {}),
       "host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"},
      {"get-utf8", SuiteRequest("GET", "/\xE1\x88\xB4", {}, {}), "host;x-amz-date",
       "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
      {"get-header-value-trim",
       SuiteRequest("GET", "/", {}, {{"My-Header1", " value1"}, {"My-Header2", R"( "a   b   c")"}}),
       "host;my-header1;my-header2;x-amz-date",
       "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"},
      {"post-x-www-form-urlencoded",
       SuiteRequest("POST", "/", {}, {{"Content-Type", "application/x-www-form-urlencoded"}},
                    "Param1=value1"),
       "content-type;host;x-amz-date",
       "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
  };
}

TEST(SigV4Test, MatchesAwsPublishedTestSuite) {
  for (const auto& c : SuiteCases()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Authorization(c.request, kSuiteCredentials, kSuiteScope, kSuiteDate),
              std::string("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                          "aws4_request, SignedHeaders=") +
                  c.signed_headers + ", Signature=" + c.signature);
  }
}

TEST(SigV4Test, CanonicalFormsFollowTheSuite) {
  // get-vanilla-query-order-key-case.creq and get-utf8's canonical path.
  const auto query = SuiteRequest("GET", "/", {{"Param2", "value2"}, {"Param1", "value1"}}, {});
  EXPECT_EQ(CanonicalRequest(query),
            "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\n"
            "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(CanonicalPath("/\xE1\x88\xB4"), "/%E1%88%B4");
  EXPECT_EQ(CanonicalPath("/videos/a b+c.ts"), "/videos/a%20b%2Bc.ts");
  EXPECT_EQ(CanonicalQuery({{"prefix", "videos/1"}, {"list-type", "2"}}),
            "list-type=2&prefix=videos%2F1");
}

// S3's own examples ("Signature calculations for the Authorization header" and "Using
// query parameters"): examplebucket, 24 May 2013.
const Credentials kS3Credentials{"AKIAIOSFODNN7EXAMPLE",
                                 "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};
const Scope kS3Scope{"us-east-1", "s3"};
constexpr std::string_view kS3Date = "20130524T000000Z";

TEST(SigV4Test, MatchesS3GetObjectExample) {
  Request get{.method = "GET", .path = "/test.txt"};
  get.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                 {"Range", "bytes=0-9"},
                 {"x-amz-content-sha256", std::string(kEmptyPayloadSha256)},
                 {"x-amz-date", std::string(kS3Date)}};
  get.payload_sha256 = std::string(kEmptyPayloadSha256);
  EXPECT_EQ(StringToSign(get, kS3Scope, kS3Date),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(Authorization(get, kS3Credentials, kS3Scope, kS3Date),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
            "aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Test, MatchesS3PresignedUrlExample) {
  Request get{.method = "GET", .path = "/test.txt"};
  get.headers = {{"Host", "examplebucket.s3.amazonaws.com"}};
  EXPECT_EQ(PresignedQuery(get, kS3Credentials, kS3Scope, kS3Date, 86400),
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
            "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&"
            "X-Amz-SignedHeaders=host&X-Amz-Signature="
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(SigV4Test, RefusesWhatItCannotSign) {
  Request no_date{.path = "/"};
  no_date.headers = {{"Host", "example.amazonaws.com"}};
  EXPECT_THROW(Authorization(no_date, kSuiteCredentials, kSuiteScope, kSuiteDate),
               std::invalid_argument);
  EXPECT_THROW(StringToSign(no_date, kSuiteScope, "2015-08-30"), std::invalid_argument);
  EXPECT_THROW(PresignedQuery(no_date, kS3Credentials, kS3Scope, kS3Date, 604'801),
               std::invalid_argument);
  EXPECT_THROW(PresignedQuery(no_date, kS3Credentials, kS3Scope, kS3Date, 0),
               std::invalid_argument);
}

TEST(SigV4Test, AmzDateIsUtc) {
  EXPECT_EQ(AmzDate(1440938160), "20150830T123600Z");
  EXPECT_EQ(AmzDate(0), "19700101T000000Z");
}

}  // namespace
}  // namespace platform::blob::sigv4
