// Drafting a site rule from sample pages (see rule_draft.h).
#include "extractors/rule_draft.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/ascii.h"
#include "extractors/generic_extractor.h"
#include "extractors/html_parser.h"
#include "extractors/metadata.h"
#include "extractors/regex.h"
#include "extractors/selector.h"
#include "extractors/strip_non_text.h"
#include "extractors/text_serializer.h"

namespace pressoir::draft {
namespace {

// --- Heuristics (named so that they can be tuned in one place) ---

// The element that holds the article: the deepest common ancestor of the generic extractor's
// paragraphs that still holds this share of their characters (a stray paragraph outside the
// article, such as a caption the generic step merged in, must not widen it to <body>).
constexpr double kContainerTextShare = 0.9;
// Candidates for `body` come from the container, this many ancestors above it, and the chain
// of descendants that hold most of its text down this many levels.
constexpr int kBodyAncestorLevels = 3;
constexpr int kBodyDescendantLevels = 3;
// A descendant holding at least this share of its parent's text continues the chain.
constexpr double kDescendantTextShare = 0.6;
// A body selector "finds the article" on a page when the token F1 of its text against the
// generic extractor's text reaches this (the generic text is a reference, not the truth: it
// may miss a paragraph or keep a share bar, so this is well below 1).
constexpr double kBodyPageMinF1 = 0.6;
// A selector matching more elements than this on a page is a tag, not the article's container.
constexpr size_t kMaxBodyElements = 2;
// At most this many body selectors: the best one, then fallbacks for the pages it misses.
constexpr size_t kMaxBodySelectors = 3;
// Tie-breaks between body candidates of nearly equal F1 (differences below this per page count
// as ties, broken by how semantic and how short the selector is).
constexpr double kBodyF1Tie = 0.01;
// A block repeats when it is found under the same selector on at least this many pages.
constexpr int kMinRepeatPages = 2;
// A block inside the body is boilerplate when at most this share of its text is in the
// generic extractor's text (the generic step pruned it as navigation, ads, a share bar).
constexpr double kMaxKeptShareForRemoval = 0.2;
// ... or when its text repeats across pages (token-set Jaccard at least kRepeatedJaccard) or
// it is mostly link text (kLinkDenseShare), provided at most this share is article text.
constexpr double kMaxKeptShareIfRepeated = 0.5;
constexpr double kRepeatedJaccard = 0.5;
constexpr double kLinkDenseShare = 0.5;
// Whatever else it matches, a remove selector may not take more than this share of the
// generic extractor's text of any page (a short article paragraph inside a repeated class).
constexpr double kMaxRemovedArticleShare = 0.1;
// How much a digit in a selector's names lowers its rank (SelectorRank): by two steps, so that
// "#page1" comes after ".story" but an itemprop with a digit still comes before a bare tag.
constexpr int kDigitNamePenalty = 2;
// Whether a block seen on one page only may be removed (see ChooseRemove).
constexpr bool kSingleTemplateBlocks = true;
// Caps that keep a draft readable (and the work bounded).
constexpr size_t kMaxRemoveSelectors = 15;
constexpr size_t kMaxDropLines = 20;
// A drop_lines candidate longer than this is a paragraph, not a boilerplate line.
constexpr size_t kMaxDropLineChars = 120;
// Two pages sharing this share of their body lines are one story printed twice (see
// StoryGroups), not two articles with boilerplate in common.
constexpr double kDuplicatePageOverlap = 0.3;
// Metadata candidates: an element's text is read as a date or an author only when short.
constexpr size_t kMaxShortTextChars = 100;
// Two titles agree when one contains the other and the shorter is at least this share of
// the longer ("Headline" and "Headline - Site name").
constexpr double kTitleLengthShare = 0.5;
// A lede agrees with the page's description when they share their first this many characters
// (descriptions are often cut with "...").
constexpr size_t kLedePrefixChars = 60;
// Ids and classes: longer names are generated; a hash is a run of letters and digits this long.
constexpr size_t kMaxNameChars = 40;
constexpr size_t kMinHashChars = 5;
// Number-only name parts with at least this many digits are per-article ids ("post-12345").
constexpr size_t kMinIdDigits = 3;
// Class name prefixes of CSS-in-JS libraries (styled-components, emotion, styled-jsx, JSS,
// CSS modules bundlers), whose suffix is a hash that changes with every build.
constexpr std::array<std::string_view, 6> kGeneratedPrefixes = {"css-", "sc-", "jsx-", "emotion-", "jss", "svelte-"};
// Semantic tags that may stand alone as a selector.
constexpr std::array<std::string_view, 8> kSemanticTags = {"article", "main",   "aside",      "nav",
                                                           "footer",  "figure", "figcaption", "form"};

// --- Text helpers ---

using TokenBag = std::unordered_map<std::string, int>;

bool IsWordByte(char c) { return ascii::IsAlnum(c) || static_cast<unsigned char>(c) >= 0x80; }

std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordByte(text[i])) ++i;
    size_t start = i;
    while (i < text.size() && IsWordByte(text[i])) ++i;
    if (i > start) tokens.emplace_back(text.substr(start, i - start));
  }
  return tokens;
}

TokenBag Bag(std::string_view text) {
  TokenBag bag;
  for (std::string& token : Tokens(text)) ++bag[std::move(token)];
  return bag;
}

size_t BagSize(const TokenBag& bag) {
  size_t size = 0;
  for (const auto& [token, count] : bag) size += static_cast<size_t>(count);
  return size;
}

// Token-bag F1 of `candidate` against `reference`.
double BagF1(const TokenBag& candidate, const TokenBag& reference) {
  size_t overlap = 0;
  for (const auto& [token, count] : candidate) {
    auto it = reference.find(token);
    if (it != reference.end()) overlap += static_cast<size_t>(std::min(count, it->second));
  }
  size_t candidate_size = BagSize(candidate), reference_size = BagSize(reference);
  if (overlap == 0 || candidate_size == 0 || reference_size == 0) return 0;
  double precision = static_cast<double>(overlap) / static_cast<double>(candidate_size);
  double recall = static_cast<double>(overlap) / static_cast<double>(reference_size);
  return 2 * precision * recall / (precision + recall);
}

double Jaccard(const std::string& a, const std::string& b) {
  std::vector<std::string> ta = Tokens(a), tb = Tokens(b);
  std::set<std::string> sa(ta.begin(), ta.end()), sb(tb.begin(), tb.end());
  if (sa.empty() && sb.empty()) return 1;
  size_t common = 0;
  for (const std::string& token : sa) common += sb.count(token);
  return static_cast<double>(common) / static_cast<double>(sa.size() + sb.size() - common);
}

std::string SerializedText(const std::vector<dom::Node*>& nodes) {
  std::vector<const dom::Node*> roots(nodes.begin(), nodes.end());
  return text::JoinParagraphs(text::Serialize(roots));
}

std::string SerializedText(const dom::Node* node) { return text::JoinParagraphs(text::Serialize(node)); }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text::CollapseWhitespace(std::string_view(text).substr(start, end - start));
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

// YAML single-quoted scalar: only the quote itself needs escaping (doubled).
std::string YamlQuote(std::string_view value) {
  std::string quoted = "'";
  for (char c : value) {
    quoted += c;
    if (c == '\'') quoted += '\'';
  }
  return quoted + "'";
}

