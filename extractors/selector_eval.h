// Internal to the selector engine (selector.h); included only by selector.cc. Runs a compiled
// selector (selector_ast.h) over a dom::Node tree.
//
// Evaluation is set-at-a-time and left to right, as XPath defines it: each step maps a
// document-ordered node-set to the next one. Nothing recurses over the document (dom::Walk and
// plain loops only); recursion is limited to the expression tree, whose nesting the parsers cap
// at kMaxNesting. Descendant steps visit each node once however deeply the page is nested.
//
// Scope: the tree above `root` is invisible. If `root` is the document node it is "/";
// otherwise a virtual document node whose only child is `root` plays "/", so /html/body works
// from the <html> element, //div and CSS selectors include `root` itself, and no axis leaves
// the subtree.
//
// Both functions allocate per call, keep no state between calls (thread-safe on a shared
// program), never throw SelectorError, and need the tree unchanged during the call.
#ifndef PRESSOIR_EXTRACTORS_SELECTOR_EVAL_H_
#define PRESSOIR_EXTRACTORS_SELECTOR_EVAL_H_

#include <string>
#include <vector>

#include "extractors/dom.h"
#include "extractors/selector_ast.h"

namespace pressoir::selector::internal {

// Selector::Select: the nodes `expr` selects from `root` (not null), in document order without
// duplicates; an attribute result stands for its element; nothing when the value of `expr` is
// not a node-set.
std::vector<dom::Node*> SelectNodes(const Expr& expr, dom::Node* root);

// Selector::SelectStrings: the string value of each selected node (attribute value, text, or
// dom::TextContent of an element), or the one string value of a string, number or boolean
// result (none when it is empty).
std::vector<std::string> SelectStrings(const Expr& expr, dom::Node* root);

}  // namespace pressoir::selector::internal

#endif  // PRESSOIR_EXTRACTORS_SELECTOR_EVAL_H_
