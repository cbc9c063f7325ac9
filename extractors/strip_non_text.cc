// Byte-level removal of script, style, svg, comments and data: URIs before parsing (see
// strip_non_text.h). A single forward scan: memchr finds the next '<', and the shared tag
// tokenizer (tag_tokenizer.h, the HTML Living Standard's §13.2.5 attribute states) reads each
// start tag so that a '<' or '>' inside a quoted attribute value is not taken for markup.
#include "extractors/strip_non_text.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "base/ascii.h"
#include "extractors/tag_tokenizer.h"
#include "extractors/text_runs.h"

namespace pressoir::html {
namespace {

// Longest tag name we need to recognise ("plaintext"); longer names are never special.
constexpr size_t kMaxSpecialNameLength = 9;

// What to do with an element whose start tag was just read.
enum class TagAction {
  kKeep,          // ordinary element: copy the tag (minus data: URIs) and carry on inside it
  kDrop,          // drop start tag, content and end tag (script, style, noscript)
  kDropNested,    // same, counting nested elements of the same name (svg, template); when
                  // the end tag is missing only the start tag is kept and the scan goes on
  kDropElement,   // same without nesting, and with the same recovery (select)
  kDropTag,       // a void element: drop the start tag (embed)
  kKeepRawText,   // copy up to and including the end tag without looking inside
  kKeepToEnd,     // <plaintext>: everything after it is text
  kPreformatted,  // <pre>, <listing>: ordinary element whose whitespace is significant
};

struct SpecialTag {
  std::string_view name;
  TagAction action;
};

// Elements whose content cannot be article text (scripting, styling, inert templates, vector
// graphics) and elements whose content the parser reads as text (HTML §13.1.2 raw text and
// escapable raw text elements), where a "<script" must not be mistaken for a tag.
// <iframe>, <object> and <embed> are embedded documents and plug-ins (video players, ads):
// their content is fallback markup at most.
// <select> holds only <option> lists (country pickers, archive menus), never article text.
// <pre> and <listing> are listed so that whitespace inside them is kept as written.
constexpr std::array<SpecialTag, 17> kSpecialTags = {{
    {"script", TagAction::kDrop},
    {"style", TagAction::kDrop},
    {"noscript", TagAction::kDrop},
    {"svg", TagAction::kDropNested},
    {"template", TagAction::kDropNested},
    {"select", TagAction::kDropElement},
    {"object", TagAction::kDropNested},
    {"embed", TagAction::kDropTag},
    {"pre", TagAction::kPreformatted},
    {"listing", TagAction::kPreformatted},
    {"title", TagAction::kKeepRawText},
    {"textarea", TagAction::kKeepRawText},
    {"xmp", TagAction::kKeepRawText},
    {"iframe", TagAction::kDrop},
    {"noembed", TagAction::kKeepRawText},
    {"noframes", TagAction::kKeepRawText},
    {"plaintext", TagAction::kKeepToEnd},
}};

// Attributes that no extractor reads and that never hold article text; every attribute costs
// the parser an allocation and a copy of its value, character by character:
//  - presentational (HTML 4 layout, HTML §16 "obsolete features") and tooltips (title, except
//    on <abbr> and <time>, where it holds a microformat date);
//  - image sources and their alternatives (src, srcset, sizes, alt, longdesc): the output is
//    text, and the extractors count <img> elements without reading their attributes;
//  - form plumbing (action, method, value, for, placeholder, ...) and image maps (coords,
//    shape, usemap);
//  - text direction and XML namespace declarations.
// The extractors read class, id, itemprop, data-*, href, rel, datetime and the <meta>
// attributes (name, property, content), which are all kept; a site rule's selectors may name
// any attribute, and extract::ParseForRules keeps those through StripOptions. `style` is handled
// apart: it is kept only when it may hide the element (see MayHide).
constexpr std::array<std::string_view, 48> kDroppedAttributes = {
    "width",        "height",       "border",     "align",  "valign", "bgcolor", "hspace",    "vspace",
    "cellspacing",  "cellpadding",  "background", "color",  "face",   "target",  "tabindex",  "frameborder",
    "marginwidth",  "marginheight", "scrolling",  "title",  "nowrap", "clear",   "colspan",   "rowspan",
    "summary",      "noshade",      "size",       "src",    "srcset", "sizes",   "alt",       "longdesc",
    "loading",      "decoding",     "action",     "method", "value",  "for",     "maxlength", "placeholder",
    "autocomplete", "accesskey",    "coords",     "shape",  "usemap", "dir",     "xmlns",     "language"};

// <link> relations that only load presentation (HTML §4.6.7): stylesheets, icons, hints.
// Canonical, alternate, author and the like are metadata and stay.
constexpr std::array<std::string_view, 12> kPresentationLinkRels = {
    "stylesheet",    "icon",    "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed",
    "mask-icon",     "preload", "prefetch", "preconnect",       "dns-prefetch",
    "modulepreload", "manifest"};

// Elements at whose boundaries whitespace is never rendered (CSS Text §4.1.1: spaces at the
// start and end of a line are removed; these elements are block-level, table parts or
// metadata). Whitespace-only text between two of their tags is dropped: it is most of the
// text nodes of a layout-table page, and each one costs the parser a node.
constexpr std::array<std::string_view, 44> kBlockBoundaryTags = {
    "html",   "head",   "body", "title", "meta", "link",    "base",     "div",    "p",          "table",   "thead",
    "tbody",  "tfoot",  "tr",   "td",    "th",   "caption", "colgroup", "col",    "ul",         "ol",      "li",
    "dl",     "dt",     "dd",   "h1",    "h2",   "h3",      "h4",       "h5",     "h6",         "section", "article",
    "header", "footer", "nav",  "aside", "main", "form",    "fieldset", "figure", "blockquote", "hr",      "center"};

bool IsDroppedLowerAttribute(std::string_view lower_name);

// True when an attribute value is an inline data: URI (leading whitespace allowed). Most values
// do not start with a 'd' or a space: they are rejected on their first byte.
bool IsDataUri(std::string_view value) {
  if (value.empty()) return false;
  char first = value[0];
  if (first != 'd' && first != 'D' && !ascii::IsHtmlSpace(first)) return false;
  return ascii::StartsWithIgnoreCase(ascii::TrimHtmlSpace(value), "data:");
}

// True when `options` keeps the attribute `name` (any case) that the filter would drop.
bool KeepsAttribute(const StripOptions& options, std::string_view name) {
  if (options.keep_all_attributes) return true;
  if (options.keep_attributes.empty()) return false;
  return std::binary_search(options.keep_attributes.begin(), options.keep_attributes.end(), ascii::ToLower(name));
}

// True when every token of a <link rel> is a presentation-only relation.
bool IsPresentationLink(std::string_view rel) {
  bool any = false;
  size_t i = 0;
  while (i < rel.size()) {
    while (i < rel.size() && ascii::IsHtmlSpace(rel[i])) ++i;
    size_t start = i;
    while (i < rel.size() && !ascii::IsHtmlSpace(rel[i])) ++i;
    if (i == start) break;
    std::string_view token = rel.substr(start, i - start);
    bool presentation = false;
    for (std::string_view name : kPresentationLinkRels) {
      if (ascii::EqualsIgnoreCase(token, name)) presentation = true;
    }
    if (!presentation) return false;
    any = true;
  }
  return any;
}

// True when an inline style may hide its element (display:none, visibility:hidden): the text
// serializer reads those; any other style is presentation only.
bool MayHide(std::string_view style) {
  for (size_t i = 0; i < style.size(); ++i) {
    char c = ascii::ToLower(style[i]);
    if (c != 'd' && c != 'v') continue;
    std::string_view rest = style.substr(i);
    if (ascii::StartsWithIgnoreCase(rest, "display") || ascii::StartsWithIgnoreCase(rest, "visibility")) return true;
  }
  return false;
}

// The defaults, for the scans that only need a tag's extent (its drops are not used).
const StripOptions kNoOptions;

// A name lower-cased into a fixed buffer, for the lookups that run on every tag and attribute
// of a page (no allocation). Names longer than kMaxLength are none of the names looked for:
// lower() is then empty.
class LowerName {
 public:
  static constexpr size_t kMaxLength = 16;  // longer than every name of the tables above
  LowerName() = default;
  explicit LowerName(std::string_view name) {
    if (name.size() > kMaxLength) return;
    for (size_t i = 0; i < name.size(); ++i) buffer_[i] = ascii::ToLower(name[i]);
    size_ = name.size();
  }
  std::string_view lower() const { return {buffer_, size_}; }

