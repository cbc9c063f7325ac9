// In-body cleaning (see body_cleaner.h).
#include "extractors/body_cleaner.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "base/ascii.h"
#include "extractors/cleaning_phrases.h"

namespace pressoir::clean {
namespace {

// An array sized larger than its list gets empty entries, which every text starts with: the
// phrase tables are checked at compile time.
template <size_t N>
constexpr bool AllNonEmpty(const std::array<std::string_view, N>& phrases) {
  for (std::string_view phrase : phrases) {
    if (phrase.empty()) return false;
  }
  return true;
}
static_assert(AllNonEmpty(phrases::kReadAlsoLeads) && AllNonEmpty(phrases::kPromotionContains) &&
              AllNonEmpty(phrases::kServiceContains) && AllNonEmpty(phrases::kLabelParagraphs) &&
              AllNonEmpty(phrases::kCreditLeads) && AllNonEmpty(phrases::kShareButtons) &&
              AllNonEmpty(phrases::kSourceLeads) && AllNonEmpty(phrases::kAgencies) &&
              AllNonEmpty(phrases::kCopyrightContains) && AllNonEmpty(phrases::kBylineLeads) &&
              AllNonEmpty(phrases::kAboutLeads));

// Paragraphs longer than these (in words) are prose, whatever phrase they hold: the rules
// below judge widget lines, labels and notices, which are short.
constexpr size_t kMaxLabelWords = 6;       // "Anzeige", "Share this"
constexpr size_t kMaxShareBarWords = 12;   // "Facebook Twitter LinkedIn WhatsApp E-Mail Print"
constexpr size_t kMaxCreditWords = 12;     // "Photo : Radio-Canada / Steve Bruce"
constexpr size_t kMaxAgencyWords = 8;      // "Delil Souleiman /AFP"
constexpr size_t kMaxCopyrightWords = 25;  // "Copyright (c) Press Association Ltd. 2008, All Rights Reserved."
constexpr size_t kMaxReadAlsoWords = 30;   // "Lire aussi : " and one headline
constexpr size_t kMaxServiceWords = 40;    // a comment-moderation notice is a few sentences
constexpr size_t kMaxPromotionWords = 35;  // "Sign up for our newsletter ..." with a sentence of pitch
// The last paragraph of the body may pitch at more length ("Get the best of X delivered to your
// inbox - subscribe to ... Follow X on Twitter, Instagram, ... and stay in the know ...").
constexpr size_t kMaxLastPromotionWords = 60;
constexpr size_t kMaxBylineWords = 12;   // "By GRANT PECK, Associated Press Writer 14 minutes ago"
constexpr size_t kMaxCaptionWords = 60;  // a figcaption can be a long sentence or two
// A caption that ends with its photo credit ("... (von links). Foto: Claudia Ludewig",
// "Farmers protest in Bathinda. (Credits: PTI)"): the credit is a few words.
constexpr size_t kMaxTrailingCreditWords = 6;
// A video teaser: its duration, then a title ("1:30 Turkish military releases footage ...").
constexpr size_t kMaxVideoTitleWords = 20;
// Paragraphs longer than this (bytes) have more words than any rule judges: they are not
// normalized or counted (most of an article's text; this keeps the cleaning cheap).
constexpr size_t kMaxJudgedBytes = 12 * kMaxCaptionWords;
constexpr size_t kMaxAboutHeadingWords = 8;
constexpr size_t kMaxLinkedHeadlineWords = 25;
// Bylines sit above the text: among the first paragraphs only.
constexpr size_t kBylineParagraphs = 3;
// Promotions sit after the text: the last paragraphs count as "the end of the body".
constexpr size_t kTrailingParagraphs = 3;
// "About <company>" closes a press release: only a heading in the last part of the body, and
// only when what it would remove is a minor part of the text.
constexpr double kAboutTailShare = 0.4;
// A dateline ("Updated Fri. Jan. 11 2008 10:56 PM ET", "Publié le 24/12/2020 à 07h47") is a
// short line with a year or a time, above or below the text.
constexpr size_t kMaxDatelineWords = 10;
constexpr size_t kDatelineParagraphs = 3;
constexpr size_t kMaxDatelineLowerWords = 3;  // "Publié le 24/12/2020 à 07h47", "4 hours ago"
// A dateline may carry the source and the photo credit as fields: each field is short.
constexpr size_t kMaxFieldWords = 6;
// A copyright line in the last part of the body ends the article: what follows it is the
// site's legal footer ("Reliance on the information ...", "Please read our Terms ...").
constexpr double kLegalTailShare = 0.3;
// A paragraph is a linked headline when links hold this share of its text.
constexpr double kLinkedHeadlineShare = 0.8;
// A trailing run of linked headlines needs this many to be a list (one link may be a source).
constexpr size_t kMinLinkList = 2;
// Class/id names of caption and credit boxes, matched in the block and its closest ancestors.
// "cptn" is the usual abbreviation ("img_cptn"); "bildunterschrift" and "didascalia" are the
// German and Italian words that CMSes of those countries use as class names.
constexpr std::array<std::string_view, 7> kCaptionNames = {"caption", "credit",           "legend",    "legende",
                                                           "cptn",    "bildunterschrift", "didascalia"};
constexpr int kCaptionAncestorLevels = 3;
// A caption box is small: a container named like one but holding more text than this (bytes)
// is something else (blog engines put "tag-credit-..." classes on the whole post).
constexpr size_t kMaxCaptionBoxBytes = 600;
// When captions hold more than this share of the body's text, the page is a photo story
// whose captions are its text: they stay.
constexpr double kMaxCaptionShare = 0.5;

}  // namespace

std::string NormalizeForMatching(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {
      auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9E && next != 0x97) next = static_cast<unsigned char>(next + 0x20);
      out.push_back(static_cast<char>(c));
      out.push_back(static_cast<char>(next));
      ++i;
      continue;
    }
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0x98 || static_cast<unsigned char>(text[i + 2]) == 0x99)) {
      out.push_back('\'');  // U+2018, U+2019
      i += 2;
      continue;
    }
    if (ascii::IsSpace(text[i])) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(ascii::ToLower(text[i]));
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  // Leading decorations: ASCII punctuation, and the UTF-8 arrows, bullets, guillemets and
  // dashes (U+00AB, U+00BB, U+2013..U+2022, U+2190..U+25FF) that widgets put before a heading.
  size_t start = 0;
  while (start < out.size()) {
    auto c = static_cast<unsigned char>(out[start]);
    if (c == ' ' || c == '>' || c == '-' || c == '*' || c == '|' || c == '"' || c == '\'' || c == '+') {
      ++start;
    } else if (c == 0xC2 && start + 1 < out.size() &&
               (static_cast<unsigned char>(out[start + 1]) == 0xAB ||
                static_cast<unsigned char>(out[start + 1]) == 0xBB ||
                static_cast<unsigned char>(out[start + 1]) == 0xB7)) {
      start += 2;
    } else if (c == 0xE2 && start + 2 < out.size()) {
      start += 3;  // U+2000..U+2FFF: punctuation, arrows, shapes; no letter of our languages
    } else {
      break;
    }
  }
  return out.substr(start);
}

