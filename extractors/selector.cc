// Selector engine (see selector.h), the public entry: Compile() picks the syntax and runs the
// CSS or XPath parser (css_parser.h, xpath_parser.h), which both produce the one expression tree
// of selector_ast.h; Select() and SelectStrings() hand it to the evaluator (selector_eval.h).
// The engine's other files are internal to it.
#include "extractors/selector.h"

#include <algorithm>
#include <utility>

#include "base/ascii.h"
#include "extractors/css_parser.h"
#include "extractors/selector_ast.h"
#include "extractors/selector_eval.h"
#include "extractors/selector_reads.h"
#include "extractors/xpath_parser.h"

namespace pressoir::selector {

struct Selector::Program {
  internal::ExprPtr expr;
};

Selector Selector::Compile(std::string_view expression, Syntax syntax) {
  Selector selector;
  selector.source_ = std::string(expression);
  auto program = std::make_shared<Program>();
  std::string_view trimmed = expression;
  while (!trimmed.empty() && ascii::IsHtmlSpace(trimmed.front())) trimmed.remove_prefix(1);
  const bool automatic = syntax == Syntax::kAuto;
  if (automatic) syntax = internal::LooksLikeXPath(trimmed) ? Syntax::kXPath : Syntax::kCss;
  if (syntax == Syntax::kXPath) {
    program->expr = internal::ParseXPath(expression);
    selector.is_xpath_ = true;
  } else {
    try {
      program->expr = internal::ParseCss(expression);
    } catch (const SelectorError& css_error) {
      // Relative XPath without a leading slash (div[@class='x']//h3) appears in real rule
      // files; accept it under kAuto when it has XPath-only syntax and parses. Without such a
      // marker a CSS typo like a:hovr would "succeed" as the XPath QName a:hovr and silently
      // match nothing, so the CSS error is reported instead.
      const bool has_xpath_marker =
          expression.find_first_of("/@") != std::string_view::npos || expression.find("::") != std::string_view::npos;
      if (!automatic || !has_xpath_marker) throw;
      try {
        program->expr = internal::ParseXPath(expression);
        selector.is_xpath_ = true;
      } catch (const SelectorError&) {
        throw css_error;
      }
    }
  }
  selector.reads_ = internal::ComputeReads(*program->expr);
  selector.program_ = std::move(program);
  return selector;
}

void DocumentReads::Merge(const DocumentReads& other) {
  attributes.insert(attributes.end(), other.attributes.begin(), other.attributes.end());
  std::sort(attributes.begin(), attributes.end());
  attributes.erase(std::unique(attributes.begin(), attributes.end()), attributes.end());
  all_attributes = all_attributes || other.all_attributes;
  text = text || other.text;
}

std::vector<dom::Node*> Selector::Select(dom::Node* root) const {
  if (root == nullptr || program_ == nullptr) return {};
  return internal::SelectNodes(*program_->expr, root);
}

std::vector<std::string> Selector::SelectStrings(dom::Node* root) const {
  if (root == nullptr || program_ == nullptr) return {};
  return internal::SelectStrings(*program_->expr, root);
}

}  // namespace pressoir::selector