 private:
  char buffer_[kMaxLength] = {};
  size_t size_ = 0;
};

constexpr bool AllFit(const auto& names, size_t length) {
  for (std::string_view name : names) {
    if (name.size() > length) return false;
  }
  return true;
}
static_assert(AllFit(kDroppedAttributes, LowerName::kMaxLength) && AllFit(kBlockBoundaryTags, LowerName::kMaxLength),
              "LowerName must hold every name looked up in lower case");

// A start tag read by ReadStartTag.
struct StartTag {
  size_t end = kNoEnd;        // index just past '>', or kNoEnd when the input ends first
  std::string_view name;      // as written (any case)
  std::string_view type;      // value of the (last) `type` attribute, if any
  std::string_view rel;       // value of the (last) `rel` attribute, if any
  bool self_closing = false;  // ends in "/>"
  bool hidden_input = false;  // <input type=hidden>: form state, never shown
  LowerName lower_name;       // `name` in lower case (empty when longer than any name looked for)
};

// Reads the start tag whose '<' is at `lt` (html[lt + 1] is a letter), with the tokenizer's
// attribute states, so quotes only count in value position (`<a title=x"y>` has no quote).
// Only attributes with a value are looked at: `<div onclick>` keeps its empty handler.
// Attributes that `options` keeps are neither dropped nor emptied. `drops` receives the
// [begin, end) ranges to remove, in order: data: URI values, link targets and whole attributes
// (a scratch vector reused from tag to tag: no allocation per tag).
StartTag ReadStartTag(std::string_view html, size_t lt, const StripOptions& options,
                      std::vector<std::pair<size_t, size_t>>& drops) {
  StartTag tag;
  drops.clear();
  TagReader reader(html, lt + 1);
  tag.name = reader.name();
  tag.lower_name = LowerName(tag.name);
  const std::string_view lower_tag = tag.lower_name.lower();
  // A title on <abbr> or <time> is a machine-readable date (the microformat abbr.published
  // [title], hAtom's updated): the date finder reads it. Elsewhere a title is a tooltip.
  const bool date_title_tag = lower_tag == "abbr" || lower_tag == "time";
  const bool link_tag = lower_tag == "a" || lower_tag == "area";
  while (reader.Next()) {
    if (!reader.attribute().has_value) continue;
    const std::string_view attribute_name = reader.attribute_name();
    const std::string_view value = reader.attribute_value();
    const LowerName lowered(attribute_name);
    const std::string_view name = lowered.lower();
    if (name == "type") {
      tag.type = value;
      tag.hidden_input = lower_tag == "input" && ascii::EqualsIgnoreCase(value, "hidden");
    }
    if (name == "rel") tag.rel = value;
    // Event handlers (onclick, onmouseover, ...) are script: HTML §8.1.8.1.
    bool drop_attribute =
        ascii::StartsWithIgnoreCase(attribute_name, "on") || ascii::StartsWithIgnoreCase(attribute_name, "xmlns") ||
        (IsDroppedLowerAttribute(name) && !(date_title_tag && name == "title")) || (name == "style" && !MayHide(value));
    if (drop_attribute && KeepsAttribute(options, attribute_name)) continue;
    if (drop_attribute) {
      drops.emplace_back(reader.RemovalBegin(), reader.attribute().end);
    } else if (options.empty_link_targets && link_tag && !value.empty() && name == "href" &&
               !KeepsAttribute(options, attribute_name)) {
      drops.emplace_back(reader.attribute().value_begin, reader.attribute().value_end);
    } else if (IsDataUri(value) && !KeepsAttribute(options, attribute_name)) {
      drops.emplace_back(reader.attribute().value_begin, reader.attribute().value_end);
    }
  }
  tag.end = reader.end();
  tag.self_closing = reader.self_closing();
  return tag;
}

// A set of lower-case ASCII names, bucketed by first letter and length, for lookups that run
// on every tag or attribute of a page: a lookup is a couple of comparisons.
class NameSet {
 public:
  template <size_t N>
  explicit NameSet(const std::array<std::string_view, N>& names) {
    for (std::string_view name : names) {
      if (name.size() <= kMaxLength) buckets_[Bucket(name[0])].push_back(name);
    }
  }