namespace {

size_t CountWords(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = ascii::IsSpace(c);
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// True when `c` (a byte of UTF-8) can continue a word: a letter, a digit or any non-ASCII byte.
bool IsWordByte(char c) { return ascii::IsAlnum(c) || (static_cast<unsigned char>(c) & 0x80) != 0; }

// True when `text` starts with `phrase` as whole words.
bool StartsWithPhrase(std::string_view text, std::string_view phrase) {
  if (text.empty() || text[0] != phrase[0] || !text.starts_with(phrase)) return false;
  return text.size() == phrase.size() || !IsWordByte(phrase.back()) || !IsWordByte(text[phrase.size()]);
}

// True when `text` holds `word` as a whole word.
bool ContainsWord(std::string_view text, std::string_view word) {
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    bool starts = at == 0 || !IsWordByte(text[at - 1]);
    size_t end = at + word.size();
    bool ends = end == text.size() || !IsWordByte(text[end]);
    if (starts && ends) return true;
  }
  return false;
}

template <size_t N>
bool StartsWithAny(std::string_view text, const std::array<std::string_view, N>& phrases) {
  return std::any_of(phrases.begin(), phrases.end(), [&](std::string_view p) { return StartsWithPhrase(text, p); });
}

template <size_t N>
bool ContainsAny(std::string_view text, const std::array<std::string_view, N>& phrases) {
  return std::any_of(phrases.begin(), phrases.end(),
                     [&](std::string_view p) { return text.find(p) != std::string_view::npos; });
}

// "1 of 4", "3/12", "2 sur 9": a slideshow's counter.
bool IsMediaCounter(std::string_view text) {
  static constexpr std::array<std::string_view, 9> kSeparators = {"/",  "of",  "de", "sur", "von",
                                                                  "di", "van", "z",  "da"};
  size_t i = 0;
  auto digits = [&]() {
    size_t start = i;
    while (i < text.size() && ascii::IsDigit(text[i])) ++i;
    return i > start && i - start <= 3;
  };
  auto spaces = [&]() {
    while (i < text.size() && text[i] == ' ') ++i;
  };
  if (!digits()) return false;
  spaces();
  bool separated = false;
  for (std::string_view separator : kSeparators) {
    if (text.substr(i).starts_with(separator)) {
      i += separator.size();
      separated = true;
      break;
    }
  }
  if (!separated) return false;
  spaces();
  return digits() && i == text.size();
}

// "Photo: ...", "Crédit : ...", "Foto/dpa": a credit word, then ':' or '/'.
bool IsCreditLine(std::string_view text) {
  for (std::string_view lead : phrases::kCreditLeads) {
    if (!StartsWithPhrase(text, lead)) continue;
    std::string_view rest = text.substr(lead.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (!rest.empty() && (rest.front() == ':' || rest.front() == '/')) return true;
  }
  return false;
}

// A caption ending with its photo credit: the last sentence (after ". ") or parenthesis is a
// credit line whose lead names a picture ("Foto: ...", "(Credits: PTI)"), not a source ("Source:
// WHO" closes article paragraphs too).
bool EndsWithPhotoCredit(std::string_view text) {
  size_t stop = text.rfind(". ");
  size_t paren = text.rfind('(');
  size_t start = stop == std::string_view::npos    ? paren
                 : paren == std::string_view::npos ? stop + 2
                                                   : std::max(stop + 2, paren);
  if (start == std::string_view::npos || start == 0) return false;
  std::string_view tail = text.substr(start);
  if (!tail.empty() && tail.front() == '(') {
    if (tail.back() != ')') return false;
    tail = tail.substr(1, tail.size() - 2);
  }
  if (tail.empty() || CountWords(tail) > kMaxTrailingCreditWords || !IsCreditLine(tail)) return false;
  for (std::string_view lead : phrases::kSourceLeads) {
    if (StartsWithPhrase(tail, lead)) return false;
  }
  return true;
}

// "1:30 Turkish military releases footage ...": a media duration (m:ss or h:mm:ss), then a short
// title without a sentence end.
bool IsVideoTeaser(std::string_view text, size_t words) {
  if (words > kMaxVideoTitleWords) return false;
  size_t i = 0;
  auto digits = [&](size_t min, size_t max) {
    size_t start = i;
    while (i < text.size() && ascii::IsDigit(text[i])) ++i;
    return i - start >= min && i - start <= max;
  };
  if (!digits(1, 2) || i >= text.size() || text[i++] != ':' || !digits(2, 2)) return false;
  if (i < text.size() && text[i] == ':' && (++i, !digits(2, 2))) return false;
  if (i >= text.size() || text[i] != ' ' || i + 1 == text.size()) return false;
  char last = text.back();
  return last != '.' && last != '!' && last != '?';
}

// A share bar: only share-button labels, two or more, however they are separated or glued
// ("Facebook | Twitter", "FacebookTwitterLinkedinEMail"). `text` is normalized (lower case).
bool IsShareBar(std::string_view text) {
  std::string letters;
  for (char c : text) {
    if (ascii::IsAlnum(c)) letters.push_back(c);
  }
  std::string_view rest = letters;
  int buttons = 0;
  while (!rest.empty()) {
    auto it = std::find_if(phrases::kShareButtons.begin(), phrases::kShareButtons.end(),
                           [&](std::string_view name) { return rest.starts_with(name); });
    if (it == phrases::kShareButtons.end()) return false;
    rest.remove_prefix(it->size());
    ++buttons;
  }
  return buttons >= 2;
}

// "Delil Souleiman /AFP", "(©Adobe Stock)", "afp.com/Michael Regan", "Getty Images": a short
// line naming an agency, shaped like a credit (a slash, parentheses, a © or the name alone).
bool IsAgencyCredit(std::string_view text) {
  bool shaped = text.find('/') != std::string_view::npos || text.front() == '(' ||
                text.find("\xC2\xA9") != std::string_view::npos;
  // "©" glued to the name ("(©Adobe Stock)") separates words like a space.
  std::string spaced;
  spaced.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "\xC2\xA9") == 0) {
      spaced.push_back(' ');
      ++i;
    } else {
      spaced.push_back(text[i]);
    }
  }
  for (std::string_view agency : phrases::kAgencies) {
    if (text == agency) return true;
    if (shaped && ContainsWord(spaced, agency)) return true;
  }
  return false;
}

