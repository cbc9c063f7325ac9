// The compiled form of selectors (see selector_ast.h): the function library, expression
// constructors, static typing, and XPath's number syntax.
#include "extractors/selector_ast.h"

#include <charconv>
#include <limits>
#include <utility>

#include "base/ascii.h"

namespace pressoir::selector::internal {
namespace {

// XPath 1.0 core library (§4), plus ends-with, lower-case and upper-case from XPath 2.0: rule
// authors who know XPath 2 write them, and accepting them costs nothing.
constexpr FunctionInfo kFunctions[] = {
    {"last", Function::kLast, 0, 0, Type::kNumber, false},
    {"position", Function::kPosition, 0, 0, Type::kNumber, false},
    {"count", Function::kCount, 1, 1, Type::kNumber, true},
    {"id", Function::kId, 1, 1, Type::kNodeSet, false},
    {"local-name", Function::kLocalName, 0, 1, Type::kString, true},
    {"name", Function::kName, 0, 1, Type::kString, true},
    {"string", Function::kString, 0, 1, Type::kString, false},
    {"concat", Function::kConcat, 2, -1, Type::kString, false},
    {"starts-with", Function::kStartsWith, 2, 2, Type::kBoolean, false},
    {"ends-with", Function::kEndsWith, 2, 2, Type::kBoolean, false},
    {"contains", Function::kContains, 2, 2, Type::kBoolean, false},
    {"substring-before", Function::kSubstringBefore, 2, 2, Type::kString, false},
    {"substring-after", Function::kSubstringAfter, 2, 2, Type::kString, false},
    {"substring", Function::kSubstring, 2, 3, Type::kString, false},
    {"string-length", Function::kStringLength, 0, 1, Type::kNumber, false},
    {"normalize-space", Function::kNormalizeSpace, 0, 1, Type::kString, false},
    {"translate", Function::kTranslate, 3, 3, Type::kString, false},
    {"boolean", Function::kBoolean, 1, 1, Type::kBoolean, false},
    {"not", Function::kNot, 1, 1, Type::kBoolean, false},
    {"true", Function::kTrue, 0, 0, Type::kBoolean, false},
    {"false", Function::kFalse, 0, 0, Type::kBoolean, false},
    {"lang", Function::kLang, 1, 1, Type::kBoolean, false},
    {"number", Function::kNumber, 0, 1, Type::kNumber, false},
    {"sum", Function::kSum, 1, 1, Type::kNumber, true},
    {"floor", Function::kFloor, 1, 1, Type::kNumber, false},
    {"ceiling", Function::kCeiling, 1, 1, Type::kNumber, false},
    {"round", Function::kRound, 1, 1, Type::kNumber, false},
    {"lower-case", Function::kLowerCase, 1, 1, Type::kString, false},
    {"upper-case", Function::kUpperCase, 1, 1, Type::kString, false},
};
}  // namespace

const FunctionInfo* FindFunction(std::string_view name) {
  for (const FunctionInfo& info : kFunctions) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

ExprPtr MakeExpr(ExprKind kind) {
  auto expr = std::make_unique<Expr>();
  expr->kind = kind;
  return expr;
}

ExprPtr MakeBinary(ExprKind kind, ExprPtr left, ExprPtr right) {
  ExprPtr expr = MakeExpr(kind);
  expr->operands.push_back(std::move(left));
  expr->operands.push_back(std::move(right));
  return expr;
}

Type StaticType(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kOr:
    case ExprKind::kAnd:
    case ExprKind::kEqual:
    case ExprKind::kNotEqual:
    case ExprKind::kLess:
    case ExprKind::kLessEqual:
    case ExprKind::kGreater:
    case ExprKind::kGreaterEqual:
    case ExprKind::kCss:
      return Type::kBoolean;
    case ExprKind::kAdd:
    case ExprKind::kSubtract:
    case ExprKind::kMultiply:
    case ExprKind::kDivide:
    case ExprKind::kModulo:
    case ExprKind::kNegate:
    case ExprKind::kNumber:
      return Type::kNumber;
    case ExprKind::kLiteral:
      return Type::kString;
    case ExprKind::kCall:
      return expr.function->result;
    case ExprKind::kUnion:
    case ExprKind::kPath:
      return Type::kNodeSet;
  }
  return Type::kBoolean;
}

bool UsesContextPosition(const Expr& expr) {
  if (expr.kind == ExprKind::kCall &&
      (expr.function->function == Function::kLast || expr.function->function == Function::kPosition)) {
    return true;
  }
  for (const ExprPtr& operand : expr.operands) {
    if (UsesContextPosition(*operand)) return true;
  }
  return expr.filter != nullptr && UsesContextPosition(*expr.filter);
}

bool IsPositionalPredicate(const Expr& predicate) {
  return StaticType(predicate) == Type::kNumber || UsesContextPosition(predicate);
}

double StringToNumber(std::string_view text) {
  text = ascii::TrimIf(text, IsXmlSpace);
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  int digits = 0;
  int dots = 0;
  for (char c : text) {
    if (ascii::IsDigit(c)) {
      ++digits;
    } else if (c == '.') {
      ++dots;
    } else {
      return std::numeric_limits<double>::quiet_NaN();
    }
  }
  if (digits == 0 || dots > 1) return std::numeric_limits<double>::quiet_NaN();
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return negative ? -value : value;
}

}  // namespace pressoir::selector::internal