  // Case-insensitive membership.
  bool Contains(std::string_view name) const {
    if (name.empty() || name.size() > kMaxLength) return false;
    char lower[kMaxLength];
    for (size_t i = 0; i < name.size(); ++i) lower[i] = ascii::ToLower(name[i]);
    return ContainsLower(std::string_view(lower, name.size()));
  }

  // Membership of a name already in lower case.
  bool ContainsLower(std::string_view key) const {
    if (key.empty()) return false;
    for (std::string_view candidate : buckets_[Bucket(key[0])]) {
      if (candidate == key) return true;
    }
    return false;
  }

 private:
  static constexpr size_t kMaxLength = 32;
  static size_t Bucket(char c) { return static_cast<unsigned char>(c) & 0x1F; }
  std::array<std::vector<std::string_view>, 32> buckets_;
};

}  // namespace

bool IsHtmlTemplateType(std::string_view type) {
  std::string_view trimmed = ascii::TrimHtmlSpace(type);
  return ascii::StartsWithIgnoreCase(trimmed, "text/") &&
         (ascii::ContainsIgnoreCase(trimmed, "template") || ascii::EqualsIgnoreCase(trimmed, "text/html"));
}

namespace {

const NameSet& BlockBoundaryTags() {
  static const NameSet set(kBlockBoundaryTags);
  return set;
}

bool IsBlockBoundaryTag(std::string_view name) { return BlockBoundaryTags().Contains(name); }
bool IsBlockBoundaryLowerTag(std::string_view lower_name) { return BlockBoundaryTags().ContainsLower(lower_name); }

bool IsDroppedLowerAttribute(std::string_view lower_name) {
  static const NameSet set(kDroppedAttributes);
  return set.ContainsLower(lower_name);
}

// The tag name of the start or end tag at html[lt] ('<'), or "" when there is none.
std::string_view TagNameAt(std::string_view html, size_t lt) {
  size_t begin = lt + 1;
  if (begin < html.size() && html[begin] == '/') ++begin;
  size_t end = begin;
  while (end < html.size() && (ascii::IsAlpha(html[end]) || (end > begin && ascii::IsDigit(html[end])))) ++end;
  return html.substr(begin, end - begin);
}

// Index just past the '>' of the end tag that closes `lower_name` opened before `from`, or
// kNoEnd. With `nested`, start tags of the same name (not self-closing) must be closed
// first: <svg> may contain <svg>, <template> may contain <template>.
size_t FindClose(std::string_view html, size_t from, std::string_view lower_name, bool nested) {
  const size_t n = html.size();
  std::vector<std::pair<size_t, size_t>> scratch;  // ReadStartTag's drops, unused here
  int depth = 1;
  size_t i = from;
  while (i < n) {
    const void* found = std::memchr(html.data() + i, '<', n - i);
    if (found == nullptr) return kNoEnd;
    size_t lt = static_cast<size_t>(static_cast<const char*>(found) - html.data());
    if (IsEndTagAt(html, lt, lower_name)) {
      size_t end = PastNextGreaterThan(html, lt);
      if (end == kNoEnd) return kNoEnd;
      if (--depth == 0) return end;
      i = end;
      continue;
    }
    if (nested && IsStartTagAt(html, lt, lower_name)) {
      StartTag inner = ReadStartTag(html, lt, kNoOptions, scratch);
      if (inner.end == kNoEnd) return kNoEnd;
      if (!inner.self_closing) ++depth;
      i = inner.end;
      continue;
    }
    i = lt + 1;
  }
  return kNoEnd;
}

// FindClose with a memory of what it found, for one document scanned front to back: an element
// that is never closed would otherwise cost a scan of the rest of the page at each of its start
// tags, and a million unclosed <svg>, <select> or <title> a million scans.
//  - without nesting, "no end tag after `from`" stays true for every later `from`;
//  - with nesting, the first search that fails pairs every start tag after it with its end tag
//    in one pass (a stack: the end tag that brings the depth counted from a start tag back to
//    zero is the one a stack pairs with it), so later searches are a lookup. A start tag that
//    pass did not see as one (it hid in a comment or an attribute value the pass read as
//    markup) gets "not closed": the scan keeps it and goes on, as for any unclosed element.
class CloseFinder {
 public:
  explicit CloseFinder(std::string_view html) : html_(html) {}

