// BoundTreeShape, the byte-level filter that ParseHtml runs on every document before the HTML5
// parser: bounds the depth and the attributes of the tree Gumbo builds, on which its cost is
// quadratic (hostile or broken pages). html_prefilter.h includes it together with
// strip_non_text.h.
#ifndef PRESSOIR_EXTRACTORS_BOUND_TREE_SHAPE_H_
#define PRESSOIR_EXTRACTORS_BOUND_TREE_SHAPE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pressoir::html {

// Bounds on the tree the HTML5 parser builds, applied by ParseHtml (html_parser.h) to every
// document before Gumbo sees it, whatever the path (Extract, ExtractLinks, metadata only).
//
// Why: Gumbo 0.10's tree construction is quadratic in the depth of the tree and in the number
// of attributes of a tag. Each block start tag scans the stack of open elements for a <p> in
// button scope, each formatting element (<b>, <i>, <font>...) scans the list of active
// formatting elements ("Noah's Ark", HTML §13.2.4.3), and each attribute is compared with all
// earlier ones of its tag (duplicate removal). Measured, release build: 40 000 nested <div>
// took 6 s and a million ~40 minutes; 40 000 attributes on one tag 9 s. Pages like that are
// template bugs (an element opened in a loop and never closed) or attacks, never articles.
//
// What changes:
//  - kMaxAttributes: attributes past the first kMaxAttributes of a start or end tag are removed
//    (the parser keeps the first of duplicated names, so the first ones are those it uses);
//    a tag cut off by the end of the input with more than that is removed whole (the parser
//    drops it anyway, after tokenizing its attributes);
//  - kMaxOpenElements: a start tag that would make more than kMaxOpenElements elements open at
//    once is removed, its text and children stay (in the innermost kept element), and the end
//    tag that closes it is removed too, so that it cannot close a kept element instead;
//  - kMaxActiveFormatting: a formatting start tag (a, b, big, code, em, font, i, nobr, s,
//    small, strike, strong, tt, u) that would make more than kMaxActiveFormatting of them
//    active is removed, with its end tag;
//  - kMaxDanglingFormatting (4, in the .cc): formatting elements closed implicitly, by the end
//    of their block, stay active and the parser re-opens a copy of each in every later block
//    ("reconstruct the active formatting elements", §13.2.4.3): twenty distinct unclosed <font>
//    make every later paragraph twenty elements deep and twenty times as many. Past four such
//    elements, the end tag of the next one is inserted where its block closes it, which is
//    where the parser closes it anyway, minus the copies;
//  - a CDATA section's "<![CDATA[" becomes "<?[CDATA[", a bogus comment up to the first '>':
//    what it is outside <svg> and <math> already; inside them Gumbo 0.10 aborts the process on
//    some ("<table><svg><foreignObject><![CDATA[ ]]>x"), and their text is not article text.
// Real pages are not changed otherwise: on the 871 pages of the extraction benchmark and every fixture,
// the model never goes past 41 open elements, 7 active formatting elements or 3 re-opened
// ones; 6 benchmark pages lose attributes past the 64th, all of them garbage (script text or
// words of broken markup read as attribute names inside a tag), and extract the same text.
//
// "Open" is counted by a model of the HTML5 tree builder (§13.2.4.2-3, §13.2.6.4.7) that
// follows what changes the depth: void elements; end tags that close several elements, or
// nothing ("any other end tag" stops at a special element, and scope rules); the end tags
// implied by a new <p>, <li>, <dd>/<dt> (looking past address, div, p only), <td>/<th>, <tr>,
// table section, <option>/<optgroup>, heading, ruby part, <button>, <a>, <nobr>, <select> or
// <table>; the adoption agency's net effect (the formatting element leaves the stack, the
// elements above it stay when one of them is special); foreign content (<svg>, <math>:
// self-closing tags, integration points, the HTML tags that break out); elements whose content
// is text (script, style, textarea, title, xmp, iframe, noembed, noframes, plaintext); and the
// list of active formatting elements with its markers (table cells, captions, applet, object,
// marquee, template) and Noah's Ark (attributes compared as written). It ignores <html>,
// <head> and <body>, the elements the parser inserts implicitly (<table><td> is four levels
// for Gumbo, two for the model), foster parenting and the <form> pointer, so the parser's
// depth may exceed the model's by a constant factor (at most about 4 x kMaxOpenElements +
// kMaxActiveFormatting, checked in html_prefilter_test.cc), never by an amount that grows with
// the page.
//
// Cost: one linear scan with memchr (about 580 MB/s of pre-filtered pages in release: 1.5 % of
// extraction time on the 871 benchmark pages, 0.04 s of 2.7 s);
// memory O(kMaxOpenElements) plus the distinct tag names (4096 at most are told apart; more
// share one id). With the bounds, every start tag costs Gumbo O(kMaxOpenElements +
// kMaxActiveFormatting) and every tag O(kMaxAttributes^2) at most. Measured (release, through
// `pressoir extract`): a million nested <div>, <b> or <span> in 0.11-0.18 s; 300 000
// attributes on one tag in 0.02 s (tests/hardening/hostile_pages_test.cc has the ASan figures).
//
// Returns the bounded document, or nullopt when `html` is within the bounds (the common case:
// no copy is made). The result is less than 2.5 times as long as `html` (an inserted end tag is
// at most 4/3 of its start tag). Never reads out of bounds. Thread-safe (immutable static tables only).
inline constexpr size_t kMaxOpenElements = 256;
inline constexpr size_t kMaxActiveFormatting = 16;
inline constexpr size_t kMaxAttributes = 64;
std::optional<std::string> BoundTreeShape(std::string_view html);

}  // namespace pressoir::html

#endif  // PRESSOIR_EXTRACTORS_BOUND_TREE_SHAPE_H_
