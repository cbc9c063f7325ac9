// Cryptographic digests as the corpus, the crawl state and the archive store them. Part of `base/`: depends
// on the standard library and OpenSSL's libcrypto only.
#ifndef PRESSOIR_BASE_DIGEST_H_
#define PRESSOIR_BASE_DIGEST_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pressoir::digest {

inline constexpr size_t kSha256Bytes = 32;

// A SHA-256 as its raw bytes: half the size of its hex form, and no heap allocation, for
// indexes that hold one per article.
using Sha256Digest = std::array<uint8_t, kSha256Bytes>;

// SHA-256 of `data`. Thread-safe.
Sha256Digest Sha256(std::string_view data);

// SHA-256 of `data` as 64 lower-case hex digits. Thread-safe.
std::string Sha256Hex(std::string_view data);

// `digest` as 64 lower-case hex digits (what Sha256Hex returns).
std::string ToHex(const Sha256Digest& digest);

// The digest that `hex` spells if it is exactly 64 lower-case hex digits, the only form
// Sha256Hex writes; nullopt for anything else (upper case included), so that
// ToHex(*FromHex(s)) == s whenever FromHex(s) has a value.
std::optional<Sha256Digest> FromHex(std::string_view hex);

// SHA-1 of `data` in the form WARC files carry it (WARC-Block-Digest, WARC-Payload-Digest):
// "sha1:" and the 20 bytes in RFC 4648 base32 (upper case, 32 characters, no padding needed).
// SHA-1 is what every WARC tool writes and checks (warcio, wget, Heritrix); it identifies
// content, it does not authenticate it. Thread-safe.
std::string Sha1Base32(std::string_view data);

}  // namespace pressoir::digest

#endif  // PRESSOIR_BASE_DIGEST_H_