  size_t Find(size_t from, std::string_view lower_name, bool nested) {
    Memory& memory = MemoryFor(lower_name);
    if (memory.unclosed_from != kNoEnd && from >= memory.unclosed_from) {
      if (!nested) return kNoEnd;
      auto found = std::lower_bound(memory.pairs.begin(), memory.pairs.end(), std::make_pair(from, size_t{0}));
      return found != memory.pairs.end() && found->first == from ? found->second : kNoEnd;
    }
    size_t end = FindClose(html_, from, lower_name, nested);
    if (end == kNoEnd) {
      memory.unclosed_from = from;
      if (nested) PairStartTags(from, lower_name, memory.pairs);
    }
    return end;
  }

 private:
  struct Memory {
    std::string name;
    size_t unclosed_from = kNoEnd;                 // a failed search started here
    std::vector<std::pair<size_t, size_t>> pairs;  // (end of a start tag, end of its end tag)
  };

  Memory& MemoryFor(std::string_view lower_name) {
    for (Memory& memory : memories_) {
      if (memory.name == lower_name) return memory;
    }
    memories_.push_back(Memory{std::string(lower_name), kNoEnd, {}});
    return memories_.back();
  }

  // Tokenizes html_[from, end) exactly as FindClose does, pairing start and end tags.
  void PairStartTags(size_t from, std::string_view lower_name, std::vector<std::pair<size_t, size_t>>& pairs) {
    const size_t n = html_.size();
    std::vector<size_t> open;                        // indexes into `pairs`
    std::vector<std::pair<size_t, size_t>> scratch;  // ReadStartTag's drops, unused here
    size_t i = from;
    while (i < n) {
      const void* found = std::memchr(html_.data() + i, '<', n - i);
      if (found == nullptr) break;
      size_t lt = static_cast<size_t>(static_cast<const char*>(found) - html_.data());
      if (IsEndTagAt(html_, lt, lower_name)) {
        size_t end = PastNextGreaterThan(html_, lt);
        if (end == kNoEnd) break;
        if (!open.empty()) {
          pairs[open.back()].second = end;
          open.pop_back();
        }
        i = end;
        continue;
      }
      if (IsStartTagAt(html_, lt, lower_name)) {
        StartTag inner = ReadStartTag(html_, lt, kNoOptions, scratch);
        if (inner.end == kNoEnd) break;
        if (!inner.self_closing) {
          open.push_back(pairs.size());
          pairs.emplace_back(inner.end, kNoEnd);
        }
        i = inner.end;
        continue;
      }
      i = lt + 1;
    }
  }

