// Internal to the selector engine (selector.h); included only by selector.cc. The CSS selector
// parser (Selectors Level 3 plus the list form of :not() from Level 4), which translates each
// complex selector into an absolute location path of the compiled form (selector_ast.h): one
// descendant::, child:: or following-sibling:: step per compound selector, filtered by the
// compound's own test. Whitespace is CSS's (space, tab, LF, CR, FF: HTML's set).
#ifndef PRESSOIR_EXTRACTORS_CSS_PARSER_H_
#define PRESSOIR_EXTRACTORS_CSS_PARSER_H_

#include <string_view>

#include "extractors/selector_ast.h"

namespace pressoir::selector::internal {

// Compiles a CSS selector list. Throws SelectorError on a syntax error, an unknown
// pseudo-class, namespaces or pseudo-elements (not supported), or :not() nested deeper than
// kMaxNesting.
ExprPtr ParseCss(std::string_view source);

}  // namespace pressoir::selector::internal

#endif  // PRESSOIR_EXTRACTORS_CSS_PARSER_H_
