// Byte-level filters run before the HTML5 parser, one header for both:
//  - StripNonText (strip_non_text.h) drops markup that can never hold article text, so that
//    Gumbo, the slowest stage of extraction, has less to parse;
//  - BoundTreeShape (bound_tree_shape.h) bounds the depth and the attributes of the tree Gumbo
//    builds, on which its cost is quadratic (hostile or broken pages).
// Both read tags with the shared tokenizer of tag_tokenizer.h.
#ifndef PRESSOIR_EXTRACTORS_HTML_PREFILTER_H_
#define PRESSOIR_EXTRACTORS_HTML_PREFILTER_H_

#include "extractors/bound_tree_shape.h"  // IWYU pragma: export
#include "extractors/strip_non_text.h"    // IWYU pragma: export

#endif  // PRESSOIR_EXTRACTORS_HTML_PREFILTER_H_
