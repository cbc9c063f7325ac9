// Packed ids and the digest table (see article_index.h).
#include "store/article_index.h"

#include <algorithm>
#include <cassert>

#include "base/ascii.h"
#include "base/text_hash.h"

namespace pressoir::corpus {
namespace {

// The table grows (by half) before it is more than 80% full: linear probing then looks at
// about 3 slots for an id present and 13 for an id absent, while the slots stay dense.
constexpr size_t kMaxLoadNumerator = 4;
constexpr size_t kMaxLoadDenominator = 5;
constexpr size_t kMinCapacity = 16;

// Smallest capacity that holds `ids` ids within the maximum load.
size_t CapacityFor(size_t ids) { return std::max(kMinCapacity, ids * kMaxLoadDenominator / kMaxLoadNumerator + 1); }

// Ids are SHA-256 prefixes, but ids in hand-written or test manifests need not be spread:
// mixing first keeps sequential ids from filling runs of slots.
size_t HomeSlot(uint64_t id, size_t capacity) {
  // Multiply-shift range reduction (Lemire 2019) on the mixed hash's top 32 bits: any
  // capacity, not only powers of two, so that Reserve() sizes the table to the manifest.
  const uint64_t top = text_hash::Mix64(id) >> 32;
  return static_cast<size_t>((top * capacity) >> 32);
}

}  // namespace

std::optional<uint64_t> PackArticleId(std::string_view id) {
  static_assert(kArticleIdDigits == 16, "an id is the 16 hex digits of a 64-bit number");
  return ascii::ParseHex64(id, /*lower_only=*/true);
}

std::string UnpackArticleId(uint64_t packed) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(kArticleIdDigits, '0');
  for (size_t k = kArticleIdDigits; k > 0; --k, packed >>= 4) id[k - 1] = kHex[packed & 15];
  return id;
}

size_t DigestIndex::Probe(uint64_t id) const {
  const size_t capacity = slots_.size();
  for (size_t slot = HomeSlot(id, capacity);; slot = slot + 1 == capacity ? 0 : slot + 1) {
    if (states_[slot] == kEmpty || slots_[slot].id == id) return slot;
  }
}

void DigestIndex::Rehash(size_t capacity) {
  assert(capacity > used_);
  std::vector<Slot> old_slots(capacity);
  std::vector<uint8_t> old_states(capacity, kEmpty);
  old_slots.swap(slots_);
  old_states.swap(states_);
  for (size_t i = 0; i < old_slots.size(); ++i) {
    if (old_states[i] == kEmpty) continue;
    const size_t slot = Probe(old_slots[i].id);
    slots_[slot] = old_slots[i];
    states_[slot] = old_states[i];
  }
}

void DigestIndex::Reserve(size_t ids) {
  if (CapacityFor(ids) > slots_.size()) Rehash(CapacityFor(ids));
}

void DigestIndex::Set(std::string_view id, const Recorded& recorded) {
  std::optional<uint64_t> packed = PackArticleId(id);
  if (!packed) {
    other_ids_[std::string(id)] = recorded;
    return;
  }
  if ((used_ + 1) * kMaxLoadDenominator > slots_.size() * kMaxLoadNumerator) {
    Rehash(std::max(CapacityFor(used_ + 1), slots_.size() + slots_.size() / 2));
  }
  const size_t slot = Probe(*packed);
  if (states_[slot] == kEmpty) ++used_;
  slots_[slot].id = *packed;
  slots_[slot].digest = recorded.value_or(digest::Sha256Digest{});
  states_[slot] = recorded ? kWithDigest : kWithoutDigest;
}

std::optional<DigestIndex::Recorded> DigestIndex::Find(std::string_view id) const {
  std::optional<uint64_t> packed = PackArticleId(id);
  if (!packed) {
    auto other = other_ids_.find(std::string(id));
    if (other == other_ids_.end()) return std::nullopt;
    return std::optional<Recorded>(std::in_place, other->second);
  }
  if (slots_.empty()) return std::nullopt;
  const size_t slot = Probe(*packed);
  switch (states_[slot]) {
    case kWithDigest:
      return std::optional<Recorded>(std::in_place, slots_[slot].digest);
    case kWithoutDigest:
      return std::optional<Recorded>(std::in_place, std::nullopt);
    default:
      return std::nullopt;
  }
}

}  // namespace pressoir::corpus
