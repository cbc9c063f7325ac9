// The generic main-content extractor (see generic_extractor.h).
//
// Works on a flat, pre-order index of the body's elements (`Info`), built in one iterative
// pass: every element's subtree is the index range [i, end), so subtree sums, ancestor walks
// and sibling walks need no pointer chasing or maps. Text is attributed to the nearest block
// element (the paragraph the serializer will make of it), as Readability turns text-bearing
// divs into paragraphs before scoring.
#include "extractors/generic_extractor.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "base/ascii.h"
#include "extractors/generic_hints.h"
#include "extractors/html_parser.h"
#include "extractors/html_prefilter.h"

namespace pressoir::generic {
namespace {

// Text statistics of a run of text.
struct TextCounts {
  int chars = 0;   // code points, whitespace excluded
  int commas = 0;  // clause separators: , ; and their CJK/Arabic forms
  int stops = 0;   // sentence ends: . ! ? and their CJK/Arabic forms

  void Add(const TextCounts& other) {
    chars += other.chars;
    commas += other.commas;
    stops += other.stops;
  }
};

// Counts `text` into `counts`. Language-neutral: the punctuation of Latin, CJK (fullwidth and
// ideographic) and Arabic scripts is recognised by code point.
void CountText(std::string_view text, TextCounts& counts) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char b = bytes[i];
    if (b < 0x80) {
      if (ascii::IsHtmlSpace(static_cast<char>(b))) continue;
      ++counts.chars;
      if (b == ',' || b == ';') {
        ++counts.commas;
      } else if (b == '.' || b == '!' || b == '?') {
        ++counts.stops;
      }
      continue;
    }
    if ((b & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    unsigned char b1 = i + 1 < n ? bytes[i + 1] : 0;
    unsigned char b2 = i + 2 < n ? bytes[i + 2] : 0;
    if (b == 0xC2 && b1 == 0xA0) continue;  // U+00A0 no-break space
    ++counts.chars;
    if (b == 0xD8 && (b1 == 0x8C || b1 == 0x9B)) {
      ++counts.commas;  // U+060C Arabic comma, U+061B Arabic semicolon
    } else if (b == 0xD8 && b1 == 0x9F) {
      ++counts.stops;  // U+061F Arabic question mark
    } else if (b == 0xE3 && b1 == 0x80 && b2 == 0x81) {
      ++counts.commas;  // U+3001 ideographic comma
    } else if (b == 0xE3 && b1 == 0x80 && b2 == 0x82) {
      ++counts.stops;  // U+3002 ideographic full stop
    } else if (b == 0xEF && b1 == 0xBC && (b2 == 0x8C || b2 == 0x9B)) {
      ++counts.commas;  // U+FF0C fullwidth comma, U+FF1B fullwidth semicolon
    } else if (b == 0xEF && b1 == 0xBC && (b2 == 0x81 || b2 == 0x8E || b2 == 0x9F)) {
      ++counts.stops;  // U+FF01 !, U+FF0E ., U+FF1F ?
    }
  }
}

TextCounts CountText(std::string_view text) {
  TextCounts counts;
  CountText(text, counts);
  return counts;
}

// Class/id hint flags of an element (see generic_hints.h).
enum HintFlag : uint8_t {
  kPositive = 1,
  kNegative = 2,
  kUnlikely = 4,
  kMaybeCandidate = 8,
  kBoilerplate = 16,
  kWeakBoilerplate = 32,
  kHintsComputed = 128,
};

template <size_t N>
bool ContainsAnyWord(std::string_view lower, const std::array<std::string_view, N>& words) {
  for (std::string_view word : words) {
    if (lower.find(word) != std::string_view::npos) return true;
  }
  return false;
}

// All hint words and tokens with the flags they set, bucketed by first letter, so that a
// class name is matched in one pass instead of one search per word (this runs on every
// element with a class or id).
class HintTable {
 public:
  struct Entry {
    std::string_view text;
    uint8_t flags;
  };

  static const HintTable& Get() {
    static const HintTable table;
    return table;
  }

  // Flags of every word found anywhere in `lower`.
  uint8_t MatchWords(std::string_view lower) const {
    uint8_t flags = 0;
    for (size_t i = 0; i < lower.size(); ++i) {
      const std::string_view rest = lower.substr(i);
      for (const Entry& entry : words_[Bucket(lower[i])]) {
        // The second byte rejects most entries without a call to memcmp.
        const size_t size = entry.text.size();
        if (size > rest.size() || (size > 1 && rest[1] != entry.text[1])) continue;
        if (std::memcmp(rest.data(), entry.text.data(), size) == 0) flags |= entry.flags;
      }
    }
    return flags;
  }

  // Flags of `token` when it is exactly one of the token hints.
  uint8_t MatchToken(std::string_view token) const {
    if (token.empty()) return 0;
    uint8_t flags = 0;
    for (const Entry& entry : tokens_[Bucket(token[0])]) {
      if (entry.text == token) flags |= entry.flags;
    }
    return flags;
  }

 private:
  static size_t Bucket(char c) { return static_cast<unsigned char>(c) & 0x7F; }

  template <size_t N>
  void AddAll(std::vector<Entry>* buckets, const std::array<std::string_view, N>& list, uint8_t flags) {
    for (std::string_view text : list) {
      auto& bucket = buckets[Bucket(text[0])];
      auto it = std::find_if(bucket.begin(), bucket.end(), [&](const Entry& entry) { return entry.text == text; });
      if (it != bucket.end()) {
        it->flags = static_cast<uint8_t>(it->flags | flags);
      } else {
        bucket.push_back({text, flags});
      }
    }
  }

  HintTable() {
    AddAll(words_, hints::kPositiveWords, kPositive);
    AddAll(words_, hints::kNegativeWords, kNegative);
    AddAll(words_, hints::kUnlikelyWords, kUnlikely);
    AddAll(words_, hints::kMaybeCandidateWords, kMaybeCandidate);
    AddAll(words_, hints::kBoilerplateWords, kBoilerplate);
    AddAll(tokens_, hints::kNegativeTokens, kNegative);
    AddAll(tokens_, hints::kUnlikelyTokens, kUnlikely);
    AddAll(tokens_, hints::kBoilerplateTokens, kBoilerplate);
    AddAll(tokens_, hints::kWeakBoilerplateTokens, kWeakBoilerplate);
  }

