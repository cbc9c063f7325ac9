// The language of an article: the page's declared language, checked against its text with
// CLD2 (Debian's libcld2; Google's Compact Language Detector 2), or a site rule's `language`.
//
// Decide() returns, in order:
//   - the rule's language, when the site rule sets one ("rule");
//   - the detected language, when the text is long enough (kMinDetectBytes) and CLD2 calls
//     its answer reliable, and the page declares no language, or declares one of another
//     family than the detected one and the text is mostly (kMinPercent) in the detected one
//     (an English template's lang="en" on a German article): "detected";
//   - the declared language, when there is one ("declared"): short text keeps it;
//   - nothing (language and source empty).
// Languages are BCP 47 primary tags, lower case ("fr", "de", "zh"). Close languages that CLD2
// and pages do not tell apart the same way (Norwegian Bokmål and Norwegian, Serbian, Croatian
// and Bosnian, Malay and Indonesian) count as one family: the declared one is kept.
// CLD2 reads at most kMaxDetectBytes of the text (a bounded cost per page). Thread-safe (CLD2
// keeps no state between calls).
#ifndef PRESSOIR_EXTRACTORS_LANGUAGE_H_
#define PRESSOIR_EXTRACTORS_LANGUAGE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace pressoir::language {

// CLD2 is not asked about less text than this: a few words say nothing reliable.
inline constexpr size_t kMinDetectBytes = 200;
// At most this much of the text is given to CLD2 (cut at a UTF-8 character boundary).
inline constexpr size_t kMaxDetectBytes = 512;
// The detected language must account for this share of the text to overrule a declared one.
inline constexpr int kMinPercent = 70;

// What CLD2 says of `utf8_text` (its first kMaxDetectBytes).
struct Detection {
  std::string language;  // primary tag, empty when unknown
  int percent = 0;       // share of the text in that language
  bool reliable = false;
  size_t text_bytes = 0;  // letters CLD2 scored
};
Detection Detect(std::string_view utf8_text);

// The BCP 47 primary tag of a declared value, lower case: "fr-BE" -> "fr", "en_US" -> "en",
// " DE " -> "de"; "" for a value that is not a language tag.
std::string PrimaryTag(std::string_view declared);

struct Decision {
  std::string language;  // primary tag, or empty
  std::string source;    // "rule", "detected", "declared" or empty
  std::string detail;    // for --explain: what CLD2 said and why it was used or not
};
// See the top of this file. `declared` as the page writes it; `rule_language` from the site
// rule (may be empty); `utf8_text` the article text (title and body).
Decision Decide(std::string_view declared, std::string_view rule_language, std::string_view utf8_text);

}  // namespace pressoir::language

#endif  // PRESSOIR_EXTRACTORS_LANGUAGE_H_
