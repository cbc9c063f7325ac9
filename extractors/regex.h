// Regular expressions for rule files (URL patterns, lines to drop), backed by PCRE2.
//
// Why PCRE2 and not std::regex: libstdc++'s std::regex recurses per character and overflows
// the stack on long lines, which a hostile page can supply; PCRE2 has match limits, a JIT and
// UTF-8 support.
#ifndef PRESSOIR_EXTRACTORS_REGEX_H_
#define PRESSOIR_EXTRACTORS_REGEX_H_

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pressoir::regex {

// Thrown by Compile() only. what() is one lower-case line, e.g.
// "missing closing parenthesis at offset 5 in regular expression '(abc'".
class RegexError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A compiled, immutable regular expression (PCRE2 syntax, UTF-8 mode). Copies share the
// compiled code. Search() is safe to call from several threads at once.
class Regex {
 public:
  static Regex Compile(std::string_view pattern, bool case_insensitive = false);

  // True when the pattern matches anywhere in `subject`. A match that exceeds PCRE2's
  // backtracking limit counts as no match (hostile input must not hang the crawler).
  bool Search(std::string_view subject) const;

  const std::string& source() const { return source_; }

  struct Code;  // opaque; public only so that regex.cc can define it

 private:
  Regex() = default;
  std::string source_;
  std::shared_ptr<const Code> code_;
};

}  // namespace pressoir::regex

#endif  // PRESSOIR_EXTRACTORS_REGEX_H_
