#include "platform/core/ids.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <array>
#include <cctype>
#include <mutex>
#include <stdexcept>

#include "platform/core/clock.hpp"

namespace platform {

namespace {
constexpr char kHex[] = "0123456789abcdef";
}  // namespace
namespace {

void EnsureSodium() {
  static const bool ready = [] { return sodium_init() >= 0; }();
  if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

std::string RandomBytes(std::size_t bytes) {
  EnsureSodium();
  std::string out(bytes, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  EnsureSodium();
  constexpr auto kVariant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.find('\0'));
  return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
  EnsureSodium();
  constexpr auto kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.find('\0'));
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  EnsureSodium();
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

std::string RandomToken(std::size_t bytes) {
  return Base64UrlEncode(RandomBytes(bytes));
}

std::string NewId() {
  EnsureSodium();
  // RFC 9562 §5.7: 48-bit big-endian millisecond timestamp, version 7, variant 10.
  // Ids made by this process are strictly increasing (§6.2 method 1: the 12-bit rand_a field
  // is a counter within a millisecond), so ordering by id breaks ties between rows written in
  // the same millisecond in the order they were made (audit trails, keyset cursors).
  static std::mutex mutex;
  static std::uint64_t last_ms = 0;
  static std::uint32_t counter = 0;
  std::array<unsigned char, 16> b;
  randombytes_buf(b.data(), b.size());
  std::uint64_t ms = static_cast<std::uint64_t>(NowMillis());
  {
    std::lock_guard lock(mutex);
    if (ms <= last_ms) {
      ms = last_ms;
      if (++counter > 0xFFF) {  // 4096 ids in one millisecond: borrow the next one
        ++ms;
        counter = 0;
      }
    } else {
      counter =
          (static_cast<std::uint32_t>(b[6]) << 8 | b[7]) & 0x7FF;  // random start, room to count
    }
    last_ms = ms;
    b[6] = static_cast<unsigned char>(0x70 | (counter >> 8));
    b[7] = static_cast<unsigned char>(counter & 0xFF);
  }
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(ms >> (40 - 8 * i));
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0x0F]);
  }
  return out;
}

namespace {
std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0x0F]);
  }
  return out;
}
}  // namespace

std::string HexEncode(std::string_view bytes) {
  return Hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string Sha256Hex(std::string_view bytes) {
  Sha256Stream hash;
  hash.Update(bytes);
  return hash.HexDigest();
}

Sha256Stream::Sha256Stream() : context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr ||
      EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(context_), EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL: cannot start SHA-256");
  }
}

Sha256Stream::~Sha256Stream() {
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(context_));
}

void Sha256Stream::Update(std::string_view bytes) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(context_), bytes.data(), bytes.size());
}

std::string Sha256Stream::HexDigest() {
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(context_), hash, &size);
  return Hex(hash, size);
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

}  // namespace platform