std::string RegexEscape(std::string_view literal) {
  std::string escaped;
  for (char c : literal) {
    if (std::string_view("\\^$.|?*+()[]{}/").find(c) != std::string_view::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// A string literal for an XPath expression (XPath 1.0 has no escapes: pick the other quote).
std::optional<std::string> XPathLiteral(std::string_view value) {
  if (value.find('"') == std::string_view::npos) return "\"" + std::string(value) + "\"";
  if (value.find('\'') == std::string_view::npos) return "'" + std::string(value) + "'";
  return std::nullopt;
}

// A CSS attribute value in double quotes, or nullopt when it holds characters a rule file
// author would not want to see escaped.
std::optional<std::string> CssString(std::string_view value) {
  if (value.empty() || value.find_first_of("\"\\\n") != std::string_view::npos) return std::nullopt;
  return "\"" + std::string(value) + "\"";
}

// True when `name` can be written bare after '#' or '.' in CSS.
bool IsCssIdentifier(std::string_view name) {
  if (name.empty() || ascii::IsDigit(name[0]) || (name[0] == '-' && name.size() > 1 && ascii::IsDigit(name[1]))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) { return ascii::IsAlnum(c) || c == '-' || c == '_'; });
}

std::vector<std::string> SplitClasses(const std::string* classes) {
  std::vector<std::string> names;
  if (classes == nullptr) return names;
  std::string collapsed = text::CollapseWhitespace(*classes);
  size_t start = 0;
  while (start < collapsed.size()) {
    size_t end = collapsed.find(' ', start);
    if (end == std::string::npos) end = collapsed.size();
    if (end > start) names.push_back(collapsed.substr(start, end - start));
    start = end + 1;
  }
  return names;
}

std::vector<std::string> UsableClasses(const dom::Node& element) {
  std::vector<std::string> usable;
  for (std::string& name : SplitClasses(element.Attr("class"))) {
    if (IsCssIdentifier(name) && !IsGeneratedName(name)) usable.push_back(std::move(name));
  }
  return usable;
}

std::optional<std::string> UsableId(const dom::Node& element) {
  const std::string* id = element.Attr("id");
  if (id == nullptr || !IsCssIdentifier(*id) || IsGeneratedName(*id)) return std::nullopt;
  return *id;
}

// The selector naming `element` by its own attributes only (id, else tag with classes), for
// use as an ancestor context; empty when it has none usable.
std::string OwnSelector(const dom::Node& element) {
  if (std::optional<std::string> id = UsableId(element)) return "#" + *id;
  std::vector<std::string> classes = UsableClasses(element);
  if (classes.empty()) return "";
  return element.tag + "." + classes.front();
}

bool IsSemanticTag(std::string_view tag) {
  return std::find(kSemanticTags.begin(), kSemanticTags.end(), tag) != kSemanticTags.end();
}

std::optional<selector::Selector> TryCompile(const std::string& expression) {
  try {
    return selector::Selector::Compile(expression);
  } catch (const selector::SelectorError&) {
    return std::nullopt;
  }
}

// The first non-empty string value of `selector` on `root`, whitespace-collapsed (as
// extract.cc reads title, date and author).
std::string FirstString(const selector::Selector& selector, dom::Node* root) {
  for (const std::string& value : selector.SelectStrings(root)) {
    std::string collapsed = text::CollapseWhitespace(value);
    if (!collapsed.empty()) return collapsed;
  }
  return "";
}

bool IsAncestorOrSelf(const dom::Node* ancestor, const dom::Node* node) {
  for (; node != nullptr; node = node->parent) {
    if (node == ancestor) return true;
  }
  return false;
}

bool IsInsideAny(const dom::Node* node, const std::vector<dom::Node*>& roots) {
  for (const dom::Node* root : roots) {
    if (IsAncestorOrSelf(root, node)) return true;
  }
  return false;
}

std::vector<dom::Node*> Elements(dom::Node* root) {
  std::vector<dom::Node*> elements;
  dom::Walk(root, [&](dom::Node* node) {
    if (node->IsElement()) elements.push_back(node);
    return !node->IsText();
  });
  return elements;
}

// Preference between selectors of equal merit: semantic attributes first, then ids, classes,
// tags; a name with a digit ("#page1", ".col2") counts as less stable, since digits in names
// usually number parts of one page or one layout. Lower is better (shorter breaks ties later).
int SelectorRank(const std::string& selector) {
  int rank = 3;
  if (selector.find("itemprop") != std::string::npos) {
    rank = 0;
  } else if (selector.find('#') != std::string::npos) {
    rank = 1;
  } else if (selector.find('.') != std::string::npos) {
    rank = 2;
  }
  // Digits in id and class names only (h1, h2 are tags).
  bool has_digit = false;
  bool in_name = false;
  for (char c : selector) {
    if (c == '#' || c == '.') {
      in_name = true;
    } else if (!ascii::IsAlnum(c) && c != '-' && c != '_') {
      in_name = false;
    } else if (in_name && ascii::IsDigit(c)) {
      has_digit = true;
    }
  }
  return rank + (has_digit ? kDigitNamePenalty : 0);
}

// --- URLs ---

struct UrlParts {
  std::string scheme, host, path, query;
};

std::optional<UrlParts> SplitUrl(std::string_view url) {
  url = ascii::Trim(url);
  if (size_t hash = url.find('#'); hash != std::string_view::npos) url = url.substr(0, hash);
  UrlParts parts;
  if (ascii::StartsWithIgnoreCase(url, "https://")) {
    parts.scheme = "https";
  } else if (ascii::StartsWithIgnoreCase(url, "http://")) {
    parts.scheme = "http";
  } else {
    return std::nullopt;
  }
  url.remove_prefix(parts.scheme.size() + 3);
  size_t host_end = url.find_first_of("/?");
  std::string_view authority = url.substr(0, host_end);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (size_t colon = authority.find(':'); colon != std::string_view::npos) authority = authority.substr(0, colon);
  if (authority.empty()) return std::nullopt;
  parts.host = ascii::ToLower(authority);
  std::string_view rest = host_end == std::string_view::npos ? std::string_view() : url.substr(host_end);
  size_t question = rest.find('?');
  parts.path = std::string(rest.substr(0, question));
  if (parts.path.empty()) parts.path = "/";
  if (question != std::string_view::npos) parts.query = std::string(rest.substr(question + 1));
  return parts;
}

std::string WithoutWww(const std::string& host) { return host.starts_with("www.") ? host.substr(4) : host; }

bool HostOnDomain(const std::string& host, const std::string& domain) {
  std::string bare = domain.starts_with("*.") ? domain.substr(2) : domain;
  return host == bare || (host.size() > bare.size() && host.ends_with("." + bare));
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool AllMatch(const std::vector<std::string>& values, const std::string& pattern) {
  std::optional<regex::Regex> compiled;
  try {
    compiled = regex::Regex::Compile("^(?:" + pattern + ")$");
  } catch (const regex::RegexError&) {
    return false;
  }
  return std::all_of(values.begin(), values.end(), [&](const std::string& v) { return compiled->Search(v); });
}

// The longest common prefix of `values` that ends just after a non-alphanumeric character
// (so "article-12" and "article-34" share "article-", not "article-" plus a digit).
std::string CommonPrefix(const std::vector<std::string>& values) {
  std::string prefix = values.front();
  for (const std::string& value : values) {
    size_t n = 0;
    while (n < prefix.size() && n < value.size() && prefix[n] == value[n]) ++n;
    prefix.resize(n);
  }
  while (!prefix.empty() && ascii::IsAlnum(prefix.back())) prefix.pop_back();
  return prefix;
}

// The same for suffixes, starting at a non-alphanumeric character (".html", "-live.ece").
std::string CommonSuffix(const std::vector<std::string>& values) {
  std::vector<std::string> reversed;
  for (const std::string& value : values) reversed.emplace_back(value.rbegin(), value.rend());
  std::string suffix = CommonPrefix(reversed);
  return {suffix.rbegin(), suffix.rend()};
}

// The narrowest pattern covering every value of one path segment (or query value).
std::string GeneralizeSegment(const std::vector<std::string>& values) {
  if (std::all_of(values.begin(), values.end(), [&](const std::string& v) { return v == values.front(); })) {
    return RegexEscape(values.front());
  }
  // Whole-segment shapes, narrowest first.
  bool same_length = std::all_of(values.begin(), values.end(),
                                 [&](const std::string& v) { return v.size() == values.front().size(); });
  if (AllMatch(values, "\\d+")) return same_length ? "\\d{" + std::to_string(values.front().size()) + "}" : "\\d+";
  if (AllMatch(values, "\\d{4}-\\d{2}-\\d{2}")) return "\\d{4}-\\d{2}-\\d{2}";
  // Common literal ends (".html", "article_"), then the shape of the middle.
  std::string prefix = CommonPrefix(values), suffix = CommonSuffix(values);
  std::vector<std::string> middles;
  for (const std::string& value : values) {
    if (prefix.size() + suffix.size() > value.size()) {
      prefix.clear();
      suffix.clear();
      middles.clear();
      break;
    }
    middles.push_back(value.substr(prefix.size(), value.size() - prefix.size() - suffix.size()));
  }
  if (middles.empty()) middles = values;
  static const std::array<std::string_view, 8> kMiddleShapes = {
      "\\d+",
      "\\d{4}-\\d{2}-\\d{2}",
      "[a-z0-9]+(?:-[a-z0-9]+)*[-_]\\d+",     // slug then an id
      "\\d+[-_][a-z0-9]+(?:[-_][a-z0-9]+)*",  // an id then a slug
      "[a-z0-9]+(?:-[a-z0-9]+)*",             // a slug
      "[a-z0-9]+(?:[-_][a-z0-9]+)*",
      "[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*",
      "[^/?#]+",
  };
  for (std::string_view shape : kMiddleShapes) {
    if (AllMatch(middles, std::string(shape))) {
      if (shape == "\\d+") {
        bool same = std::all_of(middles.begin(), middles.end(),
                                [&](const std::string& v) { return v.size() == middles.front().size(); });
        if (same)
          return RegexEscape(prefix) + "\\d{" + std::to_string(middles.front().size()) + "}" + RegexEscape(suffix);
      }
      return RegexEscape(prefix) + std::string(shape) + RegexEscape(suffix);
    }
  }
  return "[^/?#]*";
}

// "k1=v1&k2=v2" as ordered (name, value) pairs.
std::vector<std::pair<std::string, std::string>> QueryPairs(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(start, end - start);
    size_t equals = pair.find('=');
    if (!pair.empty()) {
      pairs.emplace_back(pair.substr(0, equals), equals == std::string::npos ? "" : pair.substr(equals + 1));
    }
    start = end + 1;
  }
  return pairs;
}

// --- One page ---

struct Page {
  const DraftPage* input = nullptr;
  // The page through the pre-parse filter, as the generic extractor sees it (extract.h). The
  // selectors chosen read only what the filter keeps (tags, id, class, itemprop, meta and time
  // attributes), so they match the same elements in the page as a rule sees it.
  std::string filtered;
  std::optional<UrlParts> url;
  dom::Document document;  // as parsed, never modified
  metadata::Metadata metadata;
  std::string description;         // og:description or meta description
  dom::Node* container = nullptr;  // in `document`: where the generic extractor found the text
  std::string generic_text;
  TokenBag generic_bag;
};

std::string MetaContent(const dom::Document& document, std::string_view attribute, std::string_view name) {
  std::string found;
  dom::Walk(const_cast<dom::Node*>(document.root()), [&](dom::Node* node) {
    if (!found.empty()) return false;
    if (node->Is("meta")) {
      const std::string* key = node->Attr(attribute);
      const std::string* content = node->Attr("content");
      if (key != nullptr && content != nullptr && ascii::EqualsIgnoreCase(*key, name)) {
        found = text::CollapseWhitespace(*content);
      }
    }
    return !node->IsText();
  });
  return found;
}

// Runs the generic extractor on a second parse of the filtered page and maps its container back to
// `page.document` through the elements' pre-order positions (the two parses are identical;
// the generic extractor detaches the blocks it prunes from its own copy).
void FindContainer(Page& page) {
  dom::Document scratch = html::ParseHtml(page.filtered);
  std::unordered_map<const dom::Node*, size_t> position;
  for (dom::Node* element : Elements(scratch.root())) position.emplace(element, position.size());
  std::vector<dom::Node*> originals = Elements(page.document.root());

  generic::GenericOptions options;
  options.explain = false;
  generic::GenericResult result = generic::ExtractGeneric(scratch, options);
  page.generic_text = text::JoinParagraphs(result.paragraphs);
  page.generic_bag = Bag(page.generic_text);

  std::unordered_map<const dom::Node*, size_t> chars_below;
  size_t total = 0;
  // Paragraphs without a block element (text delimited by <br> only), or in a block the
  // extractor detached, say nothing about where the article sits in the page.
  const dom::Node* root = scratch.root();
  auto attached = [&](const dom::Node* node) {
    while (node != nullptr && node != root) node = node->parent;
    return node == root;
  };
  for (const text::Paragraph& paragraph : result.paragraphs) {
    if (paragraph.block == nullptr || !attached(paragraph.block)) continue;
    total += paragraph.text.size();
    for (const dom::Node* node = paragraph.block; node != nullptr; node = node->parent) {
      chars_below[node] += paragraph.text.size();
    }
  }
  if (total == 0) return;
  // The deepest element holding enough of the text. Such elements form one chain (two disjoint
  // ones cannot both hold 90 %), so the deepest found from any paragraph is the answer.
  const dom::Node* best = nullptr;
  for (const text::Paragraph& paragraph : result.paragraphs) {
    if (paragraph.block == nullptr || !attached(paragraph.block)) continue;
    for (const dom::Node* node = paragraph.block; node != nullptr; node = node->parent) {
      if (static_cast<double>(chars_below[node]) >= kContainerTextShare * static_cast<double>(total)) {
        if (best == nullptr || IsAncestorOrSelf(best, node)) best = node;
        break;
      }
    }
  }
  // Up to an element of the original parse (the generic extractor may wrap loose text in
  // elements of its own).
  while (best != nullptr && (!best->IsElement() || position.count(best) == 0)) best = best->parent;
  if (best == nullptr) return;
  size_t index = position.at(best);
  if (index < originals.size()) page.container = originals[index];
}

// --- Choosing selectors ---

struct Candidate {
  std::string expression;
  selector::Selector selector;
};

std::vector<Candidate> CompileAll(const std::vector<std::string>& expressions) {
  std::vector<Candidate> candidates;
  std::set<std::string> seen;
  for (const std::string& expression : expressions) {
    if (!seen.insert(expression).second) continue;
    if (std::optional<selector::Selector> compiled = TryCompile(expression)) {
      candidates.push_back({expression, std::move(*compiled)});
    }
  }
  return candidates;
}

std::string OnPages(size_t hits, size_t pages) {
  return "on " + std::to_string(hits) + " of " + std::to_string(pages) + " pages";
}

struct BodyScore {
  size_t hits = 0;         // pages where it finds the article
  double mean_f1 = 0;      // over all pages (0 where it finds nothing)
  std::vector<double> f1;  // per page; 0 where it does not find the article
};

BodyScore ScoreBody(const Candidate& candidate, std::vector<Page>& pages) {
  BodyScore score;
  for (Page& page : pages) {
    std::vector<dom::Node*> roots = candidate.selector.Select(page.document.root());
    double f1 = roots.empty() ? 0 : BagF1(Bag(SerializedText(roots)), page.generic_bag);
    score.mean_f1 += f1;
    bool hit = f1 >= kBodyPageMinF1 && roots.size() <= kMaxBodyElements;
    score.f1.push_back(hit ? f1 : 0);
    if (hit) ++score.hits;
  }
  score.mean_f1 /= static_cast<double>(pages.size());
  return score;
}

void AddAround(const dom::Node* container, std::vector<std::string>& out) {
  const dom::Node* node = container;
  for (int level = 0; level <= kBodyAncestorLevels && node != nullptr && node->IsElement(); ++level) {
    if (node->Is("body") || node->Is("html")) break;
    for (std::string& selector : CandidateSelectors(*node)) out.push_back(std::move(selector));
    node = node->parent;
  }
  node = container;
  for (int level = 0; level < kBodyDescendantLevels; ++level) {
    size_t total = SerializedText(node).size();
    const dom::Node* next = nullptr;
    for (const dom::Node* child : node->ElementChildren()) {
      if (static_cast<double>(SerializedText(child).size()) >= kDescendantTextShare * static_cast<double>(total)) {
        next = child;
      }
    }
    if (next == nullptr) break;
    for (std::string& selector : CandidateSelectors(*next)) out.push_back(std::move(selector));
    node = next;
  }
}

void ChooseBody(std::vector<Page>& pages, RuleDraft& draft) {
  std::vector<std::string> expressions;
  for (const Page& page : pages) {
    if (page.container != nullptr) AddAround(page.container, expressions);
  }
  std::vector<Candidate> candidates = CompileAll(expressions);
  std::vector<BodyScore> scores;
  for (const Candidate& candidate : candidates) scores.push_back(ScoreBody(candidate, pages));
  std::vector<bool> covered(pages.size(), false);
  const double tie = kBodyF1Tie * static_cast<double>(pages.size());
  for (size_t round = 0; round < kMaxBodySelectors; ++round) {
    // The candidate with the highest F1 summed over the pages not yet covered (a selector that
    // is exact on most pages beats one that is loose on all; a fallback covers the rest).
    std::optional<size_t> best;
    double best_gain = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
      double gain = 0;
      for (size_t p = 0; p < pages.size(); ++p) gain += covered[p] ? 0 : scores[i].f1[p];
      if (gain <= 0) continue;
      bool better = !best.has_value() || gain > best_gain + tie;
      if (best.has_value() && !better && gain > best_gain - tie) {
        const std::string &mine = candidates[i].expression, &theirs = candidates[*best].expression;
        better = SelectorRank(mine) < SelectorRank(theirs) ||
                 (SelectorRank(mine) == SelectorRank(theirs) && mine.size() < theirs.size());
      }
      if (better) {
        best = i;
        best_gain = gain;
      }
    }
    if (!best.has_value()) break;
    for (size_t p = 0; p < pages.size(); ++p) covered[p] = covered[p] || scores[*best].f1[p] > 0;
    char f1[16];
    std::snprintf(f1, sizeof f1, "%.2f", scores[*best].mean_f1);
    draft.body.push_back({candidates[*best].expression, "found the article " +
                                                            OnPages(scores[*best].hits, pages.size()) + " (text F1 " +
                                                            f1 + " against the generic extractor)"});
  }
  if (draft.body.empty()) {
    draft.notes.push_back("body: no selector found the article text; the generic extractor will be used");
  }
}

// The roots the draft's body selectors give on `page` (the first selector that finds text).
std::vector<dom::Node*> BodyRoots(const std::vector<Candidate>& body, Page& page) {
  for (const Candidate& candidate : body) {
    std::vector<dom::Node*> roots = candidate.selector.Select(page.document.root());
    if (!SerializedText(roots).empty()) return roots;
  }
  return {};
}

struct RemoveStats {
  std::set<size_t> pages;
  size_t chars = 0;
  size_t kept_chars = 0;
  size_t link_chars = 0;
  std::vector<std::pair<size_t, std::string>> texts;  // (page, text) of matched blocks
  std::vector<size_t> kept_per_page;                  // article chars it would remove, per page
  size_t metadata_blocks = 0;                         // blocks that are the title, date or byline
  bool hits_body = false;                             // matches a body root or one of its ancestors somewhere
};

size_t LinkChars(const dom::Node* node) {
  size_t chars = 0;
  dom::Walk(const_cast<dom::Node*>(node), [&](dom::Node* child) {
    if (child->Is("a")) {
      chars += text::CollapseWhitespace(dom::TextContent(child)).size();
      return false;
    }
    return !child->IsText();
  });
  return chars;
}

// Chars of `block_text` lines that the generic extractor also kept on the page.
size_t KeptChars(const std::string& block_text, const Page& page) {
  size_t kept = 0;
  for (const std::string& line : Lines(block_text)) {
    if (page.generic_text.find(line) != std::string::npos) kept += line.size();
  }
  return kept;
}

bool TitlesAgree(const std::string& a, const std::string& b);

// True when a block inside the body is the page's title, its date or its byline (a short
// text naming the author), which the generic extractor prints apart or leaves out.
bool IsMetadataBlock(const std::string& block, const Page& page) {
  std::string text = text::CollapseWhitespace(block);
  if (text.empty() || text.size() > kMaxShortTextChars) return TitlesAgree(text, page.metadata.title);
  if (TitlesAgree(text, page.metadata.title)) return true;
  std::optional<std::string> date = metadata::NormalizeDate(text);
  if (date.has_value() && !page.metadata.date.empty() && date->substr(0, 10) == page.metadata.date.substr(0, 10)) {
    return true;
  }
  for (const std::string& author : page.metadata.authors) {
    if (!author.empty() && ascii::ContainsIgnoreCase(text, author)) return true;
  }
  return false;
}

std::vector<std::string> RemoveCandidates(const dom::Node& element) {
  std::vector<std::string> out;
  for (std::string& selector : CandidateSelectors(element)) {
    // Selectors naming the block by an id, class or itemprop, or a semantic tag such as aside;
    // a bare p or div would take article text with it. A tag under a named ancestor
    // ("#main > h1") is accepted later for title, date and byline blocks only.
    bool has_attribute = selector.find_first_of(".#[") != std::string::npos;
    if (has_attribute || IsSemanticTag(selector)) out.push_back(std::move(selector));
  }
  return out;
}

void ChooseRemove(std::vector<Page>& pages, const std::vector<std::vector<dom::Node*>>& roots, RuleDraft& draft) {
  std::vector<std::string> expressions;
  for (size_t p = 0; p < pages.size(); ++p) {
    for (dom::Node* root : roots[p]) {
      for (dom::Node* element : Elements(root)) {
        if (element == root) continue;
        for (std::string& selector : RemoveCandidates(*element)) expressions.push_back(std::move(selector));
      }
    }
  }
  std::vector<Candidate> candidates = CompileAll(expressions);
  std::vector<RemoveStats> stats(candidates.size());
  for (size_t i = 0; i < candidates.size(); ++i) {
    stats[i].kept_per_page.assign(pages.size(), 0);
    for (size_t p = 0; p < pages.size(); ++p) {
      for (dom::Node* node : candidates[i].selector.Select(pages[p].document.root())) {
        for (dom::Node* root : roots[p]) stats[i].hits_body = stats[i].hits_body || IsAncestorOrSelf(node, root);
        if (!IsInsideAny(node, roots[p])) continue;
        std::string block = SerializedText(node);
        if (block.empty()) continue;
        stats[i].pages.insert(p);
        stats[i].chars += block.size();
        if (IsMetadataBlock(block, pages[p])) ++stats[i].metadata_blocks;
        size_t kept = KeptChars(block, pages[p]);
        stats[i].kept_chars += kept;
        stats[i].kept_per_page[p] += kept;
        stats[i].link_chars += LinkChars(node);
        stats[i].texts.emplace_back(p, std::move(block));
      }
    }
  }
  struct Accepted {
    size_t index;
    std::string reason;
  };
  std::vector<Accepted> accepted;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const RemoveStats& s = stats[i];
    if (s.hits_body || s.pages.empty() || s.chars == 0) continue;
    bool takes_article = false;
    for (size_t p = 0; p < pages.size(); ++p) {
      takes_article = takes_article || static_cast<double>(s.kept_per_page[p]) >
                                           kMaxRemovedArticleShare * static_cast<double>(pages[p].generic_text.size());
    }
    if (takes_article) continue;
    double kept = static_cast<double>(s.kept_chars) / static_cast<double>(s.chars);
    double links = static_cast<double>(s.link_chars) / static_cast<double>(s.chars);
    size_t repeated_pages = 0;
    std::set<size_t> repeated;
    for (size_t a = 0; a < s.texts.size(); ++a) {
      for (size_t b = a + 1; b < s.texts.size(); ++b) {
        if (s.texts[a].first != s.texts[b].first && Jaccard(s.texts[a].second, s.texts[b].second) >= kRepeatedJaccard) {
          repeated.insert(s.texts[a].first);
          repeated.insert(s.texts[b].first);
        }
      }
    }
    repeated_pages = repeated.size();
    std::string reason;
    bool has_combinator = candidates[i].expression.find_first_of(" >") != std::string::npos;
    if (s.metadata_blocks == s.texts.size()) {
      // Printed apart from the body (title) or kept as metadata (date, author), which the
      // rule reads before removing anything.
      reason = "the page's title, date or byline";
    } else if (kept <= kMaxKeptShareForRemoval) {
      reason = "not article text";
    } else if (kept <= kMaxKeptShareIfRepeated && repeated_pages >= static_cast<size_t>(kMinRepeatPages)) {
      reason = "same text on " + std::to_string(repeated_pages) + " pages";
    } else if (kept <= kMaxKeptShareIfRepeated && links >= kLinkDenseShare) {
      reason = "mostly links";
    }
    if (reason.empty() || (has_combinator && s.metadata_blocks != s.texts.size())) continue;
    // On one page only, a block is trusted only as far as the generic extractor pruned it
    // entirely, and only when named by a class or id (a photo box, a caption).
    bool single_page_ok = s.kept_chars == 0 && candidates[i].expression.find_first_of(".#") != std::string::npos;
    if (s.pages.size() < static_cast<size_t>(kMinRepeatPages) && !(single_page_ok && kSingleTemplateBlocks)) continue;
    accepted.push_back({i, reason + ", inside the body " + OnPages(s.pages.size(), pages.size())});
  }
  // Widest first (most pages, most text), so that a block's parts are not listed after it.
  std::sort(accepted.begin(), accepted.end(), [&](const Accepted& a, const Accepted& b) {
    const RemoveStats &sa = stats[a.index], &sb = stats[b.index];
    if (sa.pages.size() != sb.pages.size()) return sa.pages.size() > sb.pages.size();
    if (sa.chars != sb.chars) return sa.chars > sb.chars;
    int ra = SelectorRank(candidates[a.index].expression), rb = SelectorRank(candidates[b.index].expression);
    if (ra != rb) return ra < rb;
    return candidates[a.index].expression.size() < candidates[b.index].expression.size();
  });
  std::vector<std::vector<dom::Node*>> removed(pages.size());
  for (const Accepted& a : accepted) {
    if (draft.remove.size() >= kMaxRemoveSelectors) break;
    // Skip a selector whose blocks are all inside blocks already removed.
    bool adds = false;
    std::vector<std::vector<dom::Node*>> matched(pages.size());
    for (size_t p = 0; p < pages.size(); ++p) {
      for (dom::Node* node : candidates[a.index].selector.Select(pages[p].document.root())) {
        if (!IsInsideAny(node, roots[p])) continue;
        matched[p].push_back(node);
        if (!IsInsideAny(node, removed[p]) && !SerializedText(node).empty()) adds = true;
      }
    }
    if (!adds) continue;
    for (size_t p = 0; p < pages.size(); ++p) removed[p].insert(removed[p].end(), matched[p].begin(), matched[p].end());
    draft.remove.push_back({candidates[a.index].expression, a.reason});
  }
}

