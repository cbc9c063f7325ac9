// Language decisions with CLD2 (see language.h). The only CLD2 user.
#include "extractors/language.h"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <array>

#include "base/ascii.h"

namespace pressoir::language {
namespace {

// Languages that pages and CLD2 name differently for the same text: the declared one stays.
constexpr std::array<std::array<std::string_view, 4>, 4> kFamilies = {{
    {"no", "nb", "nn", ""},
    {"sr", "hr", "bs", "sh"},
    {"ms", "id", "", ""},
    {"zh", "yue", "", ""},
}};

bool SameFamily(std::string_view a, std::string_view b) {
  if (a == b) return true;
  for (const auto& family : kFamilies) {
    bool has_a = std::find(family.begin(), family.end(), a) != family.end();
    bool has_b = std::find(family.begin(), family.end(), b) != family.end();
    if (has_a && has_b) return true;
  }
  return false;
}

// The longest prefix of `text` of at most `limit` bytes that ends on a UTF-8 character boundary.
std::string_view Utf8Prefix(std::string_view text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

std::string PrimaryTag(std::string_view declared) {
  std::string tag;
  size_t i = 0;
  while (i < declared.size() && ascii::IsSpace(declared[i])) ++i;
  while (i < declared.size() && ascii::IsAlpha(declared[i])) tag.push_back(ascii::ToLower(declared[i++]));
  // A primary language subtag is 2 or 3 letters (RFC 5646 §2.2.1); what follows must be a
  // subtag separator or the end.
  if (tag.size() < 2 || tag.size() > 3) return "";
  if (i < declared.size() && declared[i] != '-' && declared[i] != '_' && !ascii::IsSpace(declared[i])) return "";
  return tag;
}

Detection Detect(std::string_view utf8_text) {
  Detection detection;
  std::string_view text = Utf8Prefix(utf8_text, kMaxDetectBytes);
  CLD2::Language top3[3];
  int percent3[3] = {0, 0, 0};
  int text_bytes = 0;
  bool reliable = false;
  // The text comes from the UTF-8 pipeline (charset.h turns invalid bytes into U+FFFD), so the
  // variant without a UTF-8 re-check is safe; plain text, not HTML.
  CLD2::Language language =
      CLD2::ExtDetectLanguageSummary(text.data(), static_cast<int>(text.size()),
                                     /*is_plain_text=*/true, top3, percent3, &text_bytes, &reliable);
  detection.reliable = reliable;
  detection.percent = percent3[0];
  detection.text_bytes = static_cast<size_t>(std::max(0, text_bytes));
  if (language != CLD2::UNKNOWN_LANGUAGE && language != CLD2::TG_UNKNOWN_LANGUAGE) {
    detection.language = PrimaryTag(CLD2::LanguageCode(language));
  }
  return detection;
}

Decision Decide(std::string_view declared, std::string_view rule_language, std::string_view utf8_text) {
  Decision decision;
  if (std::string rule = PrimaryTag(rule_language); !rule.empty()) {
    decision.language = rule;
    decision.source = "rule";
    decision.detail = "set by the site rule";
    return decision;
  }
  std::string page = PrimaryTag(declared);
  Detection detection;
  if (utf8_text.size() >= kMinDetectBytes) detection = Detect(utf8_text);
  bool reliable = !detection.language.empty() && detection.reliable && detection.text_bytes >= kMinDetectBytes;
  // Overruling a declaration takes more: the text must be mostly in the detected language (a
  // French article quoting English keeps its lang="fr").
  bool sure = reliable && (page.empty() || detection.percent >= kMinPercent);
  decision.detail = detection.language.empty()
                        ? "CLD2: no language (text too short or unknown)"
                        : "CLD2: " + detection.language + " " + std::to_string(detection.percent) + "% of " +
                              std::to_string(detection.text_bytes) + " bytes" +
                              (detection.reliable ? ", reliable" : ", not reliable");
  if (sure && (page.empty() || !SameFamily(page, detection.language))) {
    decision.language = detection.language;
    decision.source = "detected";
    if (!page.empty()) decision.detail += "; the page declares " + page;
    return decision;
  }
  if (!page.empty()) {
    decision.language = page;
    decision.source = "declared";
  }
  return decision;
}

}  // namespace pressoir::language
