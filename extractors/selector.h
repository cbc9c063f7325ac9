// Selectors over the extractors' DOM: CSS selectors and the XPath 1.0 subset that real site
// rules use (FiveFilters Full-Text RSS rules are XPath; hand-written pressoir rules are mostly CSS).
//
// A Selector is compiled once (when a rule file is loaded) and matched against many pages.
// Compiled selectors are immutable and safe to use from several threads at once.
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

class Selector {
 public:
  enum class Syntax { kAuto, kCss, kXPath };

  // Compiles `expression`. kAuto treats expressions that start with '/', './', '(' or 'id(' as
  // XPath and everything else as CSS. Throws SelectorError on a syntax error.
  static Selector Compile(std::string_view expression, Syntax syntax = Syntax::kAuto);

  // Nodes matching below (and including) `root`, in document order, without duplicates.
  // CSS selectors and XPath element paths return elements; XPath `/text()` returns text nodes;
  // XPath `/@attr` returns the elements that carry the attribute (see SelectStrings).
  std::vector<dom::Node*> Select(dom::Node* root) const;

  // String values: attribute values for `/@attr` expressions, the node text for text nodes,
  // and dom::TextContent() of elements otherwise. In document order.
  std::vector<std::string> SelectStrings(dom::Node* root) const;

  // The expression as written, for messages such as --explain output.
  const std::string& source() const { return source_; }
  bool is_xpath() const { return is_xpath_; }

  // Opaque compiled form; public only so that selector.cc can define it.
  struct Program;

 private:
  Selector() = default;
  std::string source_;
  bool is_xpath_ = false;
  std::shared_ptr<const Program> program_;
};

}  // namespace pressoir::selector

#endif  // PRESSOIR_EXTRACTORS_SELECTOR_H_