// The text the draft's body and remove selectors give on `page`: the body roots' text minus
// the removed blocks (removal is simulated by skipping them, the document is not changed).
std::string DraftBodyText(const std::vector<dom::Node*>& roots, const std::vector<Candidate>& remove, Page& page) {
  std::vector<dom::Node*> removed;
  for (const Candidate& candidate : remove) {
    for (dom::Node* node : candidate.selector.Select(page.document.root())) removed.push_back(node);
  }
  std::string text;
  for (dom::Node* root : roots) {
    if (IsInsideAny(root, removed)) continue;
    // Serialize each maximal subtree that contains no removed block.
    std::vector<const dom::Node*> kept;
    std::function<void(dom::Node*)> collect = [&](dom::Node* node) {
      bool contains_removed = false;
      for (dom::Node* r : removed) contains_removed = contains_removed || (r != node && IsAncestorOrSelf(node, r));
      if (!contains_removed) {
        kept.push_back(node);
        return;
      }
      for (dom::Node* child : node->children) {
        if (std::find(removed.begin(), removed.end(), child) != removed.end()) continue;
        if (child->IsElement())
          collect(child);
        else
          kept.push_back(child);
      }
    };
    collect(root);
    std::string part = text::JoinParagraphs(text::Serialize(kept));
    if (!part.empty()) text += (text.empty() ? "" : "\n\n") + part;
  }
  return text;
}