  std::vector<Entry> words_[128];
  std::vector<Entry> tokens_[128];
};

// Hint flags from the class and id attributes.
uint8_t ComputeHints(const dom::Node& element) {
  const std::string* class_attribute = element.Attr("class");
  const std::string* id_attribute = element.Attr("id");
  uint8_t flags = kHintsComputed;
  if (class_attribute == nullptr && id_attribute == nullptr) return flags;
  // Long attribute values are cut: hints sit in the first names, not in a 2 kB class list.
  constexpr size_t kMaxNames = 240;
  char raw[kMaxNames + 1];
  char lower[kMaxNames + 1];
  size_t length = 0;
  for (const std::string* value : {class_attribute, id_attribute}) {
    if (value == nullptr) continue;
    size_t take = std::min(value->size(), kMaxNames - length);
    std::copy_n(value->data(), take, raw + length);
    length += take;
    if (length < kMaxNames) raw[length++] = ' ';
  }
  for (size_t i = 0; i < length; ++i) {
    char c = raw[i];
    lower[i] = ascii::ToLower(c);
  }
  const HintTable& table = HintTable::Get();
  flags |= table.MatchWords(std::string_view(lower, length));

  // Tokens: split on non-alphanumerics and at lower-to-upper case changes ("adBox" -> ad, box).
  size_t start = 0;
  for (size_t i = 0; i <= length; ++i) {
    if (i < length) {
      char c = raw[i];
      bool alnum = ascii::IsAlnum(c);
      bool camel = i > start && ascii::IsUpper(c) && ascii::IsLower(raw[i - 1]);
      if (alnum && !camel) continue;
      if (camel) {
        flags |= table.MatchToken(std::string_view(lower + start, i - start));
        start = i;  // the upper-case letter starts the next token
        continue;
      }
    }
    flags |= table.MatchToken(std::string_view(lower + start, i - start));
    start = i + 1;
  }
  if ((flags & kWeakBoilerplate) && !(flags & kPositive)) flags |= kBoilerplate;
  return flags;
}

bool IsHeading(const dom::Node& element) {
  std::string_view tag = element.tag;
  return tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6';
}

// Elements whose text is a paragraph on its own: their score goes to their ancestors.
bool IsParagraphTag(const dom::Node& element) {
  static constexpr std::array<std::string_view, 8> kTags = {"p", "pre", "li", "blockquote", "dd", "dt", "td", "th"};
  return std::find(kTags.begin(), kTags.end(), element.tag) != kTags.end() || IsHeading(element);
}

bool IsScoredUnit(const dom::Node& element) {
  std::string_view tag = element.tag;
  return tag != "li" && tag != "dt" && tag != "dd" && tag != "th" && tag != "caption" && tag != "figcaption";
}

// Elements the serializer drops that may nevertheless hold an article: ASP.NET pages wrap
// the whole page in one <form>.
bool IsWrapperForm(const dom::Node& element) { return element.Is("form"); }

// True when `line` is short fields separated by '|' ("Posted in: Sport | 3 comments |",
// "Published: 01.09.2008 | Last updated: ...", "Home | News | Sport"): a metadata or
// navigation line, never prose. The separator is typographic, not a word of any language.
bool IsFieldLine(std::string_view line) {
  constexpr size_t kMaxFieldChars = 40;  // code points
  if (line.find('|') == std::string_view::npos) return false;
  size_t start = 0;
  while (start <= line.size()) {
    size_t bar = line.find('|', start);
    size_t end = bar == std::string_view::npos ? line.size() : bar;
    size_t chars = 0;
    for (size_t i = start; i < end; ++i) chars += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
    if (chars > kMaxFieldChars) return false;
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return true;
}

// Removes the field lines (IsFieldLine) of a paragraph; returns false when none is left.
bool DropFieldLines(std::string& text) {
  if (text.find('|') == std::string::npos) return true;
  std::string kept;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (!IsFieldLine(line)) {
      if (!kept.empty()) kept.push_back('\n');
      kept.append(line);
    }
    start = end + 1;
  }
  text = std::move(kept);
  return !text.empty();
}

// True when a space-separated itemprop value names schema.org's articleBody (any case).
bool IsArticleBodyProperty(std::string_view itemprop) { return ascii::ContainsIgnoreCase(itemprop, "articlebody"); }

// Readability's initial score by tag: containers of prose up, lists and headings down.
double TagScore(const dom::Node& element) {
  std::string_view tag = element.tag;
  if (tag == "div" || tag == "article" || tag == "main" || tag == "section") return 5;
  if (tag == "pre" || tag == "td" || tag == "blockquote") return 3;
  if (tag == "address" || tag == "ol" || tag == "ul" || tag == "dl" || tag == "dd" || tag == "dt" || tag == "li" ||
      tag == "form") {
    return -3;
  }
  if (IsHeading(element) || tag == "th") return -5;
  return 0;
}

struct Info {
  dom::Node* node = nullptr;
  int parent = -1;  // index of the parent element, -1 for the root
  int end = 0;      // one past the last descendant: the subtree is [index, end)
  int block = 0;    // the block element (index) that owns this element's inline text
  bool has_block_child = false;
  bool has_block_descendant = false;  // through non-block wrappers too (<tbody>, <span>)
  bool is_block = false;              // starts a paragraph (text::IsBlockElement, or the root)
  TextCounts text;                    // whole subtree
  int link_chars = 0;                 // whole subtree, inside <a href>
  TextCounts own;                     // text this block owns as a paragraph (inline descendants)
  int own_link_chars = 0;
  int own_breaks = 0;  // paragraph breaks (<br><br>) inside the text this block owns
  int paragraphs = 0;  // <p> in the subtree
  int images = 0;
  int list_items = 0;
  int inputs = 0;
  int embeds = 0;
  uint8_t hints = 0;
  bool scored = false;
  bool removed = false;
  bool unlikely = false;  // pruned before scoring by its class/id
  int unit_chars = 0;     // own text, when it counted as a scored paragraph
  double score = 0;
};

// A lede named so is searched in the boxes before the article's container and before its
// ancestors up to this many levels (one that repeats the page's summary up to the body), in
// the nearest few boxes with text at each level.
constexpr int kLedeSearchLevels = 3;
constexpr int kLedeSearchSiblings = 2;
// A lede is a sentence or a short paragraph (code points), not a link; shorter lines named
// so are decks of teasers ("Pepsi, Justin Timberlake Line Up Behind Amazon MP3s").
constexpr int kMinLedeChars = 60;
constexpr int kMaxLedeChars = 800;
constexpr double kMaxLedeLinkDensity = 0.2;

// A box before the article whose words are mostly those of the page's summary (og:description
// or meta description) is its lede or deck, however it is named: at least
// kMinSummaryLedeWords words, kMinSummaryOverlap of them in the summary, and not mostly the
// title's words (the headline often repeats the summary). Shorter than a named lede may be: a
// deck is one line.
constexpr int kMinSummaryLedeWords = 6;
constexpr double kMinSummaryOverlap = 0.7;
constexpr int kMinSummaryLedeChars = 30;
// ... and the box must say most of the summary (kMinSummaryCover of its words): a subheading
// whose few words all occur in a long summary is not the summary.
constexpr double kMinSummaryCover = 0.5;

// Words of `text` for similarity: runs of ASCII letters and digits, or of non-ASCII bytes,
// ASCII lower-cased (language-neutral; case of other scripts is kept).
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || ascii::IsAlnum(c)) {
      word.push_back(ascii::ToLower(c));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Share of `words` found in `reference` (sorted, unique); 0 for no words.
double Overlap(const std::vector<std::string>& words, const std::vector<std::string>& reference) {
  if (words.empty()) return 0;
  size_t found = 0;
  for (const std::string& word : words) found += std::binary_search(reference.begin(), reference.end(), word);
  return static_cast<double>(found) / static_cast<double>(words.size());
}

std::vector<std::string> SortedWords(std::string_view text) {
  std::vector<std::string> words = Words(text);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

// The page's summary and title words, read from <head> (og: properties first).
struct PageSummary {
  std::vector<std::string> description;  // sorted, unique
  std::vector<std::string> title;        // sorted, unique
  int description_chars = 0;             // code points of the description, whitespace excluded
};

PageSummary ReadSummary(const dom::Node* head) {
  PageSummary summary;
  if (head == nullptr) return summary;
  std::string description;
  std::string meta_description;
  std::string title;
  std::string og_title;
  for (const dom::Node* child : head->children) {
    if (child->Is("title") && title.empty()) {
      title = dom::TextContent(child);
      continue;
    }
    if (!child->Is("meta")) continue;
    const std::string* content = child->Attr("content");
    if (content == nullptr) continue;
    const std::string* key = child->Attr("property");
    if (key == nullptr) key = child->Attr("name");
    if (key == nullptr) continue;
    if (ascii::EqualsIgnoreCase(*key, "og:description")) {
      description = *content;
    } else if (ascii::EqualsIgnoreCase(*key, "description")) {
      meta_description = *content;
    } else if (ascii::EqualsIgnoreCase(*key, "og:title")) {
      og_title = *content;
    }
  }
  const std::string& chosen = description.empty() ? meta_description : description;
  summary.description = SortedWords(chosen);
  summary.description_chars = CountText(chosen).chars;
  summary.title = SortedWords(og_title.empty() ? title : og_title);
  return summary;
}

// The summary anchor: a summary of at least kMinAnchorWords distinct words; the chosen block
// keeps its place when it holds kMinAnchorCover of them. Else a scored paragraph outside it
// that holds kMinAnchorCover of them anchors the choice on the nearest candidate around it
// with an article's length (min_main_chars) of text that is not a link list, that does not
// contain the chosen block (its ancestors are the page's wrappers) and is not its sibling.
// A shorter summary is a slogan ("A blog about lifestyle, travel, food, and tech") that an
// "about the author" box says too. The candidate must also hold kMinAnchorBodyFactor times the
// summary's text: a box that only repeats it is a lede, which LedeBefore() adds to the article.
constexpr size_t kMinAnchorWords = 12;
constexpr double kMinAnchorCover = 0.6;
constexpr int kMinAnchorBodyFactor = 2;

// Lower-cased class and id of an element, space-separated.
std::string Names(const dom::Node& node) {
  std::string names;
  for (const char* attribute : {"class", "id"}) {
    if (const std::string* value = node.Attr(attribute)) names += ascii::ToLower(*value) + " ";
  }
  return names;
}

// A link-dense paragraph is kept between two paragraphs of article prose (each at least
// kMinContextProseChars code points with a sentence end) when it is itself a sentence: at
// least kMinLinkedSentenceChars, with punctuation, and kMinUnlinkedChars of text outside its
// links (a name or a title linked inside a sentence, not a bare link), on one line (lines
// split by <br> are a list of links).
constexpr int kMinContextProseChars = 80;
constexpr int kMinLinkedSentenceChars = 40;
constexpr int kMinUnlinkedChars = 10;

// A list item says something besides its links when this much of its text (code points) lies
// outside them ("Quarter sheet pan (I don't like non-stick, it scratches)"); a list of the
// article has such items for at least two thirds of its items.
constexpr int kMinItemProseChars = 20;
constexpr int kAnnotatedItemsNumerator = 2;
constexpr int kAnnotatedItemsDenominator = 3;

// The box right after the article's container continues it when it has paragraphs, at least
// kMinContinuationChars of text and (almost) no links.
constexpr int kMinContinuationChars = 100;
constexpr double kMaxContinuationLinkDensity = 0.05;

// The article's paragraph style: the class of the <p> elements that hold most of the chosen
// container's text, when at least kMinStyledParagraphs of them share it. A sibling box whose
// text is mostly (kMinStyledShare) in paragraphs of that style, at least kMinStyledChars code
// points of them, continues the article whatever its own name (a "teaser-content" box holding
// the first paragraphs, page-builder modules): templates style their article's paragraphs
// alike, and teasers, bios and comments differently.
constexpr int kMinStyledParagraphs = 3;
constexpr double kMinStyledShare = 0.8;
constexpr int kMinStyledChars = 80;
constexpr double kMaxStyledLinkDensity = 0.25;

// A comment-section marker ("Comments", "Leave a reply") is short.
constexpr int kMaxCommentMarkerChars = 40;

double LinkDensity(int link_chars, int chars) { return chars <= 0 ? 0.0 : static_cast<double>(link_chars) / chars; }

// A detached node and where it was, so that a failed cascade step can be undone.
struct Detached {
  dom::Node* node;
  dom::Node* parent;
  size_t position;
};

class Extractor {
 public:
  Extractor(dom::Node* root, PageSummary summary, const GenericOptions& options, GenericResult& result)
      : root_(root), summary_(std::move(summary)), options_(options), result_(result) {}

  // Builds the index of `root_`'s elements; with `prune_unlikely`, elements whose class/id
  // says "unlikely to be content" are left out (and so are their subtrees).
  void Build(bool prune_unlikely);

  // Runs the candidate cascade step on the current index. Returns the chosen roots, or an
  // empty list when the page has no scorable text.
  std::vector<int> ChooseRoots(bool& merged);

  // Marks boilerplate below `roots` as removed (logging why).
  void PruneInside(const std::vector<int>& roots);

  // `roots` with the lede that PruneInside() found in a box it removed (a header box with share
  // buttons that holds the deck) inserted before the root it belongs to.
  std::vector<int> WithRescuedLede(std::vector<int> roots) const {
    if (rescued_lede_ < 0) return roots;
    for (auto it = roots.begin(); it != roots.end(); ++it) {
      if (*it <= rescued_lede_ && rescued_lede_ < At(*it).end) {
        roots.insert(it, rescued_lede_);
        break;
      }
    }
    return roots;
  }

  // Whole-body fallback: marks link-heavy and boilerplate blocks below the root as removed.
  void PruneForFallback();

  // Detaches the removed nodes, serializes `roots` and filters the paragraphs. On return the
  // removed nodes stay detached; Undo() re-attaches them.
  std::vector<text::Paragraph> Serialize(const std::vector<int>& roots);
  void Undo();

  const std::vector<Info>& infos() const { return infos_; }

  // Logs a chosen root and its score (--explain).
  void LogRoot(int index) {
    if (options_.explain) Log(index, "chosen as the article (score " + std::to_string(At(index).score) + ")");
  }

 private:
  uint8_t Hints(int index) {
    Info& info = infos_[static_cast<size_t>(index)];
    if (info.hints == 0) info.hints = ComputeHints(*info.node);
    return info.hints;
  }
  double ClassWeight(int index) {
    uint8_t hints = Hints(index);
    double weight = 0;
    if (hints & kPositive) weight += 25;
    if (hints & kNegative) weight -= 25;
    return weight;
  }
  Info& At(int index) { return infos_[static_cast<size_t>(index)]; }
  const Info& At(int index) const { return infos_[static_cast<size_t>(index)]; }
  // The class of the <p> elements holding most of the text of `index`'s subtree, when at
  // least kMinStyledParagraphs share it; null otherwise.
  const std::string* ParagraphStyle(int index);
  // Text (code points) of the <p> elements of `index`'s subtree whose class is `style`.
  int StyledChars(int index, const std::string& style);
  void Log(int index, std::string_view why);
  const char* ConditionalPruneReason(int index);
  bool IsCommentSectionStart(int index);
  // True when most items of the list `index` (at least two) say something besides their links
  // (a linked name or product followed by a sentence or a remark: the article's own list, not
  // links with a word or two), and the list stands between two prose paragraphs.
  bool IsProseList(int index);
  // The element marked itemprop="articleBody" with the most text, when it has enough text
  // and is not a link list; -1 otherwise.
  int MarkedArticleBody() {
    int best = -1;
    for (int i = 0; i < static_cast<int>(infos_.size()); ++i) {
      const Info& info = At(i);
      if (info.removed || info.text.chars < static_cast<int>(options_.min_main_chars)) continue;
      const std::string* itemprop = info.node->Attr("itemprop");
      if (itemprop == nullptr || !IsArticleBodyProperty(*itemprop)) continue;
      if (LinkDensity(info.link_chars, info.text.chars) > options_.max_link_density) continue;
      if (best < 0 || info.text.chars > At(best).text.chars) best = i;
    }
    return best;
  }
  // The only <article> element with at least min_main_chars of text that is not a link list,
  // or -1 (none, or several: a list of teasers).
  int SingleArticleElement() {
    int found = -1;
    for (int i = 0; i < static_cast<int>(infos_.size()); ++i) {
      const Info& info = At(i);
      if (info.removed || !info.node->Is("article")) continue;
      if (info.text.chars < static_cast<int>(options_.min_main_chars)) continue;
      if (LinkDensity(info.link_chars, info.text.chars) > options_.max_link_density) continue;
      if (found >= 0 && i < At(found).end) continue;  // nested inside the one found
      if (found >= 0) return -1;
      found = i;
    }
    return found;
  }
  // The element named as a lede (hints::kLedeWords) in the boxes just before `first_root` or
  // before its closest ancestors, when it reads as a short paragraph of prose; -1 otherwise.
  int LedeBefore(int first_root);
  // Text of the scored paragraphs in the subtree of `index`.
  int ScoredChars(int index) {
    int chars = 0;
    for (int i = index; i < At(index).end; ++i) chars += At(i).unit_chars;
    return chars;
  }

  // The candidate to take instead of `top` because a paragraph outside it says what the page's
  // summary says and `top` does not; -1 when `top` stays.
  int SummaryAnchored(int top);
  // Share of the summary's words found in the text below `node` (Overlap() without building
  // the text: this runs on the chosen block of every page with a summary).
  double SummaryCover(dom::Node* node);

  // True when the leaf block `index` reads as the page's summary (a deck or an intro) and
  // not as its headline.
  bool ReadsAsSummary(int index);

  dom::Node* root_;
  PageSummary summary_;
  const GenericOptions& options_;
  GenericResult& result_;
  std::vector<Info> infos_;
  std::vector<Detached> detached_;
  int marked_root_ = -1;     // the itemprop="articleBody" element ChooseRoots found, or -1
  int rescued_lede_ = -1;    // a lede PruneInside found in a box it removed, or -1
  std::vector<char> found_;  // SummaryCover's scratch: which summary words were seen
  std::string word_;         // SummaryCover's scratch: the word being read
};

void Extractor::Log(int index, std::string_view why) {
  if (!options_.explain) return;
  const Info& info = At(index);
  std::string line = "<" + info.node->tag;
  if (const std::string* id = info.node->Attr("id")) line += " id=\"" + *id + "\"";
  if (const std::string* cls = info.node->Attr("class")) line += " class=\"" + *cls + "\"";
  line += "> ";
  line += std::to_string(info.text.chars);
  line += " chars: ";
  line += why;
  result_.pruned.push_back(std::move(line));
  result_.pruned_nodes.push_back(info.node);
}

void Extractor::Build(bool prune_unlikely) {
  infos_.clear();
  marked_root_ = -1;
  rescued_lede_ = -1;
  struct Step {
    dom::Node* node;
    bool exiting;
  };
  std::vector<Step> stack{{root_, false}};
  std::vector<int> open;  // indices of the elements being visited, outermost first
  int link_depth = 0;
  bool after_break = false;  // the last thing seen in document order was a <br>
  while (!stack.empty()) {
    Step step = stack.back();
    stack.pop_back();
    dom::Node* node = step.node;
    if (step.exiting) {
      int index = open.back();
      open.pop_back();
      Info& info = At(index);
      info.end = static_cast<int>(infos_.size());
      if (node->Is("a")) --link_depth;
      if (info.parent >= 0) {
        Info& parent = At(info.parent);
        parent.text.Add(info.text);
        parent.link_chars += info.link_chars;
        parent.paragraphs += info.paragraphs;
        parent.images += info.images;
        parent.list_items += info.list_items;
        parent.inputs += info.inputs;
        parent.embeds += info.embeds;
        if (info.has_block_descendant || info.is_block) parent.has_block_descendant = true;
      }
      continue;
    }
    if (node->IsText()) {
      if (open.empty()) continue;
      TextCounts counts = CountText(node->text);
      if (counts.chars > 0) after_break = false;
      Info& holder = At(open.back());
      holder.text.Add(counts);
      Info& owner = At(holder.block);
      owner.own.Add(counts);
      if (link_depth > 0) {
        holder.link_chars += counts.chars;
        owner.own_link_chars += counts.chars;
      }
      continue;
    }
    if (node->kind == dom::NodeKind::kDocument) {
      for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) {
        stack.push_back({*it, false});
      }
      continue;
    }
    if (!node->IsElement()) continue;
    if (!open.empty()) {
      Info& parent = At(open.back());
      std::string_view tag = node->tag;
      if (tag == "img") ++parent.images;
      if (tag == "input" || tag == "textarea" || tag == "select" || tag == "button") {
        ++parent.inputs;
      }
      if (tag == "iframe" || tag == "embed" || tag == "object" || tag == "video") ++parent.embeds;
    }
    if (text::IsSkippedElement(*node) && !IsWrapperForm(*node)) continue;

    int index = static_cast<int>(infos_.size());
    infos_.emplace_back();
    Info& info = infos_.back();
    info.node = node;
    info.parent = open.empty() ? -1 : open.back();
    bool is_block = text::IsBlockElement(*node) || IsWrapperForm(*node) || open.empty();
    info.is_block = is_block;
    info.block = is_block ? index : At(open.back()).block;
    if (is_block) {
      after_break = false;
    } else if (std::string_view(node->tag) == "br") {
      // Two breaks in a row end a paragraph (the serializer splits there too): older CMSes
      // wrote whole articles as one block of text and <br><br>.
      if (after_break) ++At(info.block).own_breaks;
      after_break = true;
    }
    if (is_block && !open.empty()) At(open.back()).has_block_child = true;

    if (prune_unlikely && info.parent >= 0 && !node->Is("a") && !node->Is("article") && !node->Is("main")) {
      uint8_t hints = Hints(index);
      if ((hints & kUnlikely) && !(hints & kMaybeCandidate)) {
        // Kept in the index as an empty leaf, so that Serialize() detaches it.
        info.removed = true;
        info.unlikely = true;
        info.end = index + 1;
        continue;
      }
    }
    if (node->Is("p")) ++info.paragraphs;
    if (node->Is("li")) ++info.list_items;
    if (node->Is("a")) ++link_depth;
    open.push_back(index);
    stack.push_back({node, true});
    for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) {
      stack.push_back({*it, false});
    }
  }
}

std::vector<int> Extractor::ChooseRoots(bool& merged) {
  merged = false;
  if (infos_.empty()) return {};
  std::vector<int> candidates;
  const int count = static_cast<int>(infos_.size());
  for (int i = 0; i < count; ++i) {
    const Info& unit = At(i);
    if (unit.own.chars < static_cast<int>(options_.min_scored_chars)) continue;
    // List items and table headers are not prose paragraphs (Readability scores only p, td,
    // pre and text-bearing divs): a slideshow's captions must not outscore the article.
    if (!IsScoredUnit(*unit.node)) continue;
    // Link-dense units (menus, link lists) are not prose and give no score.
    if (LinkDensity(unit.own_link_chars, unit.own.chars) > options_.max_link_density) continue;
    At(i).unit_chars = unit.own.chars;
    // A block of text split by <br><br> is that many paragraphs (Readability turns them into
    // <p> before scoring): each counts, and so does its length.
    const int pieces = 1 + std::min(unit.own_breaks, unit.own.chars / static_cast<int>(options_.min_scored_chars));
    double score = pieces + unit.own.commas + std::min(unit.own.chars / 100, 3 * pieces);
    // A container that holds text next to block children is its own paragraph's parent
    // (Readability wraps such text in <p> inside it first).
    bool leaf_paragraph = IsParagraphTag(*unit.node) || !unit.has_block_child;
    int ancestor = leaf_paragraph ? unit.parent : i;
    for (int level = 0; level < options_.score_ancestor_levels && ancestor >= 0; ++level) {
      Info& info = At(ancestor);
      if (!info.scored) {
        info.scored = true;
        info.score = TagScore(*info.node) + ClassWeight(ancestor);
        candidates.push_back(ancestor);
      }
      double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
      info.score += score / divider;
      ancestor = info.parent;
    }
  }
  if (candidates.empty()) return {};

  auto final_score = [&](int index) {
    const Info& info = At(index);
    return info.score * (1.0 - LinkDensity(info.link_chars, info.text.chars));
  };
  int top = candidates.front();
  for (int candidate : candidates) {
    if (final_score(candidate) > final_score(top)) top = candidate;
  }
  double top_score = final_score(top);

  // Readability: climb while the parent scores higher (the article's text is split into
  // several sub-containers that each score well).
  {
    double last_score = top_score;
    double threshold = last_score / 3;
    for (int parent = At(top).parent; parent > 0; parent = At(parent).parent) {
      if (!At(parent).scored) continue;
      double parent_score = final_score(parent);
      if (parent_score < threshold) break;
      if (parent_score > last_score) {
        top = parent;
        break;
      }
      last_score = parent_score;
    }
  }
  // The page's summary (og:description, meta description) says what its article says: when the
  // chosen block shares little of it and a paragraph elsewhere says it, the block is something
  // else (a comment, a bio, a disclaimer) and the candidate around that paragraph is taken.
  int rejected = -1;  // the block the summary anchor turned down: not merged back as a sibling
  if (int anchored = SummaryAnchored(top); anchored >= 0) {
    rejected = top;
    top = anchored;
  }
  // Schema.org microdata names the article's text (itemprop="articleBody", as trafilatura's
  // BODY_XPATH reads it): when the scores chose a block inside it or beside it (a captioned
  // slideshow, a teaser list), the page's own markup is the better judge.
  marked_root_ = MarkedArticleBody();
  if (marked_root_ >= 0 && !(top <= marked_root_ && marked_root_ < At(top).end)) top = marked_root_;
  // HTML's <article> names a self-contained composition: when the page has one that holds
  // text, and the scores chose a container around it (the article with its comments, a
  // sidebar, the page's wrapper), the article element is the better bound.
  if (marked_root_ < 0) {
    int article = SingleArticleElement();
    if (article > top && article < At(top).end) top = article;
  }
  // A wrapper with a single element child adds nothing: climb to its parent.
  while (At(top).parent > 0) {
    const Info& parent = At(At(top).parent);
    if (parent.end - (At(top).parent + 1) != At(top).end - top) break;
    top = At(top).parent;
  }
  top_score = std::max(final_score(top), top_score);

  std::vector<int> roots;
  const int parent = At(top).parent;
  if (parent < 0) return {top};
  const double threshold = std::max(10.0, top_score * 0.2);
  const std::string* top_class = At(top).node->Attr("class");
  const std::string* paragraph_style = ParagraphStyle(top);
  int next_after_top = -1;  // the first sibling with text after the top candidate
  for (int sibling = parent + 1; sibling < At(parent).end; sibling = At(sibling).end) {
    if (sibling == top) {
      roots.push_back(sibling);
      continue;
    }
    const Info& info = At(sibling);
    if (info.text.chars == 0) continue;
    if (sibling > top && next_after_top < 0) next_after_top = sibling;
    if (sibling <= rejected && rejected < info.end) continue;
    if (paragraph_style != nullptr && LinkDensity(info.link_chars, info.text.chars) < kMaxStyledLinkDensity) {
      const int styled = StyledChars(sibling, *paragraph_style);
      if (styled >= kMinStyledChars && styled >= kMinStyledShare * info.text.chars) {
        roots.push_back(sibling);
        merged = true;
        continue;
      }
    }
    if (Hints(sibling) & (kBoilerplate | kNegative)) continue;
    double bonus = 0;
    const std::string* sibling_class = info.node->Attr("class");
    if (top_class != nullptr && sibling_class != nullptr && !top_class->empty() && *top_class == *sibling_class) {
      bonus = top_score * 0.2;
    }
    bool append = false;
    if (info.scored && final_score(sibling) + bonus >= threshold) {
      append = true;
    } else {
      // Readability appends prose <p> siblings; a box holding only prose (a lead paragraph
      // set apart by the layout) is the same thing one level up.
      double density = LinkDensity(info.link_chars, info.text.chars);
      // A <table> holds its rows through an implied <tbody>, not a block: look at all the
      // descendants, or a whole table of teasers reads as one paragraph.
      bool paragraph_like = IsParagraphTag(*info.node) || !info.has_block_descendant;
      // Only before the top candidate: after the article, prose boxes are promotions and
      // "about the author" notes more often than article text.
      bool prose_box = sibling < top && info.text.stops > 0 && ScoredChars(sibling) * 10 >= info.text.chars * 9;
      // The box right after it, of the same tag (a div or a section: layout tables and <article>
      // siblings hold other content), with paragraphs and no links: the rest of the article
      // ("read more" extended entries, page-builder modules).
      if (!prose_box && sibling > top && next_after_top == sibling && info.node->tag == At(top).node->tag &&
          (info.node->Is("div") || info.node->Is("section")) && info.paragraphs > 0 &&
          density <= kMaxContinuationLinkDensity && info.text.chars >= kMinContinuationChars) {
        prose_box = true;
      }
      if ((paragraph_like || prose_box) && info.text.chars > 80 && density < 0.25) {
        append = true;
      } else if (info.text.chars > 0 && density == 0 && info.text.stops > 0 && info.node->Is("p")) {
        append = true;
      }
    }
    if (append) {
      roots.push_back(sibling);
      merged = true;
    }
  }
  // A lede (standfirst, chapo) set in the header box before the article's container: named
  // so by its class/id, in a box before the chosen roots.
  if (int lede = LedeBefore(roots.front()); lede >= 0) {
    roots.insert(roots.begin(), lede);
    merged = true;
  }
  return roots;
}

const std::string* Extractor::ParagraphStyle(int index) {
  struct Style {
    const std::string* name;
    int chars;
    int paragraphs;
  };
  std::vector<Style> styles;
  for (int i = index; i < At(index).end; ++i) {
    const Info& info = At(i);
    if (info.removed || !info.node->Is("p") || info.text.chars == 0) continue;
    const std::string* name = info.node->Attr("class");
    if (name == nullptr || name->empty()) continue;
    auto it = std::find_if(styles.begin(), styles.end(), [&](const Style& style) { return *style.name == *name; });
    if (it == styles.end()) {
      styles.push_back({name, info.text.chars, 1});
    } else {
      it->chars += info.text.chars;
      ++it->paragraphs;
    }
  }
  const Style* best = nullptr;
  for (const Style& style : styles) {
    if (best == nullptr || style.chars > best->chars) best = &style;
  }
  return best != nullptr && best->paragraphs >= kMinStyledParagraphs ? best->name : nullptr;
}

int Extractor::StyledChars(int index, const std::string& style) {
  int chars = 0;
  for (int i = index; i < At(index).end; ++i) {
    const Info& info = At(i);
    if (!info.node->Is("p")) continue;
    const std::string* name = info.node->Attr("class");
    if (name != nullptr && *name == style) chars += info.text.chars;
    i = info.end - 1;  // a <p> holds no other <p>
  }
  return chars;
}

int Extractor::LedeBefore(int first_root) {
  // The boxes before `first_root` and before its ancestors, nearest first: a few levels up for
  // a box named as a lede, up to the body for one that says what the page's summary says (a
  // header block apart from the article's column).
  int level_node = first_root;
  for (int level = 0; level_node > 0; ++level, level_node = At(level_node).parent) {
    const bool named_search = level < kLedeSearchLevels;
    if (!named_search && summary_.description.empty()) break;
    const int parent = At(level_node).parent;
    if (parent < 0) break;
    // Element siblings before `level_node`, in document order; the nearest ones are searched.
    std::vector<int> before;
    for (int sibling = parent + 1; sibling < level_node; sibling = At(sibling).end) before.push_back(sibling);
    int searched = 0;
    for (auto it = before.rbegin(); it != before.rend() && searched < kLedeSearchSiblings; ++it) {
      if (At(*it).text.chars == 0) continue;
      ++searched;
      for (int i = *it; i < At(*it).end; ++i) {
        const Info& info = At(i);
        if (info.removed) {
          i = info.end - 1;
          continue;
        }
        if (!named_search || !ContainsAnyWord(Names(*info.node), hints::kLedeWords)) {
          if (ReadsAsSummary(i)) return i;
          continue;
        }
        bool prose = info.text.stops > 0 && info.text.chars >= kMinLedeChars && info.text.chars <= kMaxLedeChars &&
                     LinkDensity(info.link_chars, info.text.chars) < kMaxLedeLinkDensity;
        if (prose && !IsHeading(*info.node)) return i;
        if (ReadsAsSummary(i)) return i;
        i = info.end - 1;  // a named box that is not a lede: skip its subtree
      }
    }
  }
  return -1;
}

double Extractor::SummaryCover(dom::Node* node) {
  const std::vector<std::string>& words = summary_.description;
  found_.assign(words.size(), 0);
  size_t found = 0;
  std::string& word = word_;
  word.clear();
  auto end_word = [&]() {
    if (word.empty()) return;
    auto it = std::lower_bound(words.begin(), words.end(), word);
    if (it != words.end() && *it == word) {
      auto k = static_cast<size_t>(it - words.begin());
      if (!found_[k]) {
        found_[k] = 1;
        ++found;
      }
    }
    word.clear();
  };
  // Words as Words() cuts them, over the text nodes in document order (a word split by inline
  // tags is one word, as in TextContent()).
  dom::Walk(node, [&](dom::Node* current) {
    if (found == words.size()) return false;
    if (!current->IsText()) return true;
    for (char c : current->text) {
      if (static_cast<unsigned char>(c) >= 0x80 || ascii::IsAlnum(c)) {
        word.push_back(ascii::ToLower(c));
      } else {
        end_word();
      }
    }
    return false;
  });
  end_word();
  return words.empty() ? 0.0 : static_cast<double>(found) / static_cast<double>(words.size());
}

int Extractor::SummaryAnchored(int top) {
  if (summary_.description.size() < kMinAnchorWords) return -1;
  if (SummaryCover(At(top).node) >= kMinAnchorCover) return -1;
  int best = -1;
  double best_cover = kMinAnchorCover;
  for (int i = 0; i < static_cast<int>(infos_.size()); ++i) {
    if (i == top) {
      i = At(top).end - 1;  // the chosen block's own paragraphs were judged above
      continue;
    }
    // A paragraph shorter than this share of the summary cannot hold enough of its words.
    if (At(i).unit_chars == 0 || At(i).text.chars < kMinAnchorCover * summary_.description_chars / 2) continue;
    double cover = SummaryCover(At(i).node);
    if (cover >= best_cover) {
      best_cover = cover;
      best = i;
    }
  }
  if (best < 0) return -1;
  for (int ancestor = best; ancestor > 0; ancestor = At(ancestor).parent) {
    const Info& info = At(ancestor);
    if (ancestor < top && top < info.end) return -1;  // around the chosen block
    // A sibling of the chosen block is judged by the sibling merge (an article split into a
    // lede box and a "more" box): the anchor only moves the choice to another branch.
    if (info.parent == At(top).parent) return -1;
    if (info.scored && info.text.chars >= static_cast<int>(options_.min_main_chars) &&
        info.text.chars >= kMinAnchorBodyFactor * summary_.description_chars &&
        LinkDensity(info.link_chars, info.text.chars) <= options_.max_link_density) {
      return ancestor;
    }
  }
  return -1;
}

bool Extractor::ReadsAsSummary(int index) {
  const Info& info = At(index);
  if (summary_.description.empty() || !info.is_block || info.has_block_descendant) return false;
  if (info.text.chars < kMinSummaryLedeChars || info.text.chars > kMaxLedeChars) return false;
  if (LinkDensity(info.link_chars, info.text.chars) >= kMaxLedeLinkDensity) return false;
  std::vector<std::string> words = Words(dom::TextContent(info.node));
  if (static_cast<int>(words.size()) < kMinSummaryLedeWords) return false;
  if (Overlap(words, summary_.description) < kMinSummaryOverlap) return false;
  if (Overlap(summary_.description, SortedWords(dom::TextContent(info.node))) < kMinSummaryCover) return false;
  return Overlap(words, summary_.title) < kMinSummaryOverlap;
}

// Readability's "clean conditionally": containers whose make-up says "not prose".
const char* Extractor::ConditionalPruneReason(int index) {
  Info& info = At(index);
  const dom::Node& node = *info.node;
  static constexpr std::array<std::string_view, 13> kTags = {
      "form", "fieldset", "table", "ul", "ol", "dl", "div", "section", "aside", "nav", "header", "footer", "center"};
  if (std::find(kTags.begin(), kTags.end(), node.tag) == kTags.end()) return nullptr;
  double weight = ClassWeight(index);
  // Readability's "weight + contentScore < 0", without the tag's own initial score: an
  // unnamed <ul> of prose paragraphs starts at -3 and must not go for that alone.
  double score = info.scored ? info.score - TagScore(node) : 0;
  if (weight + score < 0) return "negative class/id weight";
  if (info.text.commas >= 10) return nullptr;
  bool is_list = node.Is("ul") || node.Is("ol") || node.Is("dl");
  int paragraphs = info.paragraphs;
  int list_items = info.list_items - 100;
  double density = LinkDensity(info.link_chars, info.text.chars);
  int length = info.text.chars;
  if (info.images > 1 && paragraphs * 2 < info.images && info.images > 2) {
    return "more images than paragraphs";
  }
  if (!is_list && list_items > paragraphs) return "a list, not paragraphs";
  if (info.inputs > paragraphs / 3 && info.inputs > 0) return "form controls";
  if (!is_list && length < 25 && (info.images == 0 || info.images > 2) && length > 0 && !node.Is("td")) {
    return "too little text";
  }
  if (weight < 25 && density > 0.2 && length < 2000 && !(is_list && IsProseList(index))) return "link-dense";
  if (weight >= 25 && density > 0.5) return "link-dense";
  if ((info.embeds == 1 && length < 75) || info.embeds > 1) return "embedded media";
  return nullptr;
}

bool Extractor::IsProseList(int index) {
  int items = 0;
  int annotated = 0;
  for (int child = index + 1; child < At(index).end; child = At(child).end) {
    const Info& item = At(child);
    if (!item.node->Is("li") && !item.node->Is("dd")) continue;
    ++items;
    if (item.text.chars - item.link_chars >= kMinItemProseChars) ++annotated;
  }
  if (items < 2 || annotated * kAnnotatedItemsDenominator < items * kAnnotatedItemsNumerator) return false;
  // Judged with its neighbours: inside the article's flow, between two paragraphs of prose (a
  // list of teasers closes the article or follows a heading).
  const int parent = At(index).parent;
  if (parent < 0) return false;
  int before = -1;
  int after = -1;
  for (int sibling = parent + 1; sibling < At(parent).end; sibling = At(sibling).end) {
    if (At(sibling).text.chars == 0) continue;
    if (sibling < index) before = sibling;
    if (sibling > index) {
      after = sibling;
      break;
    }
  }
  auto prose = [&](int block) {
    if (block < 0) return false;
    const Info& info = At(block);
    return info.node->Is("p") && info.text.stops > 0 &&
           LinkDensity(info.link_chars, info.text.chars) <= options_.max_link_density;
  };
  // A paragraph that ends with a colon introduces the list ("Here are the tools you'll need:").
  auto introduces = [&](int block) {
    if (block < 0 || !At(block).node->Is("p")) return false;
    std::string text = dom::TextContent(At(block).node);
    size_t last = text.find_last_not_of(" \t\n\r\f");
    return last != std::string::npos && text[last] == ':';
  };
  return (prose(before) || introduces(before)) && prose(after);
}

// The start of a comment section: a short element (a heading, an anchor, an empty box) named
// like comments. Everything after it in the article is user comments, which the article text
// never includes.
bool Extractor::IsCommentSectionStart(int index) {
  const Info& info = At(index);
  const dom::Node& node = *info.node;
  if (info.text.chars > kMaxCommentMarkerChars) return false;
  if (node.Is("a") && node.Attr("href") != nullptr) return false;  // "12 comments" links
  std::string names;
  for (const char* attribute : {"id", "class", "name"}) {
    if (const std::string* value = node.Attr(attribute)) names += *value + " ";
  }
  return ContainsAnyWord(ascii::ToLower(names), hints::kCommentSectionWords);
}

void Extractor::PruneInside(const std::vector<int>& roots) {
  int chars_before = 0;  // article text seen so far, in document order
  bool in_comments = false;
  for (int root : roots) {
    if (in_comments) {
      At(root).removed = true;
      Log(root, "after the start of the comments");
      continue;
    }
    const int root_chars = std::max(At(root).text.chars, 1);
    // Inside a block the page itself marks as the article body, a box named like boilerplate
    // is boilerplate whatever its share of the text (a captioned slideshow, a teaser list).
    const bool marked_body =
        root == marked_root_ || (marked_root_ >= 0 && root > marked_root_ && root < At(marked_root_).end);
    for (int i = root + 1; i < At(root).end;) {
      Info& info = At(i);
      const dom::Node& node = *info.node;
      if (chars_before >= static_cast<int>(options_.min_main_chars) && IsCommentSectionStart(i)) {
        // Drop the marker and every later subtree of the root (whose parents are ancestors
        // of the marker, so jumping over subtrees visits exactly those).
        in_comments = true;
        if (!info.removed) Log(i, "start of the comments");
        info.removed = true;
        for (int j = info.end; j < At(root).end; j = At(j).end) {
          if (At(j).removed) continue;
          At(j).removed = true;
          Log(j, "after the start of the comments");
        }
        break;
      }
      if (info.removed) {
        i = info.end;
        continue;
      }
      const char* reason = nullptr;
      if (node.Is("h1")) {
        reason = "headline";
      } else if (node.Is("nav") || node.Is("aside")) {
        reason = "navigation or aside element";
      } else if ((Hints(i) & kBoilerplate) && (marked_body || info.text.chars * 10 < root_chars * 6)) {
        reason = "boilerplate class/id";
      } else if (IsHeading(node) && LinkDensity(info.link_chars, info.text.chars) > options_.max_link_density) {
        reason = "linked heading";
      } else {
        reason = ConditionalPruneReason(i);
      }
      if (reason != nullptr && info.text.chars > 0) {
        info.removed = true;
        Log(i, reason);
        // A box above the article's text (a header with share buttons) may hold its deck: the
        // paragraph that says what the page's summary says is kept.
        if (rescued_lede_ < 0 && chars_before == 0 && !node.Is("nav") && !node.Is("aside")) {
          for (int j = i + 1; j < info.end; ++j) {
            if (At(j).is_block && !At(j).has_block_descendant && !IsHeading(*At(j).node) && ReadsAsSummary(j)) {
              rescued_lede_ = j;
              break;
            }
          }
        }
        i = info.end;
        continue;
      }
      chars_before += info.own.chars;
      ++i;
    }
  }
}

void Extractor::PruneForFallback() {
  for (int i = 1; i < static_cast<int>(infos_.size());) {
    Info& info = At(i);
    const char* reason = nullptr;
    if (info.node->Is("nav") || info.node->Is("aside") || info.node->Is("header") || info.node->Is("footer")) {
      reason = "navigation or aside element";
    } else if (Hints(i) & kBoilerplate) {
      reason = "boilerplate class/id";
    }
    if (reason != nullptr && info.text.chars > 0) {
      info.removed = true;
      Log(i, reason);
      i = info.end;
      continue;
    }
    ++i;
  }
}

std::vector<text::Paragraph> Extractor::Serialize(const std::vector<int>& roots) {
  // Detach removed nodes that lie below the roots (whole subtrees: children of removed nodes
  // are skipped). Reverse order keeps recorded positions valid for Undo().
  std::unordered_map<const dom::Node*, int> blocks;
  for (int root : roots) {
    // Build() indexes nothing for a document without a body to read (the whole-page fallback
    // asks for node 0 all the same).
    if (root < 0 || static_cast<size_t>(root) >= infos_.size()) continue;
    for (int i = root; i < At(root).end;) {
      Info& info = At(i);
      if (info.removed) {
        if (info.unlikely) Log(i, "unlikely container (class/id), not scored");
        dom::Node* parent = info.node->parent;
        if (parent != nullptr) {
          auto& siblings = parent->children;
          size_t position =
              static_cast<size_t>(std::find(siblings.begin(), siblings.end(), info.node) - siblings.begin());
          detached_.push_back({info.node, parent, position});
          info.node->Detach();
        }
        i = info.end;
        continue;
      }
      if (IsWrapperForm(*info.node) && info.text.chars >= static_cast<int>(options_.min_scored_chars) * 8) {
        info.node->tag = "div";  // read it: it wraps the page, not a search box
      }
      if (info.block == i && info.own.chars > 0) blocks.emplace(info.node, i);
      ++i;
    }
  }
  std::vector<const dom::Node*> nodes;
  for (int root : roots) {
    if (root >= 0 && static_cast<size_t>(root) < infos_.size()) nodes.push_back(At(root).node);
  }
  std::vector<text::Paragraph> paragraphs = text::Serialize(nodes);

  // Each paragraph's own text statistics (null when its block is not indexed).
  std::vector<const Info*> owners(paragraphs.size(), nullptr);
  for (size_t k = 0; k < paragraphs.size(); ++k) {
    auto it = paragraphs[k].block == nullptr ? blocks.end() : blocks.find(paragraphs[k].block);
    if (it != blocks.end()) owners[k] = &At(it->second);
  }
  auto link_dense = [&](size_t k) {
    return owners[k] != nullptr &&
           LinkDensity(owners[k]->own_link_chars, owners[k]->own.chars) > options_.max_link_density;
  };
  // Article prose that vouches for a link-dense neighbour: a paragraph of sentences with
  // little link text of its own.
  auto prose = [&](size_t k) {
    const Info* info = owners[k];
    return info != nullptr && info->own.chars >= kMinContextProseChars && info->own.stops > 0 && !link_dense(k);
  };

  std::vector<text::Paragraph> kept;
  kept.reserve(paragraphs.size());
  for (size_t k = 0; k < paragraphs.size(); ++k) {
    text::Paragraph& paragraph = paragraphs[k];
    if (link_dense(k)) {
      // jusText's context: a sentence with inline links (a linked name, a source) between
      // two paragraphs of article prose is article text; a link list is not prose, and a
      // lone link line reads as navigation wherever it stands.
      const Info& info = *owners[k];
      bool sentence = info.own.chars >= kMinLinkedSentenceChars && info.own.stops + info.own.commas > 0 &&
                      info.own.chars - info.own_link_chars >= kMinUnlinkedChars &&
                      paragraph.text.find('\n') == std::string::npos;  // not lines of links
      bool framed = k > 0 && k + 1 < paragraphs.size() && prose(k - 1) && prose(k + 1);
      if (!(sentence && framed)) {
        if (options_.explain) {
          result_.pruned.push_back("paragraph \"" + text::TruncateUtf8(paragraph.text, 60) + "\": link-dense line");
          result_.pruned_nodes.push_back(paragraph.block);
        }
        continue;
      }
    }
    if (!DropFieldLines(paragraph.text)) {
      if (options_.explain) {
        result_.pruned.push_back("paragraph \"" + text::TruncateUtf8(paragraph.text, 60) +
                                 "\": short fields separated by '|'");
        result_.pruned_nodes.push_back(paragraph.block);
      }
      continue;
    }
    kept.push_back(std::move(paragraph));
  }
  // Repeated paragraphs are removed by the caller (extract.h), once for every step.
  return kept;
}

void Extractor::Undo() {
  for (auto it = detached_.rbegin(); it != detached_.rend(); ++it) {
    auto& siblings = it->parent->children;
    size_t position = std::min(it->position, siblings.size());
    siblings.insert(siblings.begin() + static_cast<std::ptrdiff_t>(position), it->node);
    it->node->parent = it->parent;
  }
  detached_.clear();
}

size_t CountChars(const std::vector<text::Paragraph>& paragraphs) {
  size_t chars = 0;
  for (const text::Paragraph& paragraph : paragraphs) {
    chars += static_cast<size_t>(CountText(paragraph.text).chars);
  }
  return chars;
}

// The markup of the longest HTML template script of the page (strip_non_text.h,
// IsHtmlTemplateType), or "" when there is none.
std::string LongestTemplate(dom::Document& document) {
  std::string best;
  dom::Walk(document.root(), [&](dom::Node* node) {
    if (!node->IsElement()) return node->kind == dom::NodeKind::kDocument;
    if (!node->Is("script")) return true;
    const std::string* type = node->Attr("type");
    if (type != nullptr && html::IsHtmlTemplateType(*type)) {
      std::string markup = dom::TextContent(node);
      if (markup.size() > best.size()) best = std::move(markup);
    }
    return false;
  });
  return best;
}

GenericResult Extract(dom::Document& document, const GenericOptions& options, bool read_templates);

// The article of a page whose body only a script template holds (a page rendered in the
// browser): the template's markup, parsed and extracted like a page. Paragraph::block is null
// (the template's nodes do not outlive the call).
GenericResult ExtractTemplate(dom::Document& document, const GenericOptions& options) {
  std::string markup = LongestTemplate(document);
  if (markup.size() < options.min_main_chars) return {};
  dom::Document parsed = html::ParseHtml(html::StripNonText(markup));
  GenericResult result = Extract(parsed, options, /*read_templates=*/false);
  // Nothing may point into `parsed`, which ends here.
  for (text::Paragraph& paragraph : result.paragraphs) paragraph.block = nullptr;
  std::fill(result.pruned_nodes.begin(), result.pruned_nodes.end(), nullptr);
  result.roots.clear();
  return result;
}

GenericResult Extract(dom::Document& document, const GenericOptions& options, bool read_templates) {
  GenericResult result;
  dom::Node* root = document.body();
  if (root == nullptr) root = document.html();
  if (root == nullptr) root = document.root();
  Extractor extractor(root, ReadSummary(document.head()), options, result);

  // The best attempt so far, kept when every step falls short of min_main_chars.
  std::vector<text::Paragraph> best;
  std::string best_step = "none";
  size_t best_chars = 0;
  auto consider = [&](std::vector<text::Paragraph> paragraphs, const char* step) {
    size_t chars = CountChars(paragraphs);
    if (chars > best_chars) {
      best_chars = chars;
      best = std::move(paragraphs);
      best_step = step;
      return true;
    }
    return false;
  };

  for (bool prune_unlikely : {true, false}) {
    extractor.Build(prune_unlikely);
    bool merged = false;
    std::vector<int> roots = extractor.ChooseRoots(merged);
    if (roots.empty()) continue;
    size_t log_size = result.pruned.size();
    for (int chosen : roots) extractor.LogRoot(chosen);
    extractor.PruneInside(roots);
    roots = extractor.WithRescuedLede(std::move(roots));
    std::vector<text::Paragraph> paragraphs = extractor.Serialize(roots);
    const char* step = !prune_unlikely ? "relaxed" : merged ? "merged" : "main";
    if (consider(std::move(paragraphs), step) && best_chars >= options.min_main_chars) {
      if (options.explain) {
        for (int chosen : roots) result.roots.push_back(extractor.infos()[static_cast<size_t>(chosen)].node);
      }
      result.paragraphs = std::move(best);
      result.step = best_step;
      return result;
    }
    extractor.Undo();
    result.pruned.resize(log_size);
    result.pruned_nodes.resize(log_size);  // the same length as `pruned`
  }

  extractor.Build(true);
  extractor.PruneForFallback();
  std::vector<text::Paragraph> paragraphs = extractor.Serialize({0});
  // Keep prose only: paragraphs with sentence punctuation or of some length.
  std::vector<text::Paragraph> prose;
  for (text::Paragraph& paragraph : paragraphs) {
    TextCounts counts = CountText(paragraph.text);
    if (counts.chars >= 80 || (counts.stops + counts.commas > 0 && counts.chars >= 30)) {
      prose.push_back(std::move(paragraph));
    }
  }
  if (!consider(std::move(prose), "fallback")) {
    extractor.Undo();
  } else if (options.explain && !extractor.infos().empty()) {
    result.roots.push_back(extractor.infos().front().node);
  }
  if (read_templates && best_chars < options.min_main_chars) {
    // No article in the page's markup: a script template may hold it (issue 14, class 1).
    GenericResult from_template = ExtractTemplate(document, options);
    size_t chars = CountChars(from_template.paragraphs);
    if (chars >= options.min_main_chars && chars > best_chars) {
      // The template's nodes belong to a document of its own, gone after this call: its
      // decisions are listed without elements (pruned_nodes stays as long as pruned).
      if (options.explain) result.pruned.push_back("article read from a script template");
      for (std::string& line : from_template.pruned) result.pruned.push_back(std::move(line));
      result.pruned_nodes.resize(result.pruned.size(), nullptr);
      result.roots.clear();
      result.paragraphs = std::move(from_template.paragraphs);
      result.step = from_template.step;
      return result;
    }
  }
  result.paragraphs = std::move(best);
  result.step = best_chars > 0 ? best_step : "none";
  return result;
}

}  // namespace

GenericResult ExtractGeneric(dom::Document& document, const GenericOptions& options) {
  return Extract(document, options, /*read_templates=*/true);
}

}  // namespace pressoir::generic
