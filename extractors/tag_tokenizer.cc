// The out-of-line parts of the shared tag tokenizer (see tag_tokenizer.h): the scans that run
// once per comment or raw-text element rather than once per attribute.
#include "extractors/tag_tokenizer.h"

namespace pressoir::html {

size_t FindEndTag(std::string_view html, size_t from, std::string_view lower_name) {
  const size_t n = html.size();
  for (size_t i = from; i < n;) {
    const void* found = std::memchr(html.data() + i, '<', n - i);
    if (found == nullptr) return kNoEnd;
    const auto lt = static_cast<size_t>(static_cast<const char*>(found) - html.data());
    if (IsEndTagAt(html, lt, lower_name)) return lt;
    i = lt + 1;
  }
  return kNoEnd;
}

size_t CommentEnd(std::string_view html, size_t lt, CommentEndRule rule) {
  const size_t body = lt + 4;
  if (body > html.size()) return kNoEnd;  // not a comment start (see the precondition)
  if (html.substr(body, 1) == ">") return body + 1;
  if (html.substr(body, 2) == "->") return body + 2;
  if (rule == CommentEndRule::kDashDashGreaterOnly) {
    const size_t close = html.find("-->", body);
    return close == std::string_view::npos ? kNoEnd : close + 3;
  }
  // Comment end dash / end / end bang states (§13.2.5.49-51): "--" then '>' or "!>".
  for (size_t dashes = html.find("--", body); dashes != std::string_view::npos; dashes = html.find("--", dashes + 1)) {
    const std::string_view after = html.substr(dashes + 2);
    if (after.starts_with('>')) return dashes + 3;
    if (after.starts_with("!>")) return dashes + 4;
  }
  return kNoEnd;
}

}  // namespace pressoir::html
