// Internal to the selector engine (selector.h); included only by the engine's own files
// (selector.cc, selector_ast.cc, selector_parsing.h, css_parser.*, xpath_parser.*,
// selector_eval.*). Not part of any API: nothing else in pressoir may include it.
//
// The compiled form of a selector, which both parsers produce and the evaluator runs: one
// expression tree for both syntaxes. CSS is translated into XPath-style location steps (a
// descendant combinator becomes a descendant:: step, '>' a child:: step, '+'
// following-sibling::*[1], '~' following-sibling::*), each filtered by a native compound-selector
// test (ExprKind::kCss), so one evaluator serves both. Also here: the XPath function library
// with its arities and result types, the static type of an expression, and the XPath whitespace
// and number syntax that compiled literals and the evaluator's conversions share.
//
// A compiled tree is immutable once Compile() returns, and is shared by copies of a Selector
// across threads.
#ifndef PRESSOIR_EXTRACTORS_SELECTOR_AST_H_
#define PRESSOIR_EXTRACTORS_SELECTOR_AST_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pressoir::selector::internal {

// Parentheses, predicates, function calls and :not() deeper than this are rejected, which bounds
// the recursion of the parser and of the evaluator whatever a rule file contains.
inline constexpr int kMaxNesting = 128;

enum class Axis {
  kChild,
  kDescendant,
  kDescendantOrSelf,
  kSelf,
  kParent,
  kAncestor,
  kAncestorOrSelf,
  kFollowingSibling,
  kPrecedingSibling,
  kFollowing,
  kPreceding,
  kAttribute,
};

// Reverse axes number their nodes nearest-first for predicates (XPath 1.0 §2.4).
inline bool IsReverseAxis(Axis axis) {
  return axis == Axis::kParent || axis == Axis::kAncestor || axis == Axis::kAncestorOrSelf ||
         axis == Axis::kPrecedingSibling || axis == Axis::kPreceding;
}

enum class TestKind { kName, kAnyName, kText, kNode, kNever };

struct NodeTest {
  TestKind kind = TestKind::kNode;
  std::string name;  // kName only; lower-case because the DOM is
};

enum class AttrOp { kExists, kEquals, kIncludes, kDashMatch, kPrefix, kSuffix, kSubstring };

struct CssCompound;

// One simple selector of a CSS compound selector other than the type selector.
struct CssCondition {
  enum class Kind { kId, kClass, kAttribute, kNth, kEmpty, kRoot, kNot };
  Kind kind = Kind::kId;
  std::string name;  // id, class or attribute name
  std::string value;
  AttrOp op = AttrOp::kExists;
  bool ignore_case = false;  // [attr=v i]
  int a = 0;                 // :nth-*(an+b)
  int b = 0;
  bool of_type = false;              // :nth-of-type and friends
  bool from_end = false;             // :nth-last-* and :last-*
  std::vector<CssCompound> negated;  // :not(a, b)
};

struct CssCompound {
  std::string tag;  // lower-case; empty matches every element
  std::vector<CssCondition> conditions;
};

enum class Function {
  kLast,
  kPosition,
  kCount,
  kId,
  kLocalName,
  kName,
  kString,
  kConcat,
  kStartsWith,
  kEndsWith,
  kContains,
  kSubstringBefore,
  kSubstringAfter,
  kSubstring,
  kStringLength,
  kNormalizeSpace,
  kTranslate,
  kBoolean,
  kNot,
  kTrue,
  kFalse,
  kLang,
  kNumber,
  kSum,
  kFloor,
  kCeiling,
  kRound,
  kLowerCase,
  kUpperCase,
};

enum class Type { kNodeSet, kString, kNumber, kBoolean };

struct FunctionInfo {
  std::string_view name;
  Function function;
  int min_args;
  int max_args;  // -1: unbounded
  Type result;
  bool wants_node_set;  // the (optional) argument must be a node-set
};
// The XPath 1.0 core library (§4) plus three XPath 2.0 functions; nullptr for other names.
const FunctionInfo* FindFunction(std::string_view name);

enum class ExprKind {
  kOr,
  kAnd,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kModulo,
  kNegate,
  kUnion,
  kLiteral,
  kNumber,
  kCall,
  kPath,
  kCss,  // a CSS compound selector tested against the context node
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Step {
  Axis axis = Axis::kChild;
  NodeTest test;
  std::vector<ExprPtr> predicates;
  // Some predicate depends on the position of the node within the step. When none does, the
  // evaluator may skip redundant context nodes (see EvaluateStep).
  bool positional = false;
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  std::vector<ExprPtr> operands;  // operators and function arguments
  std::string literal;
  double number = 0;
  const FunctionInfo* function = nullptr;
  // kPath: either `filter` (a primary expression, then `filter_predicates`) or a location path
  // from the root (`absolute`) or from the context node, followed by `steps`.
  ExprPtr filter;
  std::vector<ExprPtr> filter_predicates;
  bool absolute = false;
  std::vector<Step> steps;
  CssCompound compound;  // kCss
};
ExprPtr MakeExpr(ExprKind kind);
ExprPtr MakeBinary(ExprKind kind, ExprPtr left, ExprPtr right);

// The type of the value `expr` evaluates to, known without evaluating it.
Type StaticType(const Expr& expr);

// True when `expr` calls position() or last() for its own context (calls inside the predicates
// of nested steps have a context of their own and do not count).
bool UsesContextPosition(const Expr& expr);

// A numeric predicate means [position() = n] (XPath 1.0 §2.4).
bool IsPositionalPredicate(const Expr& predicate);

// XPath's whitespace (S production of XML 1.0): space, tab, CR, LF. Not HTML's set (no form
// feed), so not ascii::IsHtmlSpace; base/ascii.h has no name for it.
constexpr bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// XPath 1.0 §4.4 number(): optional minus, digits with at most one '.', surrounding whitespace;
// NaN for anything else. Number literals of an expression are read with it too.
double StringToNumber(std::string_view text);

}  // namespace pressoir::selector::internal

#endif  // PRESSOIR_EXTRACTORS_SELECTOR_AST_H_