bool IsCopyright(std::string_view text) {
  return text.starts_with("\xC2\xA9") || text.starts_with("copyright") || text.starts_with("(c) ") ||
         ContainsAny(text, phrases::kCopyrightContains);
}

// Strips a trailing ':' and spaces: "Share:" is the label "share".
std::string_view WithoutTrailingColon(std::string_view text) {
  while (!text.empty() && (text.back() == ':' || text.back() == ' ')) text.remove_suffix(1);
  return text;
}

bool IsLabel(std::string_view text) {
  std::string_view bare = WithoutTrailingColon(text);
  return std::find(phrases::kLabelParagraphs.begin(), phrases::kLabelParagraphs.end(), bare) !=
         phrases::kLabelParagraphs.end();
}

// "By Jane Doe": a byline word, then a capitalised name, and no sentence.
bool IsByline(std::string_view original, std::string_view text) {
  for (std::string_view lead : phrases::kBylineLeads) {
    if (!StartsWithPhrase(text, lead)) continue;
    // The first word after the lead, found again in the original text to read its case.
    std::string_view rest = text.substr(lead.size());
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == ':')) rest.remove_prefix(1);
    size_t end = rest.find(' ');
    std::string_view name = rest.substr(0, end);
    if (name.empty()) return false;
    std::string lower_original = ascii::ToLower(original);
    size_t at = lower_original.find(name, lower_original.find(lead.substr(0, 2)));
    if (at == std::string::npos) return false;
    char first = original[at];
    bool capitalised = ascii::IsUpper(first) || (static_cast<unsigned char>(first) & 0x80) != 0;
    char last = original.back();
    bool sentence = last == '.' || last == '!' || last == '?';
    return capitalised && !sentence;
  }
  return false;
}

