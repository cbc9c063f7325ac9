// The start-tag tokenizer shared by the HTML readers that work on bytes, without a DOM: the two
// filters run before the parser (strip_non_text.h, bound_tree_shape.h) and the link scanner
// (link_scanner.h). It reads markup the way the HTML5 tokenizer does (WHATWG HTML §13.2.5) where
// that decides what is markup and what is text, so that a '>' or a "<script" inside a quoted
// attribute value, a comment or a <script> is never taken for a tag.
//
// What it models:
//  - tag names (§13.2.5.8 "tag name state"): from the character after "<" or "</" up to HTML
//    whitespace, '/' or '>';
//  - attributes (§13.2.5.32-40): a name (whose first character may be '='), optional '=' and
//    a double-quoted, single-quoted or unquoted value; '/' between attributes; "/>";
//  - comments (§13.2.5.43-52), including the empty "<!-->" and "<!--->" (see CommentEndRule
//    for "--!>");
//  - bogus comments (§13.2.5.41): "<!DOCTYPE ...>", "<![CDATA[...]]>", "<?...>", "</ x>" end at
//    the first '>';
//  - the end of raw-text and RCDATA content (§13.2.5.11-21, "appropriate end tag"): the first
//    "</name" followed by whitespace, '/' or '>'.
//
// What it does not model (left to the callers, or not needed by them):
//  - the tokens' values: names are not lower-cased, character references are not decoded,
//    newlines are not normalized; callers get offsets into the input and decode what they use;
//  - which elements have raw-text content, and the choice of state after a tag;
//  - script data escape states (a "<!--<script>" inside a script that hides a "</script>");
//  - duplicate attributes: every one is returned (the HTML5 tokenizer keeps the first);
//  - NUL and other parse errors, which change no boundary.
// One difference is kept on purpose, because the filters' output depends on it: whitespace
// between a '/' and the '>' does not cancel the '/' (`<svg / >` reads as self-closing; HTML5
// honours only a '/' directly before the '>').
//
// Bounds: every function takes the whole input and an offset into it, and never reads outside
// the input; a construct cut off by the end of the input is reported as such (kNoEnd), never
// completed. Linear time: TagReader reads each byte of a tag at most once (quoted values are
// skipped with memchr), FindEndTag each byte after `from` once. No allocation; thread-safe
// (a TagReader is owned by one caller).
//
// TagReader is inline in this header because the link scanner and BoundTreeShape run it on
// every tag of every page (hot paths): the compiler can then fold it into their loops.
#ifndef PRESSOIR_EXTRACTORS_TAG_TOKENIZER_H_
#define PRESSOIR_EXTRACTORS_TAG_TOKENIZER_H_

#include <cstddef>
#include <cstring>
#include <string_view>

#include "base/ascii.h"

namespace pressoir::html {

// Returned for a construct whose end is missing: the input ends first.
inline constexpr size_t kNoEnd = std::string_view::npos;

// Characters that end a tag name, and an attribute name or unquoted value (with '=' and '>'
// for the latter): HTML whitespace, '/' and '>'.
constexpr bool EndsTagName(char c) { return ascii::IsHtmlSpace(c) || c == '/' || c == '>'; }

// Index of the first character at or after `begin` that ends a tag name, or html.size().
inline size_t TagNameEnd(std::string_view html, size_t begin) {
  size_t i = begin;
  while (i < html.size() && !EndsTagName(html[i])) ++i;
  return i;
}

// Reads one start or end tag: its name, then its attributes one at a time.
//
//   TagReader tag(html, lt + 1);  // html[lt] == '<', html[lt + 1] is a letter
//   while (tag.Next()) Use(tag.attribute_name(), tag.attribute_value());
//   if (tag.end() == kNoEnd) ...  // cut off by the end of the input
//
// `html` is not owned and must outlive the reader; the views it returns point into it.
class TagReader {
 public:
  struct Attribute {
    size_t name_begin = 0;
    size_t name_end = 0;
    // [value_begin, value_end): the value without its quotes; empty when there is none.
    size_t value_begin = 0;
    size_t value_end = 0;
    // Just past the attribute: past its closing quote, its unquoted value or its name; for
    // "name=" with no value before the '>', the '>' (the '=' and the whitespace after it are
    // part of the attribute).
    size_t end = 0;
    // False for "name" alone and for "name=" directly followed by '>' (both have the empty
    // value in HTML5); true for a quoted value, even "", and for an unquoted one.
    bool has_value = false;
  };