// Groups of pages that are versions of one story (the same dispatch in two sections): their
// lines in common are the story's, not the site's. Pages whose article lines overlap by at least
// kDuplicatePageOverlap (of the smaller set) are in one group. Returns the group of each page.
std::vector<size_t> StoryGroups(const std::vector<std::set<std::string>>& lines) {
  std::vector<size_t> group(lines.size());
  for (size_t p = 0; p < lines.size(); ++p) group[p] = p;
  for (size_t a = 0; a < lines.size(); ++a) {
    for (size_t b = a + 1; b < lines.size(); ++b) {
      size_t common = 0;
      for (const std::string& line : lines[a]) common += lines[b].count(line);
      size_t smaller = std::min(lines[a].size(), lines[b].size());
      if (smaller == 0 || static_cast<double>(common) < kDuplicatePageOverlap * static_cast<double>(smaller)) continue;
      size_t from = group[b], to = group[a];
      for (size_t& g : group) g = g == from ? to : g;
    }
  }
  return group;
}

void ChooseDropLines(std::vector<Page>& pages, const std::vector<std::vector<dom::Node*>>& roots,
                     const std::vector<Candidate>& remove, RuleDraft& draft) {
  std::vector<std::set<std::string>> lines(pages.size());
  std::vector<std::string> order;
  for (size_t p = 0; p < pages.size(); ++p) {
    for (std::string& line : Lines(DraftBodyText(roots[p], remove, pages[p]))) {
      if (line.size() > kMaxDropLineChars) continue;
      if (std::none_of(lines.begin(), lines.end(), [&](const auto& set) { return set.count(line) > 0; })) {
        order.push_back(line);
      }
      lines[p].insert(std::move(line));
    }
  }
  // Story versions are told apart by their article text (the generic extractor's), not by the
  // body lines, which share the site's boilerplate.
  std::vector<std::set<std::string>> article_lines(pages.size());
  for (size_t p = 0; p < pages.size(); ++p) {
    for (std::string& line : Lines(pages[p].generic_text)) article_lines[p].insert(std::move(line));
  }
  std::vector<size_t> group = StoryGroups(article_lines);
  for (const std::string& line : order) {
    if (draft.drop_lines.size() >= kMaxDropLines) break;
    std::set<size_t> pages_with, groups_with;
    for (size_t p = 0; p < pages.size(); ++p) {
      if (lines[p].count(line) == 0) continue;
      pages_with.insert(p);
      groups_with.insert(group[p]);
    }
    if (groups_with.size() >= static_cast<size_t>(kMinRepeatPages)) {
      draft.drop_lines.push_back({line, "repeated in the body " + OnPages(pages_with.size(), pages.size())});
    }
  }
}