// True when `text` holds a year (19xx, 20xx as a whole number) or a clock time (10:56, 07h47).
bool HasYearOrTime(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (!ascii::IsDigit(text[i]) || (i > 0 && ascii::IsDigit(text[i - 1]))) continue;
    size_t end = i;
    while (end < text.size() && ascii::IsDigit(text[end])) ++end;
    size_t length = end - i;
    if (length == 4 && (text.compare(i, 2, "19") == 0 || text.compare(i, 2, "20") == 0)) return true;
    if (length <= 2 && end + 2 < text.size() && (text[end] == ':' || text[end] == 'h') &&
        ascii::IsDigit(text[end + 1]) && ascii::IsDigit(text[end + 2]) &&
        (end + 3 == text.size() || !ascii::IsDigit(text[end + 3]))) {
      return true;
    }
    i = end;
  }
  return false;
}

// A short line with a date or a time and no sentence in it: names, numbers and abbreviations,
// with at most a few lower-case words ("le", "à", "ago").
bool IsDateline(std::string_view original, std::string_view text) {
  if (CountWords(text) > kMaxDatelineWords || !HasYearOrTime(text)) return false;
  char last = original.back();
  if (last == '.' || last == '!' || last == '?') return false;
  size_t lower_words = 0;
  bool word_start = true;
  for (char c : original) {
    if (ascii::IsSpace(c)) {
      word_start = true;
      continue;
    }
    if (word_start && ascii::IsLower(c)) ++lower_words;
    word_start = false;
  }
  return lower_words <= kMaxDatelineLowerWords;
}