  // `name_begin` is the index of the first character of the tag name (after "<" or "</"); it
  // must be at most html.size(). The name is read at once.
  TagReader(std::string_view html, size_t name_begin)
      : html_(html), name_begin_(name_begin), name_end_(TagNameEnd(html, name_begin)), pos_(name_end_) {}

  // The tag name as written (any case).
  std::string_view name() const { return html_.substr(name_begin_, name_end_ - name_begin_); }
  size_t name_end() const { return name_end_; }

  // Reads the next attribute; its fields are then in attribute(). Returns false at the end of
  // the tag ('>', then end() is past it) or of the input (end() is kNoEnd; an attribute cut off
  // by the end of the input is not returned, but is counted by attributes_started()).
  bool Next();

  // Reads what is left of the tag; returns end().
  size_t SkipToEnd() {
    while (Next()) {
    }
    return end_;
  }

  const Attribute& attribute() const { return attribute_; }
  std::string_view attribute_name() const {
    return html_.substr(attribute_.name_begin, attribute_.name_end - attribute_.name_begin);
  }
  std::string_view attribute_value() const {
    return html_.substr(attribute_.value_begin, attribute_.value_end - attribute_.value_begin);
  }

  // Where to start cutting to remove the current attribute: with the whitespace before it,
  // unless a '/' precedes that whitespace ("<math/ x=1>" must not become the self-closing
  // "<math/>"). Cut up to attribute().end.
  size_t RemovalBegin() const {
    size_t begin = attribute_.name_begin;
    while (begin > name_begin_ && ascii::IsHtmlSpace(html_[begin - 1])) --begin;
    return begin > 0 && html_[begin - 1] == '/' ? attribute_.name_begin : begin;
  }

  // Once Next() has returned false: index just past the tag's '>', or kNoEnd when the input
  // ends inside the tag (§13.2.5.32 "eof-in-tag": the tokenizer then emits nothing).
  size_t end() const { return end_; }
  // Once Next() has returned false: the tag ends in "/>" (see the file comment for "/ >").
  bool self_closing() const { return self_closing_; }
  // Attributes whose name has been read so far, including one cut off by the end of the input.
  size_t attributes_started() const { return attributes_started_; }

 private:
  bool Finish(size_t end, bool self_closing) {
    end_ = end;
    self_closing_ = self_closing;
    pos_ = html_.size();
    finished_ = true;
    return false;
  }

