// ASCII text helpers shared by every module: case folding, the whitespace sets of the formats
// pressoir reads, trimming. Bytes >= 0x80 are never changed or treated as space, so the
// helpers are safe on UTF-8 (and on bytes of unknown charset).
//
// Which whitespace: formats disagree, and each reader must keep the set its format defines.
//  - IsHtmlSpace: WHATWG "ASCII whitespace" (TAB, LF, FF, CR, SPACE), used by HTML, URLs,
//    MIME types and XML-ish formats (RSS/Atom attribute values).
//  - IsSpace: the C locale's isspace() (HTML's set plus VT), for text that is not HTML.
//  - IsBlank: SPACE and TAB only (HTTP's OWS, RFC 9110 §5.6.3).
//  - IsLineSpace: whitespace inside one line, line breaks excluded (SPACE, TAB, VT, FF), for
//    line-based formats such as robots.txt once split into lines.
//  - IsC0ControlOrSpace and IsTabOrNewline: the WHATWG URL parser's sets, stripped from the
//    ends of a URL string and removed from inside it.
// CSS has HTML's set too (CSS Syntax §3.3 preprocesses CR and FF into LF): use IsHtmlSpace.
//
// Part of `base/`, the bottom of the dependency graph: depends on the standard library only.
#ifndef PRESSOIR_BASE_ASCII_H_
#define PRESSOIR_BASE_ASCII_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pressoir::ascii {

constexpr bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
constexpr bool IsSpace(char c) { return IsHtmlSpace(c) || c == '\v'; }
constexpr bool IsBlank(char c) { return c == ' ' || c == '\t'; }
constexpr bool IsLineSpace(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }
// WHATWG URL "C0 control or space": U+0000..U+001F and SPACE.
constexpr bool IsC0ControlOrSpace(char c) { return static_cast<unsigned char>(c) <= 0x20; }
// WHATWG URL "ASCII tab or newline": TAB, LF, CR.
constexpr bool IsTabOrNewline(char c) { return c == '\t' || c == '\n' || c == '\r'; }

constexpr bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
constexpr bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The value of a hex digit of either case (percent-encoding, what others write); -1 for any
// other character.
constexpr int HexDigitValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The value of a lower-case hex digit; -1 for anything else, upper case included: for the forms
// pressoir writes itself (ids, digests, SimHashes), where another spelling means another string.
constexpr int LowerHexDigitValue(char c) { return c >= 'A' && c <= 'F' ? -1 : HexDigitValue(c); }

// The 64-bit number that exactly 16 hex digits spell (lower case only when `lower_only`);
// nullopt for any other text.
constexpr std::optional<uint64_t> ParseHex64(std::string_view hex, bool lower_only) {
  if (hex.size() != 16) return std::nullopt;
  uint64_t value = 0;
  for (char c : hex) {
    int digit = lower_only ? LowerHexDigitValue(c) : HexDigitValue(c);
    if (digit < 0) return std::nullopt;
    value = (value << 4) | static_cast<uint64_t>(digit);
  }
  return value;
}
constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }

constexpr char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr char ToUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

inline std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = ToLower(c);
  return lower;
}

inline std::string ToUpper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = ToUpper(c);
  return upper;
}

// Case-insensitive (ASCII) comparisons. Both arguments may have any case.
constexpr bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLower(a[i]) != ToLower(b[i])) return false;
  }
  return true;
}

constexpr bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

constexpr bool EndsWithIgnoreCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && EqualsIgnoreCase(text.substr(text.size() - suffix.size()), suffix);
}

// Whether `needle` occurs in `text`, ignoring ASCII case. O(|text| * |needle|): for the short
// needles (attribute values, keywords) it is used with.
constexpr bool ContainsIgnoreCase(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  for (size_t i = 0; i + needle.size() <= text.size(); ++i) {
    if (EqualsIgnoreCase(text.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

// `text` without leading (TrimLeftIf), trailing (TrimRightIf) or both (TrimIf) characters of
// the given set.
template <typename IsSpaceFn>
constexpr std::string_view TrimLeftIf(std::string_view text, IsSpaceFn is_space) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  return text;
}

template <typename IsSpaceFn>
constexpr std::string_view TrimRightIf(std::string_view text, IsSpaceFn is_space) {
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

template <typename IsSpaceFn>
constexpr std::string_view TrimIf(std::string_view text, IsSpaceFn is_space) {
  return TrimRightIf(TrimLeftIf(text, is_space), is_space);
}

constexpr std::string_view TrimHtmlSpace(std::string_view text) { return TrimIf(text, IsHtmlSpace); }
constexpr std::string_view Trim(std::string_view text) { return TrimIf(text, IsSpace); }

}  // namespace pressoir::ascii

#endif  // PRESSOIR_BASE_ASCII_H_
