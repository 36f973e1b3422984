#pragma once

// Avatars, cover images (and later thumbnails): JPEG, PNG or WebP by their bytes, at most
// 10 MB, then decoded, stripped of metadata (EXIF, GPS) and scaled to the size clients show,
// stored as a JPEG object under a fresh key, so a replaced image's URL never changes meaning
// and the old object can simply be deleted.

#include <string>

#include "platform/blob/blob_store.hpp"
#include "platform/core/error.hpp"
#include "platform/media/helper.hpp"
#include "platform/uploads/form_upload.hpp"

namespace viztube::users {

inline constexpr std::int64_t kMaxImageBytes = 10LL << 20;
inline constexpr int kAvatarSide = 512;
inline constexpr int kCoverSide = 1920;

platform::uploads::FilePolicy ImagePolicy(bool required);

// Where images and videos are decoded: the media-helper program beside the server, so the
// server never maps libvips or FFmpeg (platform/media/helper.hpp).
const platform::media::MediaHelper& Media();

// Decodes `upload`, writes the scaled JPEG and stores it at `key`. 422 VALIDATION for a file
// that is not a readable image or is over the pixel limits. Blocking: on the pool.
platform::Result<std::string> StoreImage(platform::blob::BlobStore& blobs,
                                         const platform::uploads::ReceivedFile& upload,
                                         const std::string& field, const std::string& key,
                                         int max_side);

}  // namespace viztube::users
