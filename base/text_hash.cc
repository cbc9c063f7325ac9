// Text hashing primitives (see text_hash.h).
#include "base/text_hash.h"

#include <array>

namespace pressoir::text_hash {

std::optional<uint32_t> DecodeUtf8(std::string_view text, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  int length = 0;
  uint32_t code_point = 0;
  if ((lead & 0xe0) == 0xc0) {
    length = 2;
    code_point = lead & 0x1f;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3;
    code_point = lead & 0x0f;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    ++i;
    return std::nullopt;
  }
  if (i + static_cast<size_t>(length) > text.size()) {
    ++i;
    return std::nullopt;
  }
  for (int k = 1; k < length; ++k) {
    const unsigned char next = byte(i + static_cast<size_t>(k));
    if ((next & 0xc0) != 0x80) {
      ++i;
      return std::nullopt;
    }
    code_point = (code_point << 6) | (next & 0x3f);
  }
  static constexpr std::array<uint32_t, 5> kMinimum = {0, 0, 0x80, 0x800, 0x10000};
  const bool invalid = code_point < kMinimum[static_cast<size_t>(length)] || code_point > 0x10ffff ||
                       (code_point >= 0xd800 && code_point <= 0xdfff);
  if (invalid) {
    ++i;
    return std::nullopt;
  }
  i += static_cast<size_t>(length);
  return code_point;
}

uint32_t SimpleLower(uint32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 0x20;
  if (c < 0xc0) return c;
  if (c <= 0xde) return c == 0xd7 ? c : c + 0x20;  // À..Þ
  if (c == 0x178) return 0xff;                     // Ÿ
  // Latin Extended-A pairs capitals and small letters, even/odd, with a shift at U+0139.
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177)) return c | 1;
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) return (c & 1) ? c + 1 : c;
  if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2) return c + 0x20;  // Greek
  if (c >= 0x410 && c <= 0x42f) return c + 0x20;                // Cyrillic А..Я
  if (c >= 0x400 && c <= 0x40f) return c + 0x50;                // Cyrillic Ѐ..Џ
  return c;
}

}  // namespace pressoir::text_hash
