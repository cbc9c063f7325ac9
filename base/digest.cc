// SHA-256 and SHA-1 through libcrypto's one-shot EVP_Digest (see digest.h).
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

std::string Sha1Base32(std::string_view data) {
  std::array<uint8_t, 20> sha1{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), sha1.data(), &length, EVP_sha1(), nullptr);
  // RFC 4648 §6: 5 bits per character; 160 bits are exactly 32 characters.
  constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out = "sha1:";
  uint32_t buffer = 0;
  int bits = 0;
  for (uint8_t byte : sha1) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  return out;
}

}  // namespace pressoir::digest