// Picks, among `expressions`, the one whose first string agrees with the page on the most
// pages (`agrees(page_index, value)`); ties go to the earlier expression. Adds it to `key`
// when it agrees on at least two pages and on more than half of the pages with a reference.
void ChooseMetadata(const std::vector<std::string>& expressions, std::vector<Page>& pages, size_t reference_pages,
                    const std::function<bool(size_t, const std::string&)>& agrees, const std::string& what,
                    std::vector<DraftValue>& key, RuleDraft& draft) {
  std::vector<Candidate> candidates = CompileAll(expressions);
  size_t best_hits = 0;
  const Candidate* best = nullptr;
  for (const Candidate& candidate : candidates) {
    size_t hits = 0;
    for (size_t p = 0; p < pages.size(); ++p) {
      std::string value = FirstString(candidate.selector, pages[p].document.root());
      if (!value.empty() && agrees(p, value)) ++hits;
    }
    if (hits > best_hits) {
      best_hits = hits;
      best = &candidate;
    }
  }
  size_t needed = std::max<size_t>(static_cast<size_t>(kMinRepeatPages), reference_pages / 2 + 1);
  if (best != nullptr && best_hits >= needed) {
    key.push_back({best->expression, "gave the page's " + what + " " + OnPages(best_hits, pages.size())});
  } else {
    draft.notes.push_back(what + ": no selector gave the page's " + what + " on " + std::to_string(needed) +
                          " or more of " + std::to_string(pages.size()) + " pages");
  }
}

