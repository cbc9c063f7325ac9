// Internal to the selector engine (selector.h); included only by selector.cc. The XPath 1.0
// parser: lexer (§3.7, with its disambiguation rules for '*' and operator names) and recursive
// descent over §3's expression grammar, producing the compiled form of selector_ast.h.
// Supported: every axis but namespace::, predicates, unions, operators, and the functions of
// selector_ast.cc's table; names are lower-cased (the DOM's are). Not supported: variables,
// namespaces (a prefix:name test matches nothing), comment() and processing-instruction()
// (they parse, and match nothing: the DOM keeps neither).
#ifndef PRESSOIR_EXTRACTORS_XPATH_PARSER_H_
#define PRESSOIR_EXTRACTORS_XPATH_PARSER_H_

#include <string_view>

#include "extractors/selector_ast.h"

namespace pressoir::selector::internal {

// Compiles an XPath expression. Throws SelectorError on a syntax error, an unknown function or
// axis, a wrong argument count, a non-node-set where one is required, or nesting deeper than
// kMaxNesting.
ExprPtr ParseXPath(std::string_view source);

// Selector::Syntax::kAuto: XPath when the expression starts like one and cannot be CSS (no CSS
// selector starts with '/', '(', '.', '@', a quote, a digit or "name(" for a known function).
// `expression` has no leading whitespace.
bool LooksLikeXPath(std::string_view expression);

}  // namespace pressoir::selector::internal

#endif  // PRESSOIR_EXTRACTORS_XPATH_PARSER_H_
