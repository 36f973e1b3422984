#include "viztube/users/images.hpp"

#include <filesystem>

#include "platform/net/json_fields.hpp"

namespace viztube::users {

using platform::Error;

platform::uploads::FilePolicy ImagePolicy(bool required) {
  return {.required = required,
          .judge = [](const platform::uploads::FileHead& head) -> platform::Result<std::int64_t> {
            const std::string_view mime = head.mime;
            if (mime == "image/jpeg" || mime == "image/png" || mime == "image/webp") {
              return kMaxImageBytes;
            }
            return Error(
                platform::errors::kUnsupportedMediaType,
                "images must be JPEG, PNG or WebP (this file is " + std::string(mime) + ")",
                {{"detectedType", mime}});
          },
          .too_large =
              [](const platform::uploads::FileHead&, std::int64_t max) {
                return Error(platform::errors::kPayloadTooLarge, "images may be up to 10 MB",
                             {{"maxBytes", max}});
              }};
}

const platform::media::MediaHelper& Media() {
  static const platform::media::MediaHelper helper;
  return helper;
}

platform::Result<std::string> StoreImage(platform::blob::BlobStore& blobs,
                                         const platform::uploads::ReceivedFile& upload,
                                         const std::string& field, const std::string& key,
                                         int max_side) {
  std::filesystem::path out = blobs.NewTempFile();
  out += ".jpg";
  try {
    // Pixel bombs are refused from the header, before a pixel is decoded.
    Media().WriteImageThumbnail(upload.temp_path(), out, max_side);
    blobs.PutObject(key, out);
    return key;
  } catch (const platform::media::MediaError& e) {
    std::error_code ignored;
    std::filesystem::remove(out, ignored);
    return platform::net::UnprocessableField(field, e.what());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(out, ignored);
    throw;
  }
}

}  // namespace viztube::users