  std::string_view html_;
  size_t name_begin_;
  size_t name_end_;
  size_t pos_;  // where the next attribute is looked for
  Attribute attribute_;
  size_t attributes_started_ = 0;
  size_t end_ = kNoEnd;
  bool self_closing_ = false;
  bool finished_ = false;
};

inline bool TagReader::Next() {
  if (finished_) return false;
  const size_t n = html_.size();
  size_t i = pos_;
  // Before attribute name (§13.2.5.32) and self-closing start tag (§13.2.5.40) states.
  bool slash = false;
  while (i < n && (ascii::IsHtmlSpace(html_[i]) || html_[i] == '/')) {
    if (html_[i] == '/') slash = true;
    ++i;
  }
  if (i >= n) return Finish(kNoEnd, false);
  if (html_[i] == '>') return Finish(i + 1, slash);

  // Attribute name state (§13.2.5.33): the first character belongs to the name even if it is '='.
  ++attributes_started_;
  Attribute& attribute = attribute_;
  attribute.name_begin = i++;
  while (i < n && !EndsTagName(html_[i]) && html_[i] != '=') ++i;
  attribute.name_end = i;
  attribute.has_value = false;

  // After attribute name (§13.2.5.34): whitespace, then '=' or the next attribute.
  while (i < n && ascii::IsHtmlSpace(html_[i])) ++i;
  if (i >= n) return Finish(kNoEnd, false);
  if (html_[i] != '=') {
    attribute.value_begin = attribute.value_end = attribute.end = attribute.name_end;
    pos_ = i;
    return true;
  }

  // Before attribute value (§13.2.5.35).
  ++i;
  while (i < n && ascii::IsHtmlSpace(html_[i])) ++i;
  if (i >= n) return Finish(kNoEnd, false);
  const char c = html_[i];
  if (c == '"' || c == '\'') {
    // Attribute value (double- or single-quoted) states (§13.2.5.36-37).
    const void* quote = std::memchr(html_.data() + i + 1, c, n - (i + 1));
    if (quote == nullptr) return Finish(kNoEnd, false);
    const auto close = static_cast<size_t>(static_cast<const char*>(quote) - html_.data());
    attribute.value_begin = i + 1;
    attribute.value_end = close;
    attribute.end = close + 1;
    attribute.has_value = true;
    pos_ = close + 1;
    return true;
  }
  if (c == '>') {  // "missing-attribute-value": the tag ends here
    attribute.value_begin = attribute.value_end = attribute.end = i;
    pos_ = i;
    return true;
  }
  // Attribute value (unquoted) state (§13.2.5.38).
  const size_t value_begin = i;
  while (i < n && !ascii::IsHtmlSpace(html_[i]) && html_[i] != '>') ++i;
  if (i >= n) return Finish(kNoEnd, false);
  attribute.value_begin = value_begin;
  attribute.value_end = i;
  attribute.end = i;
  attribute.has_value = true;
  pos_ = i;
  return true;
}

// True when html[lt..] is "</" + `lower_name` (any case in `html`; `lower_name` is lower-case)
// followed by a character that ends a tag name. False when the input ends first.
inline bool IsEndTagAt(std::string_view html, size_t lt, std::string_view lower_name) {
  const size_t after = lt + 2 + lower_name.size();
  if (after >= html.size() || html[lt] != '<' || html[lt + 1] != '/') return false;
  return ascii::EqualsIgnoreCase(html.substr(lt + 2, lower_name.size()), lower_name) && EndsTagName(html[after]);
}

// True when html[lt..] is "<" + `lower_name` (as for IsEndTagAt) followed by a character that
// ends a tag name.
inline bool IsStartTagAt(std::string_view html, size_t lt, std::string_view lower_name) {
  const size_t after = lt + 1 + lower_name.size();
  if (after >= html.size() || html[lt] != '<') return false;
  return ascii::EqualsIgnoreCase(html.substr(lt + 1, lower_name.size()), lower_name) && EndsTagName(html[after]);
}

// Index of the '<' of the first end tag named `lower_name` (see IsEndTagAt) at or after `from`,
// or kNoEnd: where the content of a raw-text or RCDATA element (script, style, title,
// textarea...) opened before `from` ends.
size_t FindEndTag(std::string_view html, size_t from, std::string_view lower_name);

// Index just past the first '>' at or after `from`, or kNoEnd. With `from` at the '<', the end
// of a bogus comment ("<!DOCTYPE html>", "<?xml ...?>", "</ x>"). The filters also end an end
// tag there when they do not read its attributes (a '>' inside a quoted value then ends the
// tag early, where TagReader would not).
inline size_t PastNextGreaterThan(std::string_view html, size_t from) {
  if (from >= html.size()) return kNoEnd;
  const void* gt = std::memchr(html.data() + from, '>', html.size() - from);
  return gt == nullptr ? kNoEnd : static_cast<size_t>(static_cast<const char*>(gt) - html.data()) + 1;
}

// How a comment ends.
enum class CommentEndRule {
  // HTML5: "-->", or "--!>" (§13.2.5.50 "comment end bang state").
  kHtml5,
  // "-->" only. The rule of the filters run before the parser, kept so that their output does
  // not change: a comment closed by "--!>" runs on, for them, to the next "-->".
  kDashDashGreaterOnly,
};

// Index just past the end of the comment whose "<!--" starts at `lt`, or kNoEnd when it is not
// closed. "<!-->" and "<!--->" are complete, empty comments (§13.2.5.43-44).
// Precondition: html.substr(lt, 4) == "<!--".
size_t CommentEnd(std::string_view html, size_t lt, CommentEndRule rule);

}  // namespace pressoir::html

#endif  // PRESSOIR_EXTRACTORS_TAG_TOKENIZER_H_
