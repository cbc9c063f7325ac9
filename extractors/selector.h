// Selectors over the extractors' DOM: CSS selectors and the XPath 1.0 subset that real site
// rules use (FiveFilters Full-Text RSS rules are XPath; hand-written pressoir rules are mostly CSS).
//
// A Selector is compiled once (when a rule file is loaded) and matched against many pages.
// Compiled selectors are immutable and safe to use from several threads at once; copies share
// the compiled program.
//
// Supported CSS: type, '*', .class, #id, [attr] with = ~= |= ^= $= *= (quoted or bare values,
// optional 'i' flag), the four combinators, groups, :not(compound, ...), :first-/last-/only-child,
// :nth-child(), :nth-last-child(), the -of-type variants, :empty and :root.
// Supported XPath: XPath 1.0 location paths with every axis except namespace::, predicates,
// unions, operators, and the core function library (plus ends-with, lower-case and upper-case).
// Not supported: variables, namespaces, comments and processing instructions (the DOM drops them).
//
// Names: element and attribute names are matched case-insensitively in both syntaxes, because
// the DOM stores them lower-case (//DIV[@itemProp] works). Values are case-sensitive.
//
// Scope: matching sees `root` and its descendants only. If `root` is not the document node,
// a virtual document node whose only child is `root` plays XPath's "/", so /html/body works from
// <html>, //div and CSS selectors can match `root` itself, and no axis leaves the subtree.
//
// Cost: matching allocates per call and never recurses over the tree; descendant steps visit
// each node once however deeply the page is nested.
#ifndef PRESSOIR_EXTRACTORS_SELECTOR_H_
#define PRESSOIR_EXTRACTORS_SELECTOR_H_

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "extractors/dom.h"

namespace pressoir::selector {

// Thrown by Compile() only (never while matching). what() is one lower-case line naming the
// problem and the 1-based column, e.g. "unexpected ']' at column 7 in selector 'div]'".
class SelectorError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What of a document a selector can observe beyond its elements and their names, ids and
// classes, so that a filter that rewrites pages before parsing (html::StripNonText) knows what
// it must leave as written for the selector to match as on the page itself. Conservative: a
// construct whose effect is unclear sets a flag.
struct DocumentReads {
  // Attribute names (lower-case, sorted, unique) tested or read: CSS [a], XPath @a, lang().
  std::vector<std::string> attributes;
  bool all_attributes = false;  // @*, attribute::node(): any attribute may be read
  // Text nodes or the string value of elements may be read: XPath text() and node() tests that
  // reach text, element node-sets compared or passed to string functions (contains(., 'x')),
  // :empty. Whitespace, comments and the text of any element can then change the result.
  bool text = false;

  // Adds what `other` reads.
  void Merge(const DocumentReads& other);
};

class Selector {
 public:
  enum class Syntax { kAuto, kCss, kXPath };

  // Compiles `expression`. kAuto treats expressions that start with '/', './', '(' or 'id(' as
  // XPath and everything else as CSS. It also treats as XPath what can never be CSS: a leading
  // '..', '@', quote, digit or XPath function call (e.g. "substring-after(//title, '|')"); and
  // when CSS fails on an expression containing '/', '@' or '::' that parses as XPath (relative
  // paths such as "div[@class='x']//h3" from rule files), it compiles it as XPath.
  // Throws SelectorError on a syntax error, an unknown function, pseudo-class or axis, a wrong
  // argument count, or nesting deeper than 128 levels.
  static Selector Compile(std::string_view expression, Syntax syntax = Syntax::kAuto);

  // Nodes matching below (and including) `root`, in document order, without duplicates.
  // CSS selectors and XPath element paths return elements; XPath `/text()` returns text nodes;
  // XPath `/@attr` returns the elements that carry the attribute (see SelectStrings).
  // XPath expressions whose value is not a node-set (substring-after(...), count(...)) select
  // nothing. A null `root` selects nothing. Never throws SelectorError. The returned pointers
  // are owned by `root`'s Document; the tree must not change during the call.
  std::vector<dom::Node*> Select(dom::Node* root) const;

  // String values: attribute values for `/@attr` expressions, the node text for text nodes,
  // and dom::TextContent() of elements otherwise. In document order. An XPath expression with
  // a string, number or boolean value gives that one value as XPath's string() renders it
  // (none if it is the empty string), which is how rules such as
  // "substring-before(//title, '|')" produce a title.
  std::vector<std::string> SelectStrings(dom::Node* root) const;

  // The expression as written, for messages such as --explain output.
  const std::string& source() const { return source_; }
  bool is_xpath() const { return is_xpath_; }
  // What the selector can observe of a page (computed once, by Compile()).
  const DocumentReads& reads() const { return reads_; }

  // Opaque compiled form; public only so that selector.cc can define it.
  struct Program;

 private:
  Selector() = default;
  std::string source_;
  bool is_xpath_ = false;
  std::shared_ptr<const Program> program_;
  DocumentReads reads_;
};

}  // namespace pressoir::selector

#endif  // PRESSOIR_EXTRACTORS_SELECTOR_H_
