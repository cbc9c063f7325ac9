// Internal to the selector engine (selector.h); included only by css_parser.cc and
// xpath_parser.cc. What the two parsers share: errors reported as SelectorError with the
// column (Fail), the bound on nesting (NestingGuard, kMaxNesting in selector_ast.h), and the
// one character class both syntaxes use for names (IsNonAscii).
#ifndef PRESSOIR_EXTRACTORS_SELECTOR_PARSING_H_
#define PRESSOIR_EXTRACTORS_SELECTOR_PARSING_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "extractors/selector_ast.h"

namespace pressoir::selector::internal {

// Throws SelectorError: `message` at the 1-based column of `offset` in `source`, on one line.
[[noreturn]] void Fail(std::string_view source, const std::string& message, size_t offset);

// Counts nesting on the way down; throws past kMaxNesting.
class NestingGuard {
 public:
  NestingGuard(int* depth, std::string_view source, size_t offset) : depth_(depth) {
    if (++*depth_ > kMaxNesting) Fail(source, "selector nested too deeply", offset);
  }
  ~NestingGuard() { --*depth_; }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;

 private:
  int* depth_;
};

// Bytes of multi-byte UTF-8 sequences: name characters in CSS identifiers and XPath names.
constexpr bool IsNonAscii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

}  // namespace pressoir::selector::internal

#endif  // PRESSOIR_EXTRACTORS_SELECTOR_PARSING_H_
