// Compact per-article state of the corpus writer, which holds one entry per article of the
// corpus (millions, for a corpus that cron has filled for months) for as long as it runs:
//  - packed ids: an id as ArticleId() writes it (16 lower-case hex digits) held as the 64-bit
//    number it spells, 8 bytes instead of a heap string;
//  - DigestIndex: the SHA-256 that the manifest records for each id, as raw bytes.
// Ids of any other form (manifests written by hand or by tests, "a1") are kept exactly, in a
// side table that pressoir's own ids never reach: every id behaves as before, whatever its form.
#ifndef PRESSOIR_STORE_ARTICLE_INDEX_H_
#define PRESSOIR_STORE_ARTICLE_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/digest.h"

namespace pressoir::corpus {

// Number of hex digits of an id written by ArticleId().
inline constexpr size_t kArticleIdDigits = 16;

// The number `id` spells if it is exactly 16 lower-case hex digits, else nullopt (upper case
// included: "0A..." and "0a..." are different ids), so that UnpackArticleId(*PackArticleId(id))
// == id whenever PackArticleId(id) has a value.
std::optional<uint64_t> PackArticleId(std::string_view id);

// The 16 lower-case hex digits of `packed`.
std::string UnpackArticleId(uint64_t packed);

// Id -> the SHA-256 recorded for the article, in about 51 bytes per article once Reserve()d
// (41-byte slots, at most 80% full) for packable ids, against some 250 for a map of hex strings.
// Thread-compatible.
class DigestIndex {
 public:
  // What a manifest line records: the digest of the article file, or nullopt when its "sha256"
  // is not 64 lower-case hex digits (missing or damaged). Sha256Hex writes only that form, so a
  // nullopt record describes no file, exactly as the string it replaces would not have.
  using Recorded = std::optional<digest::Sha256Digest>;

  // Records `recorded` for `id`, replacing its earlier record.
  void Set(std::string_view id, const Recorded& recorded);
  // The record of `id`, or nullopt when it has none.
  std::optional<Recorded> Find(std::string_view id) const;
  bool Contains(std::string_view id) const { return Find(id).has_value(); }
  // Makes room for `ids` ids, so that loading a manifest whose line count is known allocates
  // the table once, at its final size, instead of growing it (and holding the old copy too).
  void Reserve(size_t ids);
  size_t size() const { return used_ + other_ids_.size(); }

 private:
  struct Slot {
    uint64_t id = 0;
    digest::Sha256Digest digest{};
  };
  // Per slot: empty, or holding an id with a digest, or an id without one.
  enum SlotState : uint8_t { kEmpty, kWithDigest, kWithoutDigest };

  // The slot holding `id`, or the empty slot where it would go. Needs a slot free.
  size_t Probe(uint64_t id) const;
  void Rehash(size_t capacity);

  // Open addressing with linear probing over packed ids (never erased, so no tombstones).
  std::vector<Slot> slots_;
  std::vector<uint8_t> states_;  // SlotState of each slot
  size_t used_ = 0;
  std::unordered_map<std::string, Recorded> other_ids_;  // ids PackArticleId refuses
};

}  // namespace pressoir::corpus

#endif  // PRESSOIR_STORE_ARTICLE_INDEX_H_
