// Text runs set aside before parsing (see text_runs.h).
#include "extractors/text_runs.h"

#include <array>
#include <cstring>

#include "base/ascii.h"

namespace pressoir::html {
namespace {

// ASCII bytes that a verbatim run may hold: printable characters but '&', and tab, line feed,
// form feed (space is printable). 0x7F (DEL) and the other C0 controls are replaced or
// normalized by the parser.
constexpr std::array<bool, 128> kVerbatimAscii = [] {
  std::array<bool, 128> table{};
  for (int c = 0x20; c < 0x7F; ++c) table[static_cast<size_t>(c)] = c != '&';
  table['\t'] = table['\n'] = table['\f'] = true;
  return table;
}();

// What AppendCollapsedVerbatim does with a byte: copy it, collapse it (whitespace), check the
// UTF-8 sequence it starts, or give up (a byte the parser changes).
enum class ByteClass : unsigned char { kCopy, kSpace, kHigh, kReject };
constexpr std::array<ByteClass, 256> kByteClasses = [] {
  std::array<ByteClass, 256> table{};
  for (size_t c = 0; c < 256; ++c) {
    if (c >= 0x80) {
      table[c] = ByteClass::kHigh;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\f') {
      table[c] = ByteClass::kSpace;
    } else {
      table[c] = kVerbatimAscii[c] ? ByteClass::kCopy : ByteClass::kReject;
    }
  }
  return table;
}();

constexpr bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at text[i] (a byte >= 0x80) whose code point Gumbo
// keeps as it is, or 0: ill-formed, a C1 control (U+0080-U+009F), a noncharacter (U+FDD0-U+FDEF,
// U+xxFFFE, U+xxFFFF) or a placeholder lead byte (0xEE).
size_t KeptSequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  const size_t left = text.size() - i;
  if (lead >= 0xC2 && lead <= 0xDF) {
    if (left < 2 || !IsContinuation(byte(i + 1))) return 0;
    return lead == 0xC2 && byte(i + 1) <= 0x9F ? 0 : 2;  // C1 controls
  }
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (lead == kPlaceholderLead || left < 3 || !IsContinuation(byte(i + 1)) || !IsContinuation(byte(i + 2))) return 0;
    const unsigned char second = byte(i + 1);
    if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
    if (lead == 0xED && second > 0x9F) return 0;  // surrogates
    if (lead == 0xEF) {
      const unsigned char third = byte(i + 2);
      if (second == 0xB7 && third >= 0x90 && third <= 0xAF) return 0;  // U+FDD0-U+FDEF
      if (second == 0xBF && third >= 0xBE) return 0;                   // U+FFFE, U+FFFF
    }
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (left < 4 || !IsContinuation(byte(i + 1)) || !IsContinuation(byte(i + 2)) || !IsContinuation(byte(i + 3))) {
      return 0;
    }
    const unsigned char second = byte(i + 1);
    if (lead == 0xF0 && second < 0x90) return 0;  // overlong
    if (lead == 0xF4 && second > 0x8F) return 0;  // past U+10FFFF
    // U+xFFFE and U+xFFFF of the supplementary planes: the low 16 bits all ones but the last.
    if ((second & 0x0F) == 0x0F && byte(i + 2) == 0xBF && byte(i + 3) >= 0xBE) return 0;
    return 4;
  }
  return 0;
}

}  // namespace

bool IsVerbatimText(std::string_view text) {
  if (text.empty() || ascii::IsHtmlSpace(text[0])) return false;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (!kVerbatimAscii[c]) return false;
      ++i;
      continue;
    }
    const size_t length = KeptSequenceLength(text, i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

bool AppendCollapsedVerbatim(std::string_view text, std::string& out) {
  if (text.empty() || ascii::IsHtmlSpace(text[0])) return false;
  const size_t restore = out.size();
  size_t i = 0;
  while (i < text.size()) {
    // A stretch of characters other than whitespace, appended at once.
    size_t stretch = i;
    ByteClass kind = ByteClass::kCopy;
    while (stretch < text.size()) {
      kind = kByteClasses[static_cast<unsigned char>(text[stretch])];
      if (kind == ByteClass::kCopy) {
        ++stretch;
      } else if (kind == ByteClass::kHigh) {
        const size_t length = KeptSequenceLength(text, stretch);
        if (length == 0) {
          kind = ByteClass::kReject;
          break;
        }
        stretch += length;
      } else {
        break;
      }
    }
    out.append(text, i, stretch - i);
    if (stretch == text.size()) break;
    if (kind == ByteClass::kReject) {  // a character the parser changes
      out.resize(restore);
      return false;
    }
    out.push_back(text[stretch]);  // the first whitespace character of a run
    i = stretch + 1;
    while (i < text.size() && kByteClasses[static_cast<unsigned char>(text[i])] == ByteClass::kSpace) ++i;
  }
  return true;
}

void RestoreTextRuns(std::string& text, const TextRuns& runs) {
  const void* first = std::memchr(text.data(), kPlaceholderLead, text.size());
  if (first == nullptr) return;
  std::string restored;
  restored.reserve(text.size() + 64);
  size_t copied = 0;
  for (size_t i = static_cast<size_t>(static_cast<const char*>(first) - text.data()); i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) != kPlaceholderLead || i + 2 >= text.size()) continue;
    const size_t index = ((static_cast<size_t>(text[i + 1]) & 0x3F) << 6) | (static_cast<size_t>(text[i + 2]) & 0x3F);
    if (index >= runs.size()) continue;  // not one of ours (the caller's contract rules it out)
    restored.append(text, copied, i - copied);
    restored.append(runs.Run(index));
    copied = i + 3;
    i += 2;
  }
  restored.append(text, copied, std::string::npos);
  text = std::move(restored);
}

}  // namespace pressoir::html