// XPath reading attribute `value_attribute` of <tag> elements identified like `element`.
std::vector<std::string> AttributeReaders(const dom::Node& element, const std::string& value_attribute) {
  std::vector<std::string> out;
  for (const char* key : {"itemprop", "property", "name"}) {
    const std::string* v = element.Attr(key);
    if (v == nullptr) continue;
    if (std::optional<std::string> literal = XPathLiteral(*v)) {
      out.push_back("//" + element.tag + "[@" + key + "=" + *literal + "]/@" + value_attribute);
    }
  }
  if (const std::string* classes = element.Attr("class"); classes != nullptr) {
    for (const std::string& name : UsableClasses(element)) {
      out.push_back("//" + element.tag + "[contains(concat(' ',normalize-space(@class),' '),' " + name + " ')]/@" +
                    value_attribute);
    }
  }
  out.push_back("//" + element.tag + "[@" + value_attribute + "]/@" + value_attribute);
  return out;
}

std::string Day(const std::string& iso) { return iso.substr(0, 10); }

bool TitlesAgree(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  const std::string &shorter = a.size() < b.size() ? a : b, &longer = a.size() < b.size() ? b : a;
  return longer.find(shorter) != std::string::npos &&
         static_cast<double>(shorter.size()) >= kTitleLengthShare * static_cast<double>(longer.size());
}

std::string LedeKey(const std::string& text) {
  std::string collapsed = text::CollapseWhitespace(text);
  return text::TruncateUtf8(collapsed, kLedePrefixChars);
}

