// Links of an HTML page without building its DOM: what `pressoir crawl --no-extract` needs.
//
// Building a tree is most of the cost of reading a page (Gumbo was half the CPU of a
// --no-extract crawl); finding links only needs the HTML5 tokenizer's view of tags and
// attributes. The scanner follows the tokenizer where it matters for links: comments
// (`<!-- -->`, bogus `<! >` and `<? >`), CDATA sections, the raw-text and RCDATA elements whose
// content is never markup (script, style, textarea, title, xmp, iframe, noembed, noframes;
// plaintext ends the markup), attribute syntax (quoted, unquoted, duplicates: the first one
// wins), newline normalization, and character references in attribute values (numeric ones,
// and the named ones that appear in URLs: amp, lt, gt, quot, apos, nbsp; other named
// references are left as written).
//
// Known differences from a full parse, none of which matters for crawling: tree-construction
// effects (an <a> in <head> is kept, as in the token stream), the rarer named character
// references, and C1 numeric references (&#150;) becoming U+FFFD rather than their
// windows-1252 characters. tests/extractors/link_scanner_test.cc compares the scanner with
// Gumbo on every page of tests/fixtures.
//
// Linear time, bounded memory (the output); never reads out of bounds. Thread-safe.
#ifndef PRESSOIR_EXTRACTORS_LINK_SCANNER_H_
#define PRESSOIR_EXTRACTORS_LINK_SCANNER_H_

#include <string>
#include <string_view>
#include <vector>

namespace pressoir::links {

struct AlternateLinkTag {
  std::string type;  // the type attribute, "" when absent
  std::string href;
};

struct PageLinks {
  std::vector<std::string> hrefs;            // href of every <a> and <area>, in document order
  std::string base_href;                     // the first <base href>, "" when none
  std::vector<AlternateLinkTag> alternates;  // <link> with "alternate" in rel (any case)
};

// `html` is UTF-8 (invalid bytes are copied through).
PageLinks ScanLinks(std::string_view html);

}  // namespace pressoir::links

#endif  // PRESSOIR_EXTRACTORS_LINK_SCANNER_H_
