// The extraction preview (`pressoir extract --explain --html`): one self-contained HTML file
// that shows a page as it looks, with what extraction did marked on it, and beside it (a fixed
// panel) the extracted text, the metadata and the rule's selectors.
//
// How the marks are tied to what extraction really did: NumberElements() gives every start tag
// of the page a data-pressoir-n attribute; extraction runs on that page with
// ExtractOptions::node_id_attribute set, and records each decision with the number of the
// element it was about (extract.h, Article::decisions); Render() parses the same numbered page
// and puts the marks on the elements with those numbers. The caller should also extract the
// page as given and pass whether both texts agree (PreviewInfo::faithful): the extra attribute
// changes nothing a selector or heuristic reads, and the preview says so when it did.
//
// Marks (attributes a test or a script can read):
//   data-pressoir-mark  space-separated: body (the container the text came from), kept (a block
//                       of the extracted text), removed, lede, title, date, author
//   data-pressoir-by    what decided, "remove: .share-bar", "body: article", "generic: ...";
//                       several decisions are joined by " | "
//
// Safety: the file makes no request when opened. Scripts (<script>, on* attributes,
// javascript: URLs), <iframe>/<object>/<embed>/<frame>, <base>, <link>, <meta http-equiv> and
// <noscript> are removed; src, srcset, href, action, poster and every other URL attribute are
// renamed data-pressoir-<name> (inline data:image/ sources stay); url(...) and @import in
// styles are neutralised; and a Content-Security-Policy meta (default-src 'none', inline
// styles and data: images and fonts only) comes first in <head>, for what the rewriting would miss.
//
// Pure functions, no I/O; thread-safe.
#ifndef PRESSOIR_EXTRACTORS_PAGE_PREVIEW_H_
#define PRESSOIR_EXTRACTORS_PAGE_PREVIEW_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "extractors/extract.h"
#include "extractors/selector_report.h"

namespace pressoir::preview {

// The attribute NumberElements() adds; pass it as ExtractOptions::node_id_attribute.
inline constexpr char kNodeIdAttribute[] = "data-pressoir-n";

// The CSP of the preview: nothing is loaded but the file's own styles and inline data: images
// and fonts.
inline constexpr char kContentSecurityPolicy[] =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; "
    "form-action 'none'";

// `utf8_html` with data-pressoir-n="1", "2", ... added to every start tag, in source order
// (tags inside comments, raw text such as <script> or <style>, and attribute values are text
// and get none). Linear time; never fails (a tag cut off by the end of the input is copied as
// it is).
std::string NumberElements(std::string_view utf8_html);

// What the panel shows besides the decisions.
struct PreviewInfo {
  std::string file;                                         // the page's file name
  std::string rule;                                         // "lesoir (sites/lesoir.yaml)" or ""
  std::vector<std::pair<std::string, std::string>> fields;  // the jsonl record's fields, in order
  std::string text;                                         // the extracted text
  std::vector<std::string> explain;                         // the --explain lines
  std::vector<selector_report::SelectorLine> selectors;     // the rule's selectors on this page
  bool faithful = true;                                     // the numbered page gave the same text as the page itself
};

// The preview file: `numbered_html` (NumberElements' output) made inert, with `decisions`
// (Article::decisions of extracting that same numbered page) as marks and the panel.
std::string Render(std::string_view numbered_html, const std::vector<extract::NodeDecision>& decisions,
                   const PreviewInfo& info);

// The mark name of a decision kind: "body", "kept", "removed", "lede", "title", "date", "author".
const char* MarkName(extract::NodeDecision::Kind kind);

}  // namespace pressoir::preview

#endif  // PRESSOIR_EXTRACTORS_PAGE_PREVIEW_H_