void ChooseMetadataKeys(std::vector<Page>& pages, const std::vector<std::vector<dom::Node*>>& roots, RuleDraft& draft) {
  std::vector<std::string> title_candidates, date_candidates, author_candidates, lede_candidates;
  size_t titled = 0, dated = 0, authored = 0, described = 0;
  for (size_t p = 0; p < pages.size(); ++p) {
    Page& page = pages[p];
    const std::string& title = page.metadata.title;
    const std::string day = page.metadata.date.empty() ? "" : Day(page.metadata.date);
    const std::string author = page.metadata.authors.empty() ? "" : page.metadata.authors.front();
    titled += title.empty() ? size_t{0} : size_t{1};
    dated += day.empty() ? size_t{0} : size_t{1};
    authored += author.empty() ? size_t{0} : size_t{1};
    described += page.description.empty() ? size_t{0} : size_t{1};
    for (dom::Node* element : Elements(page.document.root())) {
      if (element->Is("meta")) {
        const std::string* content = element->Attr("content");
        if (content == nullptr) continue;
        std::string value = text::CollapseWhitespace(*content);
        std::optional<std::string> date = metadata::NormalizeDate(value);
        if (!day.empty() && date.has_value() && Day(*date) == day) {
          for (std::string& x : AttributeReaders(*element, "content")) date_candidates.push_back(std::move(x));
        }
        if (TitlesAgree(value, title)) {
          for (std::string& x : AttributeReaders(*element, "content")) title_candidates.push_back(std::move(x));
        }
        if (!author.empty() && value == author) {
          for (std::string& x : AttributeReaders(*element, "content")) author_candidates.push_back(std::move(x));
        }
        continue;
      }
      if (const std::string* datetime = element->Attr("datetime"); datetime != nullptr && !day.empty()) {
        std::optional<std::string> date = metadata::NormalizeDate(*datetime);
        if (date.has_value() && Day(*date) == day) {
          for (std::string& x : AttributeReaders(*element, "datetime")) date_candidates.push_back(std::move(x));
        }
      }
      if (text::IsSkippedElement(*element) || element->Is("title") || element->Is("head")) continue;
      std::string own = text::CollapseWhitespace(dom::TextContent(element));
      if (own.empty()) continue;
      if ((element->Is("h1") || element->Is("h2") || element->Attr("itemprop") != nullptr) && TitlesAgree(own, title)) {
        for (std::string& x : CandidateSelectors(*element)) title_candidates.push_back(std::move(x));
        title_candidates.push_back(element->tag);
      }
      if (own.size() <= kMaxShortTextChars) {
        std::optional<std::string> date = metadata::NormalizeDate(own);
        if (!day.empty() && date.has_value() && Day(*date) == day) {
          for (std::string& x : CandidateSelectors(*element)) date_candidates.push_back(std::move(x));
        }
        if (!author.empty() && ascii::ContainsIgnoreCase(own, author) && own.size() <= 2 * author.size() + 10) {
          for (std::string& x : CandidateSelectors(*element)) author_candidates.push_back(std::move(x));
        }
      }
      // A standfirst: the start of the page's description, outside the body or at its top.
      if (!page.description.empty() && own.size() < 4 * page.description.size() &&
          LedeKey(own).find(LedeKey(page.description).substr(0, kLedePrefixChars / 2)) == 0 &&
          std::none_of(roots[p].begin(), roots[p].end(),
                       [&](dom::Node* root) { return IsAncestorOrSelf(element, root); })) {
        for (std::string& x : CandidateSelectors(*element)) lede_candidates.push_back(std::move(x));
      }
    }
  }
  ChooseMetadata(
      title_candidates, pages, titled,
      [&](size_t p, const std::string& v) { return TitlesAgree(v, pages[p].metadata.title); }, "title", draft.title,
      draft);
  ChooseMetadata(
      date_candidates, pages, dated,
      [&](size_t p, const std::string& v) {
        std::optional<std::string> date = metadata::NormalizeDate(v);
        return date.has_value() && !pages[p].metadata.date.empty() && Day(*date) == Day(pages[p].metadata.date);
      },
      "date", draft.date, draft);
  ChooseMetadata(
      author_candidates, pages, authored,
      [&](size_t p, const std::string& v) {
        return !pages[p].metadata.authors.empty() && ascii::ContainsIgnoreCase(v, pages[p].metadata.authors.front()) &&
               v.size() <= 2 * pages[p].metadata.authors.front().size() + 10;
      },
      "author", draft.author, draft);
  ChooseMetadata(
      lede_candidates, pages, described,
      [&](size_t p, const std::string& v) {
        const std::string& description = pages[p].description;
        return !description.empty() && LedeKey(v).find(LedeKey(description).substr(0, kLedePrefixChars / 2)) == 0;
      },
      "lede", draft.lede, draft);
}

void ChooseUrls(const std::vector<Page>& pages, RuleDraft& draft) {
  std::vector<std::string> urls;
  std::string start;
  for (const Page& page : pages) {
    if (!page.url.has_value()) continue;
    urls.push_back(page.url->scheme + "://" + page.url->host + page.url->path +
                   (page.url->query.empty() ? "" : "?" + page.url->query));
    if (start.empty()) start = page.url->scheme + "://" + page.url->host + "/";
  }
  if (!start.empty()) draft.start_urls.push_back({start, "the home page of the first page's host"});
  if (urls.size() < 2) {
    draft.notes.push_back("article_urls: fewer than 2 pages have a URL; write the pattern by hand");
    return;
  }
  for (std::string& pattern : GeneralizeUrls(urls)) {
    draft.article_urls.push_back({std::move(pattern), "generalised from the pages' URLs"});
  }
}

bool IsValidName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(),
                                      [](char c) { return ascii::IsAlnum(c) || c == '.' || c == '-' || c == '_'; });
}

}  // namespace

bool IsGeneratedName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameChars) return true;
  for (std::string_view prefix : kGeneratedPrefixes) {
    if (name.starts_with(prefix)) return true;
  }
  // Parts between '-' and '_': a hash mixes letters and digits; an id is a run of digits.
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find_first_of("-_", start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    size_t digits = static_cast<size_t>(std::count_if(part.begin(), part.end(), ascii::IsDigit));
    size_t letters = static_cast<size_t>(std::count_if(part.begin(), part.end(), ascii::IsAlpha));
    if (digits >= kMinIdDigits && letters == 0) return true;
    // Letters and digits interleaved ("1x2y3z", "a8f3e9c2"), not a word with a number after
    // it ("ctl00", ASP.NET's stable prefix, or "h2").
    size_t switches = 0;
    for (size_t k = 1; k < part.size(); ++k)
      switches += ascii::IsDigit(part[k]) != ascii::IsDigit(part[k - 1]) ? size_t{1} : size_t{0};
    if (part.size() >= kMinHashChars && digits >= 2 && letters > 0 && switches >= 2) return true;
    start = end + 1;
  }
  return false;
}

std::vector<std::string> CandidateSelectors(const dom::Node& element) {
  std::vector<std::string> out;
  if (!element.IsElement()) return out;
  const std::string& tag = element.tag;
  if (const std::string* itemprop = element.Attr("itemprop")) {
    if (std::optional<std::string> value = CssString(text::CollapseWhitespace(*itemprop))) {
      out.push_back("[itemprop=" + *value + "]");
      out.push_back(tag + "[itemprop=" + *value + "]");
    }
  }
  if (std::optional<std::string> id = UsableId(element)) {
    out.push_back("#" + *id);
    out.push_back(tag + "#" + *id);
  }
  std::vector<std::string> classes = UsableClasses(element);
  if (classes.size() > 1) {
    std::string all = tag;
    for (const std::string& name : classes) all += "." + name;
    out.push_back(all);
  }
  for (const std::string& name : classes) {
    out.push_back(tag + "." + name);
    out.push_back("." + name);
  }
  // The tag under its nearest ancestor that has a usable name (a child combinator when it is
  // the parent).
  const dom::Node* ancestor = element.parent;
  for (int level = 0; ancestor != nullptr && ancestor->IsElement() && level < kBodyAncestorLevels; ++level) {
    std::string context = OwnSelector(*ancestor);
    if (!context.empty()) {
      out.push_back(context + (level == 0 ? " > " : " ") + tag);
      for (const std::string& name : classes) out.push_back(context + " ." + name);
      break;
    }
    ancestor = ancestor->parent;
  }
  if (IsSemanticTag(tag)) out.push_back(tag);
  // Keep only what compiles (a value the CSS parser rejects is dropped, not reported).
  std::vector<std::string> compiled;
  for (std::string& selector : out) {
    if (TryCompile(selector).has_value() && std::find(compiled.begin(), compiled.end(), selector) == compiled.end()) {
      compiled.push_back(std::move(selector));
    }
  }
  return compiled;
}

