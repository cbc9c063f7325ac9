// Stable text hashing primitives shared by the near-duplicate detector (store/near_dup) and
// the boilerplate learner (extractors/boilerplate): UTF-8 decoding, simple lower-casing and
// fixed hash functions. Values computed with these are stored on disk (manifest simhash,
// learned fingerprints), so they must never depend on the platform, the library or the run.
// Part of `base/`: standard library only.
#ifndef PRESSOIR_BASE_TEXT_HASH_H_
#define PRESSOIR_BASE_TEXT_HASH_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pressoir::text_hash {

// FNV-1a, 64-bit (http://www.isthe.com/chongo/tech/comp/fnv/): fixed and portable, unlike
// std::hash, whose values may change between library versions.
inline constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
inline constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

// Appends one byte to an FNV-1a hash (start from kFnvOffset).
inline uint64_t FnvAppendByte(uint64_t hash, uint8_t byte) {
  hash ^= byte;
  hash *= kFnvPrime;
  return hash;
}

// Appends the 4 bytes of `value` (a code point), least significant first, to an FNV-1a hash.
inline uint64_t FnvAppend(uint64_t hash, uint32_t value) {
  for (int shift = 0; shift < 32; shift += 8) hash = FnvAppendByte(hash, static_cast<uint8_t>(value >> shift));
  return hash;
}

// FNV-1a of the bytes of `bytes`.
inline uint64_t Fnv1a(std::string_view bytes) {
  uint64_t hash = kFnvOffset;
  for (char c : bytes) hash = FnvAppendByte(hash, static_cast<uint8_t>(c));
  return hash;
}

// The SplitMix64 finalizer (Steele, Lea, Flood 2014): a bijection whose output bits each
// depend on every input bit.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

// Decodes one UTF-8 sequence at `text[i]` (i < text.size()), advancing `i`. Returns nullopt
// for an invalid byte (stray continuation, overlong form, surrogate, truncated sequence),
// advancing by one.
std::optional<uint32_t> DecodeUtf8(std::string_view text, size_t& i);

// Simple one-to-one lower-casing for the scripts of the sites pressoir crawls: ASCII,
// Latin-1, Latin Extended-A, Greek and Cyrillic (no ICU dependency).
uint32_t SimpleLower(uint32_t c);

}  // namespace pressoir::text_hash

#endif  // PRESSOIR_BASE_TEXT_HASH_H_
