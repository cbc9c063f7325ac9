// Byte-level removal of script, style, svg, comments and data: URIs before parsing (see
// html_prefilter.h). A single forward scan: memchr finds the next '<', a small state machine
// (HTML Living Standard §13.2.5, tokenizer "attribute" states) reads each start tag so that a
// '<' or '>' inside a quoted attribute value is not taken for markup.
#include "extractors/html_prefilter.h"

#include <array>
#include <cstring>
#include <utility>
#include <vector>

namespace pressoir::html {
namespace {

constexpr size_t kNotFound = std::string_view::npos;

// Longest tag name we need to recognise ("plaintext"); longer names are never special.
constexpr size_t kMaxSpecialNameLength = 9;

// What to do with an element whose start tag was just read.
enum class TagAction {
  kKeep,         // ordinary element: copy the tag (minus data: URIs) and carry on inside it
  kDrop,         // drop start tag, content and end tag (script, style, noscript)
  kDropNested,   // same, counting nested elements of the same name (svg, template); when
                 // the end tag is missing only the start tag is kept and the scan goes on
  kDropElement,  // same without nesting, and with the same recovery (select)
  kDropTag,      // a void element: drop the start tag (embed)
  kKeepRawText,  // copy up to and including the end tag without looking inside
  kKeepToEnd,    // <plaintext>: everything after it is text
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
//  - presentational (HTML 4 layout, HTML §16 "obsolete features") and tooltips (title);
//  - image sources and their alternatives (src, srcset, sizes, alt, longdesc): the output is
//    text, and the extractors count <img> elements without reading their attributes;
//  - form plumbing (action, method, value, for, placeholder, ...) and image maps (coords,
//    shape, usemap);
//  - text direction and XML namespace declarations.
// Selectors in site rules use class, id, itemprop, data-*, href, rel, datetime and the <meta>
// attributes (name, property, content), which are all kept. `style` is handled apart: it is
// kept only when it may hide the element (see KeepsStyle).
constexpr std::array<std::string_view, 48> kDroppedAttributes = {
    "width",     "height",       "border",       "align",        "valign",     "bgcolor",
    "hspace",    "vspace",       "cellspacing",  "cellpadding",  "background", "color",
    "face",      "target",       "tabindex",     "frameborder",  "marginwidth", "marginheight",
    "scrolling", "title",        "nowrap",       "clear",        "colspan",    "rowspan",
    "summary",   "noshade",      "size",         "src",          "srcset",     "sizes",
    "alt",       "longdesc",     "loading",      "decoding",     "action",     "method",
    "value",     "for",          "maxlength",    "placeholder",  "autocomplete", "accesskey",
    "coords",    "shape",        "usemap",       "dir",          "xmlns",      "language"};

// <link> relations that only load presentation (HTML §4.6.7): stylesheets, icons, hints.
// Canonical, alternate, author and the like are metadata and stay.
constexpr std::array<std::string_view, 12> kPresentationLinkRels = {
    "stylesheet", "icon",     "shortcut",   "apple-touch-icon", "apple-touch-icon-precomposed",
    "mask-icon",  "preload",  "prefetch",   "preconnect",       "dns-prefetch",
    "modulepreload", "manifest"};

// Elements at whose boundaries whitespace is never rendered (CSS Text §4.1.1: spaces at the
// start and end of a line are removed; these elements are block-level, table parts or
// metadata). Whitespace-only text between two of their tags is dropped: it is most of the
// text nodes of a layout-table page, and each one costs the parser a node.
constexpr std::array<std::string_view, 44> kBlockBoundaryTags = {
    "html",    "head",     "body",   "title",  "meta",    "link",       "base",   "div",
    "p",       "table",    "thead",  "tbody",  "tfoot",   "tr",         "td",     "th",
    "caption", "colgroup", "col",    "ul",     "ol",      "li",         "dl",     "dt",
    "dd",      "h1",       "h2",     "h3",     "h4",      "h5",         "h6",     "section",
    "article", "header",   "footer", "nav",    "aside",   "main",       "form",   "fieldset",
    "figure",  "blockquote", "hr",   "center"};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ToLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (ToLower(text[i]) != lower[i]) return false;
  }
  return true;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view lower) {
  return text.size() >= lower.size() && EqualsIgnoreCase(text.substr(0, lower.size()), lower);
}

bool IsDroppedAttribute(std::string_view attribute_name);

// True when every token of a <link rel> is a presentation-only relation.
bool IsPresentationLink(std::string_view rel) {
  bool any = false;
  size_t i = 0;
  while (i < rel.size()) {
    while (i < rel.size() && IsSpace(rel[i])) ++i;
    size_t start = i;
    while (i < rel.size() && !IsSpace(rel[i])) ++i;
    if (i == start) break;
    std::string_view token = rel.substr(start, i - start);
    bool presentation = false;
    for (std::string_view name : kPresentationLinkRels) {
      if (EqualsIgnoreCase(token, name)) presentation = true;
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
    char c = ToLower(style[i]);
    if (c != 'd' && c != 'v') continue;
    std::string_view rest = style.substr(i);
    if (StartsWithIgnoreCase(rest, "display") || StartsWithIgnoreCase(rest, "visibility")) return true;
  }
  return false;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// A start tag read by ReadStartTag.
struct StartTag {
  size_t end = kNotFound;       // index just past '>', or kNotFound when the input ends first
  std::string_view name;        // as written (any case)
  std::string_view type;        // value of the `type` attribute, if any
  std::string_view rel;         // value of the `rel` attribute, if any
  bool self_closing = false;    // ends in "/>"
  bool hidden_input = false;    // <input type=hidden>: form state, never shown
  // [begin, end) ranges to remove, in order: data: URI values and whole attributes.
  std::vector<std::pair<size_t, size_t>> drops;
};

// Reads the start tag whose '<' is at `lt` (html[lt + 1] is a letter). Follows the tokenizer's
// attribute states, so quotes only count in value position (`<a title=x"y>` has no quote).
StartTag ReadStartTag(std::string_view html, size_t lt) {
  StartTag tag;
  const size_t n = html.size();
  size_t i = lt + 1;
  while (i < n && !IsSpace(html[i]) && html[i] != '/' && html[i] != '>') ++i;
  tag.name = html.substr(lt + 1, i - (lt + 1));

  enum class State { kBeforeName, kName, kAfterName, kBeforeValue, kUnquotedValue };
  State state = State::kBeforeName;
  size_t name_begin = 0;
  std::string_view attribute_name;
  size_t value_begin = 0;
  bool last_was_slash = false;

  // `end` is the end of the value; `attribute_end` is past its closing quote, if any.
  auto on_value = [&](size_t begin, size_t end, size_t attribute_end) {
    std::string_view value = html.substr(begin, end - begin);
    if (EqualsIgnoreCase(attribute_name, "type")) {
      tag.type = value;
      tag.hidden_input = EqualsIgnoreCase(tag.name, "input") && EqualsIgnoreCase(value, "hidden");
    }
    if (EqualsIgnoreCase(attribute_name, "rel")) tag.rel = value;
    // Event handlers (onclick, onmouseover, ...) are script: HTML §8.1.8.1.
    bool drop_attribute = StartsWithIgnoreCase(attribute_name, "on") ||
                          StartsWithIgnoreCase(attribute_name, "xmlns") ||
                          IsDroppedAttribute(attribute_name) ||
                          (EqualsIgnoreCase(attribute_name, "style") && !MayHide(value));
    if (drop_attribute) {
      // The whitespace before the attribute goes too, unless a '/' precedes it: "<math/ x=1>"
      // must not become the self-closing "<math/>".
      size_t drop_begin = name_begin;
      while (drop_begin > lt + 1 && IsSpace(html[drop_begin - 1])) --drop_begin;
      if (html[drop_begin - 1] == '/') drop_begin = name_begin;
      tag.drops.emplace_back(drop_begin, attribute_end);
    } else if (StartsWithIgnoreCase(Trim(value), "data:")) {
      tag.drops.emplace_back(begin, end);
    }
  };

  for (; i < n; ++i) {
    char c = html[i];
    switch (state) {
      case State::kBeforeName:
        if (IsSpace(c)) continue;
        if (c == '/') {
          last_was_slash = true;
          continue;
        }
        if (c == '>') {
          tag.self_closing = last_was_slash;
          tag.end = i + 1;
          return tag;
        }
        last_was_slash = false;
        name_begin = i;
        state = State::kName;
        continue;
      case State::kName:
        if (IsSpace(c) || c == '/' || c == '=' || c == '>') {
          attribute_name = html.substr(name_begin, i - name_begin);
          if (c == '=') {
            state = State::kBeforeValue;
          } else if (c == '>') {
            tag.end = i + 1;
            return tag;
          } else {
            last_was_slash = c == '/';
            state = c == '/' ? State::kBeforeName : State::kAfterName;
          }
        }
        continue;
      case State::kAfterName:
        if (IsSpace(c)) continue;
        if (c == '=') {
          state = State::kBeforeValue;
        } else if (c == '>') {
          tag.end = i + 1;
          return tag;
        } else if (c == '/') {
          last_was_slash = true;
          state = State::kBeforeName;
        } else {
          name_begin = i;
          state = State::kName;
        }
        continue;
      case State::kBeforeValue:
        if (IsSpace(c)) continue;
        if (c == '"' || c == '\'') {
          const void* quote = std::memchr(html.data() + i + 1, c, n - (i + 1));
          if (quote == nullptr) return tag;  // unterminated value: the tag never ends
          size_t close = static_cast<size_t>(static_cast<const char*>(quote) - html.data());
          on_value(i + 1, close, close + 1);
          i = close;
          last_was_slash = false;
          state = State::kBeforeName;
        } else if (c == '>') {
          tag.end = i + 1;
          return tag;
        } else {
          value_begin = i;
          state = State::kUnquotedValue;
        }
        continue;
      case State::kUnquotedValue:
        if (IsSpace(c) || c == '>') {
          on_value(value_begin, i, i);
          if (c == '>') {
            tag.end = i + 1;
            return tag;
          }
          last_was_slash = false;
          state = State::kBeforeName;
        }
        continue;
    }
  }
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
    for (size_t i = 0; i < name.size(); ++i) lower[i] = ToLower(name[i]);
    std::string_view key(lower, name.size());
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

bool IsBlockBoundaryTag(std::string_view name) {
  static const NameSet set(kBlockBoundaryTags);
  return set.Contains(name);
}

bool IsDroppedAttribute(std::string_view attribute_name) {
  static const NameSet set(kDroppedAttributes);
  return set.Contains(attribute_name);
}

// The tag name of the start or end tag at html[lt] ('<'), or "" when there is none.
std::string_view TagNameAt(std::string_view html, size_t lt) {
  size_t begin = lt + 1;
  if (begin < html.size() && html[begin] == '/') ++begin;
  size_t end = begin;
  while (end < html.size() && (IsAsciiAlpha(html[end]) || (end > begin && html[end] >= '0' &&
                                                           html[end] <= '9'))) {
    ++end;
  }
  return html.substr(begin, end - begin);
}

// True when html[i..] is "</name" (any case) followed by a character that ends a tag name.
bool IsEndTagAt(std::string_view html, size_t i, std::string_view lower_name) {
  size_t after = i + 2 + lower_name.size();
  if (after >= html.size() || html[i + 1] != '/') return false;
  if (!EqualsIgnoreCase(html.substr(i + 2, lower_name.size()), lower_name)) return false;
  char c = html[after];
  return IsSpace(c) || c == '/' || c == '>';
}

// True when html[i..] is "<name" (any case) followed by a character that ends a tag name.
bool IsStartTagAt(std::string_view html, size_t i, std::string_view lower_name) {
  size_t after = i + 1 + lower_name.size();
  if (after >= html.size()) return false;
  if (!EqualsIgnoreCase(html.substr(i + 1, lower_name.size()), lower_name)) return false;
  char c = html[after];
  return IsSpace(c) || c == '/' || c == '>';
}

// Index just past the '>' of the end tag that closes `lower_name` opened before `from`, or
// kNotFound. With `nested`, start tags of the same name (not self-closing) must be closed
// first: <svg> may contain <svg>, <template> may contain <template>.
size_t FindClose(std::string_view html, size_t from, std::string_view lower_name, bool nested) {
  const size_t n = html.size();
  int depth = 1;
  size_t i = from;
  while (i < n) {
    const void* found = std::memchr(html.data() + i, '<', n - i);
    if (found == nullptr) return kNotFound;
    size_t lt = static_cast<size_t>(static_cast<const char*>(found) - html.data());
    if (IsEndTagAt(html, lt, lower_name)) {
      const void* gt = std::memchr(html.data() + lt, '>', n - lt);
      if (gt == nullptr) return kNotFound;
      size_t end = static_cast<size_t>(static_cast<const char*>(gt) - html.data()) + 1;
      if (--depth == 0) return end;
      i = end;
      continue;
    }
    if (nested && IsStartTagAt(html, lt, lower_name)) {
      StartTag inner = ReadStartTag(html, lt);
      if (inner.end == kNotFound) return kNotFound;
      if (!inner.self_closing) ++depth;
      i = inner.end;
      continue;
    }
    i = lt + 1;
  }
  return kNotFound;
}

TagAction ActionFor(std::string_view name) {
  if (name.empty() || name.size() > kMaxSpecialNameLength) return TagAction::kKeep;
  // Cheap rejection first: most tags (a, div, span, td, img, li, p...) are not special.
  char first = ToLower(name[0]);
  if (first != 's' && first != 'n' && first != 't' && first != 'o' && first != 'e' &&
      first != 'p' && first != 'l' && first != 'x' && first != 'i') {
    return TagAction::kKeep;
  }
  for (const SpecialTag& special : kSpecialTags) {
    if (EqualsIgnoreCase(name, special.name)) return special.action;
  }
  return TagAction::kKeep;
}

// Index just past the end of the comment that starts at `lt` ("<!--"), or kNotFound.
// "<!-->" and "<!--->" are complete (empty) comments (HTML §13.2.5.43-44).
size_t CommentEnd(std::string_view html, size_t lt) {
  size_t body = lt + 4;
  if (html.substr(body, 1) == ">") return body + 1;
  if (html.substr(body, 2) == "->") return body + 2;
  size_t close = html.find("-->", body);
  return close == kNotFound ? kNotFound : close + 3;
}

}  // namespace

std::string StripNonText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  const size_t n = html.size();
  size_t copied = 0;         // html[0, copied) has been handled (copied to `out` or dropped)
  size_t i = 0;              // where to look for the next '<'
  int preformatted = 0;      // open <pre>/<listing> elements: keep their whitespace

  auto drop = [&](size_t begin, size_t end) {
    out.append(html.data() + copied, begin - copied);
    copied = end;
  };
  // Keeps the first character of every whitespace run in the text html[begin, end).
  bool after_block_tag = false;  // the last tag read was a block boundary tag
  // Runs of whitespace in text keep only their first character: HTML renders a run as one
  // space (CSS Text §4.1.1) except in preformatted elements, and pages indented with tabs
  // carry a lot of it. Blank text between two block boundary tags is not rendered at all.
  auto collapse_whitespace = [&](size_t begin, size_t end) {
    if (preformatted > 0) return;
    if (after_block_tag && begin < end && end < n && IsBlockBoundaryTag(TagNameAt(html, end))) {
      bool blank = true;
      for (size_t k = begin; k < end && blank; ++k) blank = IsSpace(html[k]);
      if (blank) {
        drop(begin, end);
        return;
      }
    }
    for (size_t k = begin; k < end; ++k) {
      if (!IsSpace(html[k])) continue;
      size_t run_end = k + 1;
      while (run_end < end && IsSpace(html[run_end])) ++run_end;
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
        size_t end = CommentEnd(html, lt);
        if (end == kNotFound) break;  // unclosed comment: keep the rest as it is
        drop(lt, end);
        i = end;
        continue;
      }
      // <!DOCTYPE ...>, <![CDATA[...]]>: a bogus comment up to the first '>', kept.
      const void* gt = std::memchr(html.data() + lt, '>', n - lt);
      if (gt == nullptr) break;
      i = static_cast<size_t>(static_cast<const char*>(gt) - html.data()) + 1;
      continue;
    }
    if (next == '/') {
      if (preformatted > 0 && (IsEndTagAt(html, lt, "pre") || IsEndTagAt(html, lt, "listing"))) {
        --preformatted;
      }
      // The rest of an end tag holds nothing to remove; text starts after its '>'.
      const void* gt = std::memchr(html.data() + lt, '>', n - lt);
      if (gt == nullptr) break;
      after_block_tag = IsBlockBoundaryTag(TagNameAt(html, lt));
      i = static_cast<size_t>(static_cast<const char*>(gt) - html.data()) + 1;
      continue;
    }
    if (!IsAsciiAlpha(next)) {
      i = lt + 1;  // "<?xml", or a stray '<' in text
      continue;
    }

    StartTag tag = ReadStartTag(html, lt);
    if (tag.end == kNotFound) break;  // the input ends inside the tag: keep the rest
    after_block_tag = IsBlockBoundaryTag(tag.name);
    TagAction action = ActionFor(tag.name);
    if (action == TagAction::kDrop && EqualsIgnoreCase(tag.name, "script") &&
        EqualsIgnoreCase(Trim(tag.type), "application/ld+json")) {
      action = TagAction::kKeepRawText;  // JSON-LD carries the article's metadata
    }

    switch (action) {
      case TagAction::kPreformatted:
        ++preformatted;
        [[fallthrough]];
      case TagAction::kKeep:
        if (tag.hidden_input ||
            (EqualsIgnoreCase(tag.name, "link") && IsPresentationLink(tag.rel))) {
          drop(lt, tag.end);
        } else {
          for (auto [begin, end] : tag.drops) drop(begin, end);
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
        std::string lower_name;
        for (char c : tag.name) lower_name.push_back(ToLower(c));
        // A self-closing <svg/> is complete (foreign content honours "/>"); <script/> is not.
        bool complete = action == TagAction::kDropNested && tag.self_closing;
        size_t end = complete ? tag.end
                              : FindClose(html, tag.end, lower_name,
                                          action == TagAction::kDropNested);
        if (end == kNotFound && lower_name == "title") {
          // A <title> never closed would turn the whole page into its text (HTML §13.2.6.4.4
          // "generic RCDATA"). Archived pages often lost "</title>" along with part of the
          // head; end the title where the next tag starts, as lenient parsers (libxml2) do.
          const void* next_lt = std::memchr(html.data() + tag.end, '<', n - tag.end);
          size_t title_end = next_lt == nullptr
                                 ? n
                                 : static_cast<size_t>(static_cast<const char*>(next_lt) - html.data());
          out.append(html.data() + copied, title_end - copied);
          out.append("</title>");
          copied = title_end;
          i = title_end;
          continue;
        }
        if (end == kNotFound) {
          if (action == TagAction::kDropNested || action == TagAction::kDropElement) {
            i = tag.end;  // the parser closes these implicitly: carry on after the start tag
          } else {
            i = n;  // raw text runs to the end of the input: keep the rest as written
          }
          continue;
        }
        if (action != TagAction::kKeepRawText) drop(lt, end);
        i = end;
        continue;
      }
    }
  }
  out.append(html.data() + copied, n - copied);
  return out;
}

}  // namespace pressoir::html