std::vector<std::string> GeneralizeUrls(const std::vector<std::string>& urls) {
  // Group the URLs by host pattern and segment count, in input order.
  std::vector<std::vector<UrlParts>> groups;
  std::set<std::string> hosts;
  for (const std::string& url : urls) {
    std::optional<UrlParts> parts = SplitUrl(url);
    if (!parts.has_value()) continue;
    hosts.insert(parts->host);
    size_t segments = SplitPath(parts->path).size();
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&](const auto& g) { return SplitPath(g.front().path).size() == segments; });
    if (group == groups.end()) {
      groups.push_back({*parts});
    } else {
      group->push_back(*parts);
    }
  }
  if (groups.empty()) return {};
  // The host: literal when all are the same host up to "www.".
  std::set<std::string> bare;
  for (const std::string& host : hosts) bare.insert(WithoutWww(host));
  std::string host_pattern = bare.size() == 1 ? "(?:www\\.)?" + RegexEscape(*bare.begin()) : "[^/]+";
  std::vector<std::string> patterns;
  for (const std::vector<UrlParts>& group : groups) {
    std::string pattern = "^https?://" + host_pattern;
    size_t count = SplitPath(group.front().path).size();
    for (size_t s = 0; s < count; ++s) {
      std::vector<std::string> values;
      for (const UrlParts& parts : group) values.push_back(SplitPath(parts.path)[s]);
      // Two appends, not `"/" + ...`: GCC 12 at -O3 reports a false -Wrestrict on the
      // temporary string that expression builds.
      pattern += '/';
      pattern += GeneralizeSegment(values);
    }
    // Query parameters present in every URL of the group, in the first URL's order.
    bool all_have_query = std::all_of(group.begin(), group.end(), [](const UrlParts& p) { return !p.query.empty(); });
    if (all_have_query) {
      std::vector<std::string> common;
      for (const auto& [name, value] : QueryPairs(group.front().query)) {
        bool everywhere = std::all_of(group.begin(), group.end(), [&, n = name](const UrlParts& p) {
          for (const auto& pair : QueryPairs(p.query)) {
            if (pair.first == n) return true;
          }
          return false;
        });
        if (everywhere && !name.empty()) common.push_back(name);
      }
      if (!common.empty()) {
        std::vector<std::string> values;
        for (const UrlParts& parts : group) {
          for (const auto& pair : QueryPairs(parts.query)) {
            if (pair.first == common.front()) {
              values.push_back(pair.second);
              break;
            }
          }
        }
        std::string value = GeneralizeSegment(values);
        if (value == "[^/?#]+" || value == "[^/?#]*") value = "[^&#]*";
        pattern += "\\?(?:[^#]*&)?" + RegexEscape(common.front()) + "=" + value + "(?:[&#]|$)";
      } else {
        pattern += "(?:\\?.*)?$";
      }
    } else {
      pattern += "$";
    }
    patterns.push_back(std::move(pattern));
  }
  return patterns;
}

DraftOutcome DraftRule(const std::vector<DraftPage>& pages_in, const DraftOptions& options) {
  DraftOutcome outcome;
  if (!IsValidName(options.name)) {
    outcome.error = "invalid rule name '" + options.name + "' (letters, digits, '.', '-', '_' only)";
    return outcome;
  }
  if (pages_in.size() < kMinDraftPages) {
    outcome.error = "a draft needs at least " + std::to_string(kMinDraftPages) + " pages of one site, got " +
                    std::to_string(pages_in.size());
    return outcome;
  }
  std::vector<Page> pages;
  pages.reserve(pages_in.size());
  for (const DraftPage& input : pages_in) {
    Page page;
    page.input = &input;
    page.filtered = html::StripNonText(input.utf8_html);
    page.document = html::ParseHtml(page.filtered);
    page.metadata = metadata::ExtractMetadata(page.document);
    page.description = MetaContent(page.document, "property", "og:description");
    if (page.description.empty()) page.description = MetaContent(page.document, "name", "description");
    std::string url = input.url.empty() ? page.metadata.canonical_url : input.url;
    if (url.empty()) {
      if (options.domain.empty()) {
        outcome.error = input.source + ": no canonical link or og:url in the page; give the site with --domain";
        return outcome;
      }
    } else {
      page.url = SplitUrl(url);
      if (!page.url.has_value()) {
        outcome.error = input.source + ": URL '" + url + "' is not an absolute http(s) URL";
        return outcome;
      }
    }
    pages.push_back(std::move(page));
  }
  // One site: the same host up to "www.", or every host on the given domain.
  std::string domain = options.domain;
  const Page* first_with_url = nullptr;
  for (const Page& page : pages) {
    if (!page.url.has_value()) continue;
    if (!options.domain.empty()) {
      if (!HostOnDomain(page.url->host, options.domain)) {
        outcome.error = page.input->source + ": host " + page.url->host + " is not on the domain " + options.domain;
        return outcome;
      }
      continue;
    }
    if (first_with_url == nullptr) {
      first_with_url = &page;
    } else if (WithoutWww(page.url->host) != WithoutWww(first_with_url->url->host)) {
      outcome.error = "pages of different hosts: " + first_with_url->input->source + " is on " +
                      first_with_url->url->host + ", " + page.input->source + " on " + page.url->host +
                      " (give the site's domain with --domain)";
      return outcome;
    }
  }
  if (domain.empty()) domain = WithoutWww(first_with_url->url->host);

  RuleDraft draft;
  draft.name = options.name;
  draft.domain = domain;
  for (const Page& page : pages) draft.sources.push_back(page.input->source);
  for (Page& page : pages) FindContainer(page);

  ChooseUrls(pages, draft);
  ChooseBody(pages, draft);
  std::vector<Candidate> body;
  for (const DraftValue& value : draft.body) body.push_back({value.value, *TryCompile(value.value)});
  std::vector<std::vector<dom::Node*>> roots;
  for (Page& page : pages) roots.push_back(BodyRoots(body, page));
  ChooseRemove(pages, roots, draft);
  std::vector<Candidate> remove;
  for (const DraftValue& value : draft.remove) remove.push_back({value.value, *TryCompile(value.value)});
  ChooseDropLines(pages, roots, remove, draft);
  ChooseMetadataKeys(pages, roots, draft);
  outcome.draft = std::move(draft);
  return outcome;
}

std::string RenderYaml(const RuleDraft& draft) {
  std::string out;
  out += "# Draft rule for " + draft.name + ", made by `pressoir rules draft` from " +
         std::to_string(draft.sources.size()) + " pages:\n";
  for (const std::string& source : draft.sources) out += "#   " + source + "\n";
  out += "# Check it on each page with `pressoir extract --sites DIR --site " + draft.name +
         " --explain PAGE`, then edit:\n# keep what the comments say is right, widen article_urls, delete the rest.\n";
  for (const std::string& note : draft.notes) out += "# " + note + "\n";
  out += "name: " + YamlQuote(draft.name) + "\n";
  out += "domains:\n  - " + YamlQuote(draft.domain) + "\n";
  auto list = [&](const char* key, const std::vector<DraftValue>& values) {
    if (values.empty()) return;
    out += std::string(key) + ":\n";
    for (const DraftValue& value : values) {
      out += "  - " + YamlQuote(value.value);
      if (!value.comment.empty()) out += "  # " + value.comment;
      out += "\n";
    }
  };
  list("start_urls", draft.start_urls);
  list("article_urls", draft.article_urls);
  list("body", draft.body);
  list("lede", draft.lede);
  list("remove", draft.remove);
  list("title", draft.title);
  list("date", draft.date);
  list("author", draft.author);
  list("drop_lines", draft.drop_lines);
  return out;
}

}  // namespace pressoir::draft