// A line of metadata fields ("22/11/2020 - 04:30 - Fonte: Agência Brasil - Foto: Name"):
// short fields separated by " - ", " | ", " / ", " · " or " • ", one with a date or a time and
// one a source or photo credit, or every one dated ("Posted: Nov 20, 2020 / 05:25 PM CST /
// Updated: Nov 20, 2020 / 07:16 PM CST"). `text` is normalized.
bool IsDateAndCreditLine(std::string_view text) {
  static constexpr std::array<std::string_view, 5> kSeparators = {" - ", " | ", " / ", " \xC2\xB7 ", " \xE2\x80\xA2 "};
  bool dated = false;
  bool all_dated = true;
  bool credited = false;
  size_t fields = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.size();
    size_t separator_length = 0;
    for (std::string_view separator : kSeparators) {
      size_t at = text.find(separator, start);
      if (at < end) {
        end = at;
        separator_length = separator.size();
      }
    }
    std::string_view field = text.substr(start, end - start);
    if (CountWords(field) > kMaxFieldWords) return false;
    ++fields;
    if (IsCreditLine(field)) {
      credited = true;
      all_dated = false;
    } else if (HasYearOrTime(field)) {
      dated = true;
    } else {
      all_dated = false;
    }
    if (separator_length == 0) break;
    start = end + separator_length;
  }
  return fields >= 2 && dated && (credited || all_dated);
}

bool IsStyleTag(const dom::Node& node) {
  return node.Is("b") || node.Is("strong") || node.Is("em") || node.Is("i") || node.Is("a");
}

// True when every visible word of `block` is inside <b>, <strong>, <em>, <i> or <a>: a
// paragraph set apart by its style.
bool IsWholeStyled(const dom::Node* block) {
  if (block == nullptr) return false;
  bool any_text = false;
  bool all_styled = true;
  struct Item {
    const dom::Node* node;
    bool styled;
  };
  std::vector<Item> stack{{block, IsStyleTag(*block)}};
  while (!stack.empty() && all_styled) {
    Item item = stack.back();
    stack.pop_back();
    if (item.node->IsText()) {
      bool blank =
          std::all_of(item.node->text.begin(), item.node->text.end(), [](char c) { return ascii::IsSpace(c); });
      if (blank) continue;
      any_text = true;
      if (!item.styled) all_styled = false;
      continue;
    }
    for (const dom::Node* child : item.node->children) {
      if (child->IsElement() && text::IsSkippedElement(*child)) continue;
      stack.push_back({child, item.styled || (child->IsElement() && IsStyleTag(*child))});
    }
  }
  return any_text && all_styled;
}

