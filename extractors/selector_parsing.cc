// Error reporting shared by the selector parsers (see selector_parsing.h).
#include "extractors/selector_parsing.h"

#include "extractors/selector.h"

namespace pressoir::selector::internal {
namespace {

// Control characters (a decoded CSS escape such as "\a ", or a raw newline in the rule) are
// shown as \xHH, so that the message stays one "file:line: message" line.
std::string Printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}
}  // namespace

[[noreturn]] void Fail(std::string_view source, const std::string& message, size_t offset) {
  throw SelectorError(Printable(message) + " at column " + std::to_string(offset + 1) + " in selector '" +
                      Printable(source) + "'");
}
}  // namespace pressoir::selector::internal
