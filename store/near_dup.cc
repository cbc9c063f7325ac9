// SimHash over word shingles and the banded index (see near_dup.h).
#include "store/near_dup.h"

#include "base/ascii.h"
#include "base/text_hash.h"
#include "store/article_index.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <limits>

namespace pressoir::near_dup {
namespace {

using text_hash::DecodeUtf8;
using text_hash::FnvAppend;
using text_hash::kFnvOffset;
using text_hash::Mix64;
using text_hash::SimpleLower;

constexpr int kShingleSize = 3;

// Letters and digits, by block rather than by the full Unicode tables (no ICU dependency):
// ASCII alphanumerics, the Latin-1 letters, and everything from U+0250 on except the blocks
// of spaces, punctuation, symbols and emoji that news text actually contains. Combining marks
// (U+0300..U+036F) count as letters so that decomposed accents stay inside their word.
bool IsWordCharacter(uint32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c < 0xc0) return c == 0xaa || c == 0xb5 || c == 0xba;  // ª µ º; the rest is NBSP, « », ©...
  if (c == 0xd7 || c == 0xf7) return false;                  // × ÷
  if (c >= 0x2000 && c <= 0x2bff) return false;    // general punctuation (’ “ ” – — …), symbols, arrows
  if (c >= 0x3000 && c <= 0x303f) return false;    // CJK punctuation, ideographic space
  if (c >= 0xfe00 && c <= 0xfe0f) return false;    // variation selectors
  if (c >= 0xfe30 && c <= 0xfe4f) return false;    // CJK compatibility forms
  if (c == 0xfeff) return false;                   // byte order mark
  if (c >= 0xff00 && c <= 0xff0f) return false;    // full-width punctuation
  if (c >= 0x1f000 && c <= 0x1faff) return false;  // emoji and pictographs
  return true;
}

// Calls `on_token(hash)` for each token of `text`, in order.
template <typename OnToken>
void ForEachToken(std::string_view text, OnToken on_token) {
  uint64_t hash = kFnvOffset;
  bool in_token = false;
  size_t i = 0;
  while (i < text.size()) {
    std::optional<uint32_t> c = DecodeUtf8(text, i);
    if (c && IsWordCharacter(*c)) {
      hash = FnvAppend(hash, SimpleLower(*c));
      in_token = true;
      continue;
    }
    if (in_token) on_token(hash);
    hash = kFnvOffset;
    in_token = false;
  }
  if (in_token) on_token(hash);
}

// Order-sensitive combination of up to three token hashes into one feature hash.
uint64_t ShingleHash(const uint64_t* tokens, int count) {
  uint64_t hash = uint64_t{0x9e3779b97f4a7c15} * static_cast<uint64_t>(count);
  for (int k = 0; k < count; ++k) hash = Mix64(hash ^ tokens[k]);
  return hash;
}

}  // namespace

uint64_t SimHash(std::string_view text) {
  // For each of the 64 bit positions, how many features have that bit set, kept as bit-sliced
  // binary counters: plane k holds bit k of all 64 counts, so adding a feature is a
  // ripple-carry add of one 64-bit word (about two steps on average), not 64 increments.
  std::array<uint64_t, 40> planes{};
  uint64_t features = 0;
  const auto add_feature = [&](uint64_t feature) {
    ++features;
    for (size_t k = 0; feature != 0 && k < planes.size(); ++k) {
      uint64_t carry = planes[k] & feature;
      planes[k] ^= feature;
      feature = carry;
    }
  };
  std::array<uint64_t, kShingleSize> window{};  // the last kShingleSize token hashes
  size_t tokens = 0;
  ForEachToken(text, [&](uint64_t token) {
    if (tokens >= kShingleSize) std::copy(window.begin() + 1, window.end(), window.begin());
    window[std::min<size_t>(tokens, kShingleSize - 1)] = token;
    ++tokens;
    if (tokens >= kShingleSize) add_feature(ShingleHash(window.data(), kShingleSize));
  });
  if (tokens == 0) return 0;
  if (tokens < kShingleSize) add_feature(ShingleHash(window.data(), static_cast<int>(tokens)));
  // A bit of the hash is set when more features have it set than not (weight > 0).
  uint64_t result = 0;
  for (size_t bit = 0; bit < 64; ++bit) {
    uint64_t ones = 0;
    for (size_t k = 0; k < planes.size(); ++k) ones |= ((planes[k] >> bit) & 1) << k;
    if (2 * ones > features) result |= uint64_t{1} << bit;
  }
  return result;
}

uint64_t ArticleSimHash(std::string_view corpus_text) {
  // The title is the first line; the corpus writes "title\n\nbody".
  size_t blank = corpus_text.find("\n\n");
  if (blank == std::string_view::npos) return SimHash(corpus_text);
  std::string_view body = corpus_text.substr(blank + 2);
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return SimHash(corpus_text);
  return SimHash(body);
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

std::string ToHex(uint64_t hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(16, '0');
  for (int k = 15; k >= 0; --k, hash >>= 4) hex[static_cast<size_t>(k)] = kHex[hash & 15];
  return hex;
}

std::optional<uint64_t> FromHex(std::string_view hex) { return ascii::ParseHex64(hex, /*lower_only=*/false); }

namespace {
uint16_t Band(uint64_t hash, int band) { return static_cast<uint16_t>(hash >> (16 * band)); }
}  // namespace

void SimHashIndex::Add(std::string_view id, uint64_t hash) {
  assert(entries_.size() < kNoEntry && "SimHashIndex holds at most 2^32-1 entries");
  if (heads_.empty()) heads_.assign(kBands * kBandValues, kNoEntry);
  const auto position = static_cast<uint32_t>(entries_.size());
  Entry entry;
  entry.hash = hash;
  for (int band = 0; band < kBands; ++band) {
    uint32_t& head = heads_[static_cast<size_t>(band) * kBandValues + Band(hash, band)];
    entry.next[band] = head;
    head = position;
  }
  entries_.push_back(entry);
  std::optional<uint64_t> packed = corpus::PackArticleId(id);
  ids_.push_back(packed.value_or(0));
  if (!packed) other_ids_.emplace(position, std::string(id));
}

void SimHashIndex::Reserve(size_t entries) {
  entries_.reserve(entries);
  ids_.reserve(entries);
}

std::optional<std::string> SimHashIndex::FindNear(uint64_t hash, int max_distance) const {
  if (max_distance < 0 || entries_.empty()) return std::nullopt;
  // Buckets are scanned band by band, newest first, so "earliest added" needs the smallest
  // position among the closest, not the first one seen.
  uint32_t best = kNoEntry;
  int best_distance = max_distance + 1;
  for (int band = 0; band < kBands; ++band) {
    uint32_t position = heads_[static_cast<size_t>(band) * kBandValues + Band(hash, band)];
    for (; position != kNoEntry; position = entries_[position].next[band]) {
      int distance = HammingDistance(hash, entries_[position].hash);
      if (distance > max_distance) continue;
      if (distance < best_distance || (distance == best_distance && position < best)) {
        best_distance = distance;
        best = position;
      }
    }
  }
  if (best == kNoEntry) return std::nullopt;
  if (auto other = other_ids_.find(best); other != other_ids_.end()) return other->second;
  return corpus::UnpackArticleId(ids_[best]);
}

}  // namespace pressoir::near_dup
