// PCRE2 wrapper (see regex.h).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "extractors/regex.h"

#include <pcre2.h>

namespace pressoir::regex {

struct Regex::Code {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  ~Code() {
    pcre2_match_context_free(context);
    pcre2_code_free(code);
  }
};

Regex Regex::Compile(std::string_view pattern, bool case_insensitive) {
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  uint32_t flags = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
  if (case_insensitive) flags |= PCRE2_CASELESS;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), flags, &error_code,
                                   &error_offset, nullptr);
  if (code == nullptr) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error_code, message, sizeof(message));
    throw RegexError(std::string(reinterpret_cast<const char*>(message)) + " at offset " +
                     std::to_string(error_offset) + " in regular expression '" + std::string(pattern) + "'");
  }
  // JIT makes matching several times faster; when unavailable, the interpreter still works.
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  auto compiled = std::make_shared<Code>();
  compiled->code = code;
  compiled->context = pcre2_match_context_create(nullptr);
  // Bounds catastrophic backtracking (e.g. (a+)+b on a long line of a's).
  pcre2_set_match_limit(compiled->context, 1'000'000);
  pcre2_set_depth_limit(compiled->context, 10'000);
  Regex regex;
  regex.source_ = std::string(pattern);
  regex.code_ = std::move(compiled);
  return regex;
}

bool Regex::Search(std::string_view subject) const {
  if (!code_) return false;
  pcre2_match_data* match_data = pcre2_match_data_create_from_pattern(code_->code, nullptr);
  if (match_data == nullptr) return false;
  int result = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0, match_data,
                           code_->context);
  pcre2_match_data_free(match_data);
  return result >= 0;
}

}  // namespace pressoir::regex
