// StripNonText, the first byte-level filter run before the HTML5 parser: drops markup that can
// never hold article text, so that Gumbo (the slowest stage of extraction) has less to parse.
// News pages are often more script, style, inline SVG icons and base64 images than text;
// removing them first is much cheaper than building their DOM and skipping it afterwards.
// html_prefilter.h includes it together with bound_tree_shape.h.
#ifndef PRESSOIR_EXTRACTORS_STRIP_NON_TEXT_H_
#define PRESSOIR_EXTRACTORS_STRIP_NON_TEXT_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pressoir::html {

struct TextRuns;  // text_runs.h

// What StripNonText leaves as written although it would drop it, for readers that look at the
// page beyond its article text: a site rule's selectors (extract.h, ParseForRules) must match
// as on the page itself. The default drops everything listed below.
struct StripOptions {
  // Attributes kept with their value (data: URIs included): lower-case names, sorted.
  std::vector<std::string> keep_attributes;
  bool keep_all_attributes = false;
  // Every element stays: script and style (as raw text), noscript, template, svg, iframe,
  // object, embed, select, hidden inputs and presentation <link>s, so that selectors that
  // name them, count siblings or match by class alone see what the page has.
  bool keep_elements = false;
  // Opt-in, for readers that never look at where a link leads: the href value of <a> and
  // <area> becomes "" (the attribute stays, so an element is a link exactly as on the page).
  // Link targets are the largest attribute values of news pages, often a fifth of what the
  // parser reads after the other drops. extract::Extract sets it when neither the crawler's link
  // collection nor a page URL (page_type reads a teaser card's link path against it) needs them.
  // A name in keep_attributes ("href") wins.
  bool empty_link_targets = false;
};

// Returns `html` without:
//  - <script> elements, except <script type="application/ld+json"> (metadata reads it) and
//    HTML templates (IsHtmlTemplateType: the generic extractor reads an article that only
//    a template holds);
//  - <style>, <noscript>, <template>, <svg> elements, with their content (nested svg and
//    template are counted);
//  - <!-- comments --> (including IE conditional comments);
//  - <iframe>, <object>, <embed> and <select> elements (embedded documents, plug-ins and
//    option lists), <input type=hidden>, and <link>s that only load presentation
//    (stylesheet, icon, preload, ...);
//  - the value of attributes that hold an inline data: URI (base64 images, fonts), which
//    becomes "" (the attribute itself stays);
//  - attributes no extractor reads, with the whitespace before them: event handlers (on*),
//    presentational ones (width, height, border, align, bgcolor, title, target, ...), image
//    sources and alternatives (src, srcset, sizes, alt), form plumbing (action, method, value,
//    for, ...), image-map geometry, dir and xmlns*, and `style` unless it may hide the element
//    (mentions display or visibility); class, id, href, rel, name, content, property,
//    itemprop, datetime, lang, type, hidden, aria-*, data-* and all others stay;
//  - whitespace: a run of whitespace in text keeps its first character, and blank text
//    between two block-level tags (div, p, td, li, ...) goes; <pre> and <listing> are kept
//    as written.
// Everything else is copied byte for byte, so the parser sees the same document minus the
// removed parts. Text inside RCDATA/raw-text elements (<title>, <textarea>, <xmp>, <iframe>,
// <noembed>, <noframes>, <plaintext>) and inside attribute values is copied as is: a "<script"
// there is text, not a tag.
//
// Bad input: never reads out of bounds. A construct whose end is missing (an unclosed comment,
// <script> without </script>, a tag cut off by the end of the input) is kept from its start to
// the end of the input, unmodified, and the parser repairs it as a browser would; an unclosed
// <svg>, <template>, <object> or <select> keeps its start tag and the scan goes on.
// One repair is made: a <title> never closed (archived pages that lost part of their head)
// would turn the whole page into title text, so "</title>" is inserted before the next '<'.
// Known simplification: the HTML5 "script data escaped" states (a "<!--<script>" inside a
// script that hides a "</script>") are not modelled; the first "</script" ends the script.
// Linear time, also on hostile input: the end of an element that is never closed is looked
// for once per element name, not once per start tag (a million unclosed <svg> or <title>
// would otherwise cost a million scans of the rest of the page). The result is at most 8 bytes
// longer than the input per unclosed <title> (the "</title>" repair), and usually 40 %
// shorter. Thread-safe (immutable static tables only).
// `options` keeps some of it (see StripOptions); comments, whitespace and the repair still apply.
std::string StripNonText(std::string_view html, const StripOptions& options = {});

// StripNonText, and the text of the page set aside in `runs` (cleared first; null: none) where
// that is exact (text_runs.h): the text between two tags becomes its leading whitespace
// (collapsed as above) and one placeholder character, ParseHtml(result, runs) puts the text back.
// Parsing the result without `runs` gives placeholders in place of text.
std::string StripNonText(std::string_view html, const StripOptions& options, TextRuns* runs);

// True for a <script> type that holds HTML for the page's scripts to render ("text/template",
// "text/x-template", "text/x-handlebars-template", "text/html", any case): its text is markup.
bool IsHtmlTemplateType(std::string_view type);

// The attribute names the filter drops by default (lower-case), besides event handlers (on*),
// xmlns*, and `style` unless it may hide its element: for tests that check every one.
std::span<const std::string_view> DroppedAttributeNames();

}  // namespace pressoir::html

#endif  // PRESSOIR_EXTRACTORS_STRIP_NON_TEXT_H_
