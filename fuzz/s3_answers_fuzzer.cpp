// What an S3 service answers, as the S3 backend reads it (s3_answers.hpp): the input is one
// body, read as an error, a page of objects, a page of unfinished uploads, a new upload's id
// and a size. A buggy or hostile store may say anything; the promise is an S3Error
// "InvalidResponse" for what S3 does not write, so any other exception is a finding, as are
// crashes, sanitizer reports, XML entities expanded or a page that says "more" with no marker.

#include <cstdint>
#include <string_view>

#include "platform/blob/s3_answers.hpp"

namespace answers = platform::blob::s3_answers;

namespace {

template <class Parse>
void ExpectOnlyS3Errors(Parse parse) {
  try {
    parse();
  } catch (const platform::blob::S3Error& e) {
    if (e.code() != "InvalidResponse") __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (const auto error = answers::ErrorIn(body)) {
    // What it says came from the body itself: no entity was expanded into it.
    if (error->first.size() > body.size() || error->second.size() > body.size()) __builtin_trap();
  }
  ExpectOnlyS3Errors([&] {
    const auto page = answers::ParseObjectPage(body);
    for (const auto& object : page.objects) {
      if (object.key.empty() || object.key.size() > body.size()) __builtin_trap();
    }
  });
  ExpectOnlyS3Errors([&] {
    const auto page = answers::ParseUploadPage(body);
    if (page.next_key_marker.empty() && !page.next_upload_id_marker.empty()) __builtin_trap();
  });
  ExpectOnlyS3Errors([&] { (void)answers::UploadIdIn(body); });
  ExpectOnlyS3Errors([&] { (void)answers::ParseSize(body); });
  return 0;
}
