// The article text a page gives in its JSON-LD (schema.org `articleBody`), for pages whose
// HTML holds no readable body: the text is rendered by a script, or sits only in the
// structured data (issue 14, error class 1).
//
// Pure function of the document; malformed JSON-LD blocks are skipped.
#ifndef PRESSOIR_EXTRACTORS_JSONLD_BODY_H_
#define PRESSOIR_EXTRACTORS_JSONLD_BODY_H_

#include <vector>

#include "extractors/dom.h"
#include "extractors/text_serializer.h"

namespace pressoir::jsonld {

// The longest `articleBody` string of the page's <script type="application/ld+json"> blocks
// (searched through @graph and nested objects), split into paragraphs at line breaks,
// whitespace collapsed; empty when there is none. Paragraph::block is null.
std::vector<text::Paragraph> ArticleBody(const dom::Document& document);

}  // namespace pressoir::jsonld

#endif  // PRESSOIR_EXTRACTORS_JSONLD_BODY_H_