// Share of the text of `block` inside <a href>, by bytes of non-space text.
double LinkShare(const dom::Node* block) {
  if (block == nullptr) return 0;
  size_t total = 0;
  size_t linked = 0;
  struct Item {
    const dom::Node* node;
    bool linked;
  };
  std::vector<Item> stack{{block, block->Is("a")}};
  while (!stack.empty()) {
    Item item = stack.back();
    stack.pop_back();
    if (item.node->IsText()) {
      size_t chars = static_cast<size_t>(
          std::count_if(item.node->text.begin(), item.node->text.end(), [](char c) { return !ascii::IsSpace(c); }));
      total += chars;
      if (item.linked) linked += chars;
      continue;
    }
    for (const dom::Node* child : item.node->children) {
      if (child->IsElement() && text::IsSkippedElement(*child)) continue;
      bool is_link = child->Is("a") && child->Attr("href") != nullptr;
      stack.push_back({child, item.linked || is_link});
    }
  }
  return total == 0 ? 0 : static_cast<double>(linked) / static_cast<double>(total);
}

// True when `node` is a caption element or named like a caption or credit box.
bool IsCaptionElement(const dom::Node& node) {
  if (node.Is("figcaption") || node.Is("caption")) return true;
  for (const char* attribute : {"class", "id"}) {
    const std::string* value = node.Attr(attribute);
    if (value == nullptr) continue;
    for (std::string_view name : kCaptionNames) {
      if (ascii::ContainsIgnoreCase(*value, name)) return true;
    }
  }
  return false;
}

bool IsInCaption(const dom::Node* block) {
  int level = 0;
  for (const dom::Node* node = block; node != nullptr && level <= kCaptionAncestorLevels;
       node = node->parent, ++level) {
    if (node->IsElement() && IsCaptionElement(*node)) return dom::TextContent(node).size() <= kMaxCaptionBoxBytes;
  }
  return false;
}

// TextReason() on a paragraph already normalized, with its word count.
const char* NormalizedTextReason(std::string_view text, size_t words) {
  if (text.empty()) return nullptr;
  if (words <= kMaxLabelWords && IsLabel(text)) return "label";
  if (words <= kMaxShareBarWords && IsShareBar(text)) return "label";
  if (IsMediaCounter(text)) return "caption";
  if (words <= kMaxCreditWords && IsCreditLine(text)) return "caption";
  if (words <= kMaxCaptionWords && EndsWithPhotoCredit(text)) return "caption";
  if (IsVideoTeaser(text, words)) return "caption";
  if (words <= kMaxAgencyWords && IsAgencyCredit(text)) return "caption";
  if (words <= kMaxCopyrightWords && IsCopyright(text)) return "copyright";
  if (words <= kMaxReadAlsoWords && StartsWithAny(text, phrases::kReadAlsoLeads)) return "read-also";
  if (words <= kMaxServiceWords && ContainsAny(text, phrases::kServiceContains)) return "service";
  return nullptr;
}

}  // namespace

const char* TextReason(std::string_view paragraph) {
  std::string text = NormalizeForMatching(paragraph);
  return NormalizedTextReason(text, CountWords(text));
}