  std::string_view html_;
  std::vector<Memory> memories_;  // a handful of names at most (svg, template, select, title...)
};

// What becomes of an element that `options` keeps although the filter drops it by default.
TagAction KeptAction(TagAction action, std::string_view name) {
  if (action != TagAction::kDrop && action != TagAction::kDropNested && action != TagAction::kDropElement &&
      action != TagAction::kDropTag) {
    return action;
  }
  // Raw text for the parser (HTML §13.1.2): copied without looking inside. noscript, svg,
  // template, object, select and embed hold markup and are filtered like the rest of the page.
  if (ascii::EqualsIgnoreCase(name, "script") || ascii::EqualsIgnoreCase(name, "style") ||
      ascii::EqualsIgnoreCase(name, "iframe")) {
    return TagAction::kKeepRawText;
  }
  return TagAction::kKeep;
}

TagAction ActionFor(std::string_view name) {
  if (name.empty() || name.size() > kMaxSpecialNameLength) return TagAction::kKeep;
  // Cheap rejection first: most tags (a, div, span, td, img, li, p...) are not special.
  char first = ascii::ToLower(name[0]);
  if (first != 's' && first != 'n' && first != 't' && first != 'o' && first != 'e' && first != 'p' && first != 'l' &&
      first != 'x' && first != 'i') {
    return TagAction::kKeep;
  }
  for (const SpecialTag& special : kSpecialTags) {
    if (ascii::EqualsIgnoreCase(name, special.name)) return special.action;
  }
  return TagAction::kKeep;
}

}  // namespace

std::span<const std::string_view> DroppedAttributeNames() { return kDroppedAttributes; }

std::string StripNonText(std::string_view html, const StripOptions& options) {
  return StripNonText(html, options, nullptr);
}

std::string StripNonText(std::string_view html, const StripOptions& options, TextRuns* runs) {
  if (runs != nullptr) {
    runs->text.clear();
    runs->ends.clear();
    // The page's own private-use characters U+E000-U+EFFF could not be told from placeholders.
    if (std::memchr(html.data(), kPlaceholderLead, html.size()) != nullptr) runs = nullptr;
  }
  std::string out;
  out.reserve(html.size());
  const size_t n = html.size();
  size_t copied = 0;     // html[0, copied) has been handled (copied to `out` or dropped)
  size_t i = 0;          // where to look for the next '<'
  int preformatted = 0;  // open <pre>/<listing> elements: keep their whitespace
  CloseFinder closes(html);
  // With `runs`: the page holds markup that the parser may tokenize otherwise than this scan
  // (see the end), and its text is then not set aside.
  bool no_runs = false;
  std::vector<std::pair<size_t, size_t>> drops;  // ReadStartTag's, reused from tag to tag

  auto drop = [&](size_t begin, size_t end) {
    out.append(html.data() + copied, begin - copied);
    copied = end;
  };
  // Keeps the first character of every whitespace run in the text html[begin, end).
  bool after_block_tag = false;  // the last tag read was a block boundary tag
  // Runs of whitespace in text keep only their first character: HTML renders a run as one
  // space (CSS Text §4.1.1) except in preformatted elements, and pages indented with tabs
  // carry a lot of it. Blank text between two block boundary tags is not rendered at all.
  // With `runs`: the text html[begin, end) becomes its leading whitespace (collapsed) and a
  // placeholder, and its collapsed text goes to `runs` (text_runs.h), when the parser would keep
  // that text as it is. Not in preformatted text, and only after a character of the output
  // that cannot combine with the run: the end of a tag, whitespace, a non-ASCII character or a
  // placeholder. After a '<' that was not markup, or after text whose markup was dropped, the
  // run could end up read as a tag ("<" + "p>x"), a bogus comment ("<?x") or a character
  // reference ("&am" + "p;"), which a placeholder would not be.
  auto set_aside = [&](size_t begin, size_t end) {
    if (runs == nullptr || preformatted > 0 || runs->size() >= kMaxTextRuns) return false;
    if (begin > 0) {
      const char before = begin > copied ? html[begin - 1] : (out.empty() ? '>' : out.back());
      if (before != '>' && !ascii::IsHtmlSpace(before) && static_cast<unsigned char>(before) < 0x80) return false;
    }
    size_t first = begin;
    while (first < end && ascii::IsHtmlSpace(html[first])) ++first;
    if (first == end || !AppendCollapsedVerbatim(html.substr(first, end - first), runs->text)) return false;
    drop(first > begin ? begin + 1 : begin, end);
    AppendPlaceholder(out, runs->size());
    runs->ends.push_back(static_cast<uint32_t>(runs->text.size()));
    return true;
  };
  auto collapse_whitespace = [&](size_t begin, size_t end) {
    // A '<' that this scan read as text, followed in the output by a character that starts
    // markup: the parser reads a tag, a comment or a bogus comment there that this scan never
    // saw, and may read later runs inside it. "<?" (an XML declaration, a processing
    // instruction) is a bogus comment that ends at the first '>': harmless when that '>' is in
    // this text, which stays in place. Otherwise ('<' + a letter, '!' or '/', which happens
    // only when the markup or blank text between them was dropped) text is left in place on
    // the whole page (see the end).
    if (runs != nullptr && begin < end && begin > 0) {
      const char before = begin > copied ? html[begin - 1] : (out.empty() ? '>' : out.back());
      const char first = html[begin];
      if (before == '<' && (ascii::IsAlpha(first) || first == '!' || first == '/' ||
                            (first == '?' && html.substr(begin, end - begin).find('>') == std::string_view::npos))) {
        no_runs = true;
      }
    }
    if (preformatted > 0) return;
    if (after_block_tag && begin < end && end < n) {
      bool blank = true;
      for (size_t k = begin; k < end && blank; ++k) blank = ascii::IsHtmlSpace(html[k]);
      if (blank && IsBlockBoundaryTag(TagNameAt(html, end))) {
        drop(begin, end);
        return;
      }
    }
    if (set_aside(begin, end)) return;
    for (size_t k = begin; k < end; ++k) {
      if (!ascii::IsHtmlSpace(html[k])) continue;
      size_t run_end = k + 1;
      while (run_end < end && ascii::IsHtmlSpace(html[run_end])) ++run_end;
      if (run_end - k > 1) drop(k + 1, run_end);
      k = run_end;
    }
  };

  while (i < n) {
    const void* found = std::memchr(html.data() + i, '<', n - i);
    size_t lt = found == nullptr ? n : static_cast<size_t>(static_cast<const char*>(found) - html.data());
    collapse_whitespace(i, lt);
    if (lt + 1 >= n) break;
    char next = html[lt + 1];

    if (next == '!') {
      if (html.substr(lt, 4) == "<!--") {
        size_t end = CommentEnd(html, lt, CommentEndRule::kDashDashGreaterOnly);
        if (end == kNoEnd) break;  // unclosed comment: keep the rest as it is
        drop(lt, end);
        i = end;
        continue;
      }
      // <!DOCTYPE ...>, <![CDATA[...]]>: a bogus comment up to the first '>', kept.
      if (html.substr(lt, 9) == "<![CDATA[") no_runs = true;
      size_t end = PastNextGreaterThan(html, lt);
      if (end == kNoEnd) break;
      i = end;
      continue;
    }
    if (next == '/') {
      if (preformatted > 0 && (IsEndTagAt(html, lt, "pre") || IsEndTagAt(html, lt, "listing"))) {
        --preformatted;
      }
      // The rest of an end tag holds nothing to remove; text starts after its '>'.
      size_t end = PastNextGreaterThan(html, lt);
      if (end == kNoEnd) break;
      if (runs != nullptr && html.substr(lt, end - lt).find_first_of("\"'") != std::string_view::npos) no_runs = true;
      after_block_tag = IsBlockBoundaryTag(TagNameAt(html, lt));
      i = end;
      continue;
    }
    if (!ascii::IsAlpha(next)) {
      i = lt + 1;  // "<?xml", or a stray '<' in text
      continue;
    }

    StartTag tag = ReadStartTag(html, lt, options, drops);
    if (tag.end == kNoEnd) break;  // the input ends inside the tag: keep the rest
    after_block_tag = IsBlockBoundaryLowerTag(tag.lower_name.lower());
    TagAction action = ActionFor(tag.name);
    if (runs != nullptr && tag.lower_name.lower() == "frameset") no_runs = true;
    const bool lower_tag_is_template = runs != nullptr && tag.lower_name.lower() == "template";
    if (tag.lower_name.lower() == "math") no_runs = true;
    if (action == TagAction::kDrop && ascii::EqualsIgnoreCase(tag.name, "script") &&
        ascii::EqualsIgnoreCase(ascii::TrimHtmlSpace(tag.type), "application/ld+json")) {
      action = TagAction::kKeepRawText;  // JSON-LD carries the article's metadata
    }
    if (action == TagAction::kDrop && ascii::EqualsIgnoreCase(tag.name, "script") && IsHtmlTemplateType(tag.type)) {
      action = TagAction::kKeepRawText;  // may hold the only copy of the article (generic_extractor.h)
    }
    if (options.keep_elements) action = KeptAction(action, tag.name);

    switch (action) {
      case TagAction::kPreformatted:
        ++preformatted;
        [[fallthrough]];
      case TagAction::kKeep:
        if (lower_tag_is_template) no_runs = true;
        if (tag.lower_name.lower() == "svg") no_runs = true;
        if (!options.keep_elements &&
            (tag.hidden_input || (ascii::EqualsIgnoreCase(tag.name, "link") && IsPresentationLink(tag.rel)))) {
          drop(lt, tag.end);
        } else {
          for (auto [begin, end] : drops) drop(begin, end);
        }
        i = tag.end;
        continue;
      case TagAction::kDropTag:
        drop(lt, tag.end);
        i = tag.end;
        continue;
      case TagAction::kKeepToEnd:
        i = n;
        continue;
      case TagAction::kKeepRawText:
      case TagAction::kDrop:
      case TagAction::kDropNested:
      case TagAction::kDropElement: {
        const std::string lower_name = ascii::ToLower(tag.name);
        // A self-closing <svg/> is complete (foreign content honours "/>"); <script/> is not.
        bool complete = action == TagAction::kDropNested && tag.self_closing;
        size_t end = complete ? tag.end : closes.Find(tag.end, lower_name, action == TagAction::kDropNested);
        if (end == kNoEnd && lower_name == "title") {
          // A <title> never closed would turn the whole page into its text (HTML §13.2.6.4.4
          // "generic RCDATA"). Archived pages often lost "</title>" along with part of the
          // head; end the title where the next tag starts, as lenient parsers (libxml2) do.
          const void* next_lt = std::memchr(html.data() + tag.end, '<', n - tag.end);
          size_t title_end =
              next_lt == nullptr ? n : static_cast<size_t>(static_cast<const char*>(next_lt) - html.data());
          out.append(html.data() + copied, title_end - copied);
          out.append("</title>");
          copied = title_end;
          i = title_end;
          continue;
        }
        if (end == kNoEnd) {
          if (action == TagAction::kDropNested || action == TagAction::kDropElement) {
            if (lower_tag_is_template) no_runs = true;
            if (lower_name == "svg") no_runs = true;
            i = tag.end;  // the parser closes these implicitly: carry on after the start tag
          } else {
            i = n;  // raw text runs to the end of the input: keep the rest as written
          }
          continue;
        }
        if (action != TagAction::kKeepRawText) drop(lt, end);
        if (action == TagAction::kKeepRawText && runs != nullptr && lower_name == "script" &&
            html.substr(tag.end, end - tag.end).find("<!--") != std::string_view::npos) {
          no_runs = true;
        }
        i = end;
        continue;
      }
    }
  }
  out.append(html.data() + copied, n - copied);
  // Where the parser may read the page otherwise than this scan, text is left in place:
  //  - in the frameset modes, and in a <template> in "in column group" mode, the tree builder
  //    keeps the whitespace of a text run and drops the rest, so a placeholder would lose the
  //    whitespace after the run's first character (templates are dropped when closed, kept
  //    when not or when `options` keeps elements);
  //  - in foreign content "<![CDATA[" opens a section that ends at "]]>", not at the first '>';
  //  - the parser reads the attributes of an end tag, so a quoted '>' does not end it;
  //  - in a script kept as raw text, "<!--" starts the script data escape states, which this
  //    scan does not model;
  //  - a '<' read as text here may start markup once what followed it is dropped;
  //  - foreign content (a <math>, or an <svg> left in the output: closed ones are dropped) is
  //    read otherwise: <title>, <textarea>, <style> hold markup there, and its HTML breakouts
  //    and table modes may treat characters one by one.
  // The page is then filtered again without `runs`, as the function without them does.
  if (no_runs && runs != nullptr) {
    runs->text.clear();
    runs->ends.clear();
    return StripNonText(html, options, nullptr);
  }
  return out;
}

}  // namespace pressoir::html
