// Article metadata from the page: JSON-LD, OpenGraph, <meta> tags and the document itself.
//
// Evidence order per field: JSON-LD article objects (NewsArticle, Article, BlogPosting, ...),
// then OpenGraph / article:* properties, then classic <meta name=...> tags, then the page
// (<title>, <h1>, <html lang>, <link rel=canonical>). Pure function of the document.
#ifndef PRESSOIR_EXTRACTORS_METADATA_H_
#define PRESSOIR_EXTRACTORS_METADATA_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/dom.h"

namespace pressoir::metadata {

struct Metadata {
  std::string title;
  std::string date;  // ISO 8601 ("2020-03-06" or "2020-03-06T10:20:00+01:00"); empty if unknown
  std::vector<std::string> authors;
  std::string language;           // BCP 47 primary tag as declared, lower-case ("fr", "en-gb")
  std::string canonical_url;      // <link rel=canonical>, else og:url; as written in the page
  bool declares_article = false;  // JSON-LD article object or og:type "article" present
};

Metadata ExtractMetadata(const dom::Document& document);

// Normalizes a date as found in pages to ISO 8601: ISO forms pass through (trimmed to a
// valid prefix), "06.03.2020", "06/03/2020" (day first, as in French and Belgian pages),
// "20 novembre 2012", "November 20, 2012", "20 Nov 2012" and RFC 1123 dates are recognized.
// Returns nullopt when no date is found.
std::optional<std::string> NormalizeDate(std::string_view text);

}  // namespace pressoir::metadata

#endif  // PRESSOIR_EXTRACTORS_METADATA_H_