std::vector<text::Paragraph> CleanBody(std::vector<text::Paragraph> body, std::vector<std::string>* explain) {
  const size_t count = body.size();
  std::vector<const char*> reasons(count, nullptr);
  size_t total_chars = 0;
  for (const text::Paragraph& paragraph : body) total_chars += paragraph.text.size();
  // Normalized text and word count of the paragraphs short enough to be judged.
  std::vector<std::string> normalized(count);
  std::vector<size_t> word_counts(count, SIZE_MAX);
  for (size_t i = 0; i < count; ++i) {
    if (body[i].text.size() > kMaxJudgedBytes) continue;
    normalized[i] = NormalizeForMatching(body[i].text);
    word_counts[i] = CountWords(normalized[i]);
  }
  // Captions by structure, unless they are most of the text (a photo story).
  std::vector<bool> in_caption(count, false);
  size_t caption_chars = 0;
  for (size_t i = 0; i < count; ++i) {
    if (word_counts[i] > kMaxCaptionWords || !IsInCaption(body[i].block)) continue;
    in_caption[i] = true;
    caption_chars += body[i].text.size();
  }
  const bool photo_story = static_cast<double>(caption_chars) > kMaxCaptionShare * static_cast<double>(total_chars);

  for (size_t i = 0; i < count; ++i) {
    const text::Paragraph& paragraph = body[i];
    const std::string& text = normalized[i];
    const size_t words = word_counts[i];
    if (words == SIZE_MAX) continue;  // long prose
    const char* reason = NormalizedTextReason(text, words);
    if (reason == nullptr) {
      bool at_end = i + kTrailingParagraphs >= count;
      if (in_caption[i] && !photo_story) {
        reason = "caption";
      } else if ((words <= kMaxPromotionWords || (i + 1 == count && words <= kMaxLastPromotionWords)) &&
                 (at_end || IsWholeStyled(paragraph.block)) && ContainsAny(text, phrases::kPromotionContains)) {
        reason = "promotion";
      } else if (i < kBylineParagraphs && words <= kMaxBylineWords && IsByline(paragraph.text, text)) {
        reason = "byline";
      } else if ((i < kDatelineParagraphs || i + kDatelineParagraphs >= count) && IsDateline(paragraph.text, text)) {
        reason = "dateline";
      } else if (i < kDatelineParagraphs && IsDateAndCreditLine(text)) {
        reason = "dateline";
      }
    }
    reasons[i] = reason;
  }

  // "About <company>" at the end of a press release: the heading and everything after it.
  size_t tail_chars = 0;
  for (size_t i = count; i-- > 0;) {
    tail_chars += body[i].text.size();
    if (static_cast<double>(tail_chars) > kAboutTailShare * static_cast<double>(total_chars)) break;
    const std::string& text = normalized[i];
    if (i == 0 || word_counts[i] > kMaxAboutHeadingWords || !StartsWithAny(text, phrases::kAboutLeads)) continue;
    bool heading = body[i].kind == text::BlockKind::kHeading || IsWholeStyled(body[i].block);
    if (heading) {
      for (size_t j = i; j < count; ++j) {
        if (reasons[j] == nullptr) reasons[j] = "about";
      }
      break;
    }
  }

  // A copyright line near the end: it and everything after it are the legal footer.
  size_t legal_tail = 0;
  for (size_t i = count; i-- > 0;) {
    legal_tail += body[i].text.size();
    if (static_cast<double>(legal_tail) > kLegalTailShare * static_cast<double>(total_chars)) break;
    if (reasons[i] == nullptr || std::string_view(reasons[i]) != "copyright") continue;
    for (size_t j = i + 1; j < count; ++j) {
      if (reasons[j] == nullptr) reasons[j] = "after copyright";
    }
    break;
  }

  // A trailing run of linked headlines: related articles after the text.
  size_t run_start = count;
  while (run_start > 0) {
    const text::Paragraph& paragraph = body[run_start - 1];
    if (reasons[run_start - 1] == nullptr &&
        (word_counts[run_start - 1] > kMaxLinkedHeadlineWords || LinkShare(paragraph.block) < kLinkedHeadlineShare)) {
      break;
    }
    --run_start;
  }
  size_t linked = 0;
  for (size_t i = run_start; i < count; ++i) linked += reasons[i] == nullptr;
  if (linked >= kMinLinkList && run_start > 0) {
    for (size_t i = run_start; i < count; ++i) {
      if (reasons[i] == nullptr) reasons[i] = "link-list";
    }
  }

  std::vector<text::Paragraph> kept;
  kept.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    if (reasons[i] != nullptr) {
      if (explain != nullptr) {
        explain->push_back(std::string("cleaned (") + reasons[i] + "): " + text::TruncateUtf8(body[i].text, 80));
      }
      continue;
    }
    kept.push_back(std::move(body[i]));
  }
  return kept;
}

}  // namespace pressoir::clean
