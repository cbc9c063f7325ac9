// Article metadata from the page: JSON-LD, OpenGraph, <meta> tags and the document itself.
//
// Evidence order per field: JSON-LD article objects (NewsArticle, Article, BlogPosting, ...),
// then OpenGraph / article:* properties, then classic <meta name=...> tags, then the page
// (<title>, <h1>, <html lang>, <link rel=canonical>). Dates come from dates.h (which also
// reads the header, the URL and the text near the title), authors are cleaned by authors.h
// (JSON-LD, <meta name=author>, rel=author, itemprop=author, then the byline). The language
// here is the declared one; Extract() checks it against the text (language.h). Pure function
// of the document and the options.
#ifndef PRESSOIR_EXTRACTORS_METADATA_H_
#define PRESSOIR_EXTRACTORS_METADATA_H_

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/dom.h"

namespace pressoir::metadata {

// Where a metadata value came from, for --explain: ("date", "json-ld datePublished").
struct Provenance {
  std::string field;
  std::string source;
  // The page element the value was read from, when one was (an <h1>, a byline, a <time>); null
  // for the head's evidence (JSON-LD, <meta>) and the URL. Not owned: valid while the document
  // lives (for the marks of the preview, page_preview.h).
  const dom::Node* element = nullptr;
};

struct Metadata {
  std::string title;
  std::string date;           // publication: ISO 8601 ("2020-03-06" or "2020-03-06T10:20:00+01:00"), or empty
  std::string date_modified;  // last modification, the same way; empty if unknown
  std::vector<std::string> authors;
  std::string language;             // BCP 47 primary tag, lower case ("fr"); empty if unknown
  std::string language_source;      // "declared", "detected" or "rule" (see language.h); empty with no language
  std::string declared_language;    // as the page declares it, lower case ("en-gb"); may be empty
  std::string canonical_url;        // <link rel=canonical>, else og:url; as written in the page
  std::string site_name;            // og:site_name, else the JSON-LD publisher's name; may be empty
  bool declares_article = false;    // JSON-LD article object or og:type "article" present
  std::vector<Provenance> sources;  // one per value found, in field order
};

struct MetadataOptions {
  // The fetch time (seconds since the Unix epoch): dates after it (plus a day) are rejected.
  // 0: unknown (see dates.h, DateOptions).
  std::time_t reference_time = 0;
  std::string page_url;  // the URL the page was fetched from, when known: a date in its path
  // The page's HTML as parsed (UTF-8; not owned, read during the call only): the date finder's
  // last resort reads its scripts, which the parse filter drops (dates.h, DateOptions::html).
  std::string_view html;
};

Metadata ExtractMetadata(const dom::Document& document, const MetadataOptions& options = {});

// Normalizes a date as found in pages to ISO 8601: ISO forms pass through (trimmed to a
// valid prefix), "06.03.2020", "06/03/2020" (day first, as in French and Belgian pages),
// "20 novembre 2012", "November 20, 2012", "20 Nov 2012" and RFC 1123 dates are recognized.
// Returns nullopt when no date is found.
std::optional<std::string> NormalizeDate(std::string_view text);

}  // namespace pressoir::metadata

#endif  // PRESSOIR_EXTRACTORS_METADATA_H_
