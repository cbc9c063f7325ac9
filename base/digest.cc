// SHA-256 through libcrypto's one-shot EVP_Digest (see digest.h).
#include "base/digest.h"

#include "base/ascii.h"

#include <openssl/evp.h>

namespace pressoir::digest {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

}  // namespace

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
  return digest;
}

std::string Sha256Hex(std::string_view data) { return ToHex(Sha256(data)); }

std::string ToHex(const Sha256Digest& digest) {
  std::string hex;
  hex.reserve(2 * digest.size());
  for (uint8_t byte : digest) {
    hex.push_back(kHexDigits[byte >> 4]);
    hex.push_back(kHexDigits[byte & 15]);
  }
  return hex;
}

std::optional<Sha256Digest> FromHex(std::string_view hex) {
  Sha256Digest digest{};
  if (hex.size() != 2 * digest.size()) return std::nullopt;
  for (size_t i = 0; i < digest.size(); ++i) {
    int high = ascii::LowerHexDigitValue(hex[2 * i]);
    int low = ascii::LowerHexDigitValue(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    digest[i] = static_cast<uint8_t>(high * 16 + low);
  }
  return digest;
}

}  // namespace pressoir::digest
