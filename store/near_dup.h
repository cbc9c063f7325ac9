// Near-duplicate detection: 64-bit SimHash over word 3-shingles (Charikar 2002) and an index
// that finds a stored hash within a few bits of a query (Manku, Jain, Das Sarma, "Detecting
// near-duplicates for web crawling", WWW 2007), so that the same wire story published by two
// sites, or a page re-published under a new URL, is marked once in the manifest.
//
// What SimHash catches: the probability that one bit differs between two texts is about
// angle/pi, the angle between their shingle-count vectors. A distance of at most 3 bits is
// therefore reliable for copies that share all but about 1% of their shingles (a dateline, a
// byline, a few words), and unreliable beyond that: one rewritten 20-word sentence in a
// 600-word story moves the hash by 5 bits on average. Hash the body, not the title: sites
// rewrite a wire story's headline (see ArticleSimHash()).
#ifndef PRESSOIR_STORE_NEAR_DUP_H_
#define PRESSOIR_STORE_NEAR_DUP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pressoir::near_dup {

// SimHash of `text` (UTF-8; invalid bytes act as separators). Tokens are maximal runs of
// letters and digits, ASCII or not (accented Latin, Greek, Cyrillic, CJK...), lower-cased for
// ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic; everything else (spaces, punctuation,
// typographic quotes and dashes, symbols, emoji) separates tokens. The features are the
// overlapping 3-token shingles, each weighted by its count. Texts of one or two tokens hash
// their single shingle; a text with no token hashes to 0.
// The value is stored in manifests: it depends only on the text, never on the platform or the
// run, and changing this function makes old manifests' hashes incomparable with new ones.
uint64_t SimHash(std::string_view text);

// SimHash of a corpus article text ("title\n\nbody..."): the text after its first paragraph,
// since every site writes its own headline for the same wire story. A text of one paragraph
// is hashed whole.
uint64_t ArticleSimHash(std::string_view corpus_text);

// Number of differing bits.
int HammingDistance(uint64_t a, uint64_t b);

// 16 lower-case hex digits, as stored in the manifest's "simhash" field, and back.
std::string ToHex(uint64_t hash);
std::optional<uint64_t> FromHex(std::string_view hex);

// An index of (id, hash) pairs answering "which stored hash is within k bits of this one?".
//
// The 64 bits are cut into four 16-bit bands. Two hashes at distance <= 3 differ in at most
// three bands, so they agree exactly on at least one (pigeonhole); each band keys a table of
// buckets, and a query compares only the entries in its four buckets. For hashes spread like
// random ones a query looks at about 4n/65536 entries; texts that share a band value (e.g. many
// empty texts, all hashing to 0) share a bucket and make it longer, never wrong.
//
// Memory: 32 bytes per entry once Reserve()d (the hash, the id packed in 8 bytes, and one 32-bit
// link per band: a bucket is a list threaded through the entries), plus 1 MiB of bucket heads
// from the first Add() on. Ids that are not 16 lower-case hex digits (see PackArticleId(),
// store/article_index.h) cost a map entry more, and are returned exactly as they were added.
// Thread-compatible: const methods may run concurrently; Add() needs exclusive access.
class SimHashIndex {
 public:
  // Stores `id` with `hash`. Ids are not deduplicated: adding an id twice stores it twice.
  // Holds at most 2^32 - 1 entries (asserted).
  void Add(std::string_view id, uint64_t hash);

  // The id of the stored hash closest to `hash` if that one is at most `max_distance` bits
  // away (the earliest added among equally close ones), else nullopt. Every stored hash within
  // 3 bits is considered; with max_distance > 3 only those that share a band with `hash` are,
  // so some farther matches are missed. A negative max_distance finds nothing.
  std::optional<std::string> FindNear(uint64_t hash, int max_distance = 3) const;

  // Makes room for `entries` entries in all, so that loading a manifest whose line count is
  // known allocates once instead of doubling (and copying) the arrays.
  void Reserve(size_t entries);

  size_t size() const { return entries_.size(); }

 private:
  static constexpr int kBands = 4;
  static constexpr size_t kBandValues = size_t{1} << 16;
  struct Entry {
    uint64_t hash = 0;
    // next[b]: the position of the previous entry added with the same value of band b, or
    // kNoEntry. Each bucket is thus a list from the newest entry to the oldest.
    uint32_t next[kBands] = {};
  };
  static constexpr uint32_t kNoEntry = UINT32_MAX;

  std::vector<Entry> entries_;                           // in insertion order: the position is the age
  std::vector<uint64_t> ids_;                            // PackArticleId(id), or 0 for ids in other_ids_
  std::unordered_map<uint32_t, std::string> other_ids_;  // position -> an id PackArticleId refuses
  // heads_[b * kBandValues + v]: the newest entry whose band b is v, or kNoEntry. Empty until
  // the first Add().
  std::vector<uint32_t> heads_;
};

}  // namespace pressoir::near_dup

#endif  // PRESSOIR_STORE_NEAR_DUP_H_
