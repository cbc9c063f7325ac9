// An independent UTF-8 validator for tests (RFC 3629: no overlong forms, surrogates or code
// points past U+10FFFF), so that the project's own validator is not its own oracle.
#ifndef PRESSOIR_TESTS_SUPPORT_UTF8_ORACLE_H_
#define PRESSOIR_TESTS_SUPPORT_UTF8_ORACLE_H_

#include <cstddef>
#include <string_view>

namespace pressoir::testing {

inline bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80                 ? 1
                    : c >= 0xC2 && c <= 0xDF ? 2
                    : c >= 0xE0 && c <= 0xEF ? 3
                    : c >= 0xF0 && c <= 0xF4 ? 4
                                             : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    if (c == 0xE0 && static_cast<unsigned char>(text[i + 1]) < 0xA0) return false;  // overlong
    if (c == 0xED && static_cast<unsigned char>(text[i + 1]) > 0x9F) return false;  // surrogate
    if (c == 0xF0 && static_cast<unsigned char>(text[i + 1]) < 0x90) return false;  // overlong
    if (c == 0xF4 && static_cast<unsigned char>(text[i + 1]) > 0x8F) return false;  // > U+10FFFF
    i += length;
  }
  return true;
}

}  // namespace pressoir::testing

#endif  // PRESSOIR_TESTS_SUPPORT_UTF8_ORACLE_H_
