// What a compiled selector can observe of a page (see selector_reads.h).
#include "extractors/selector_reads.h"

#include <algorithm>
#include <string>

#include "base/ascii.h"

namespace pressoir::selector::internal {
namespace {

// Axes along which node() may select text nodes (the others select elements, the document node
// or attributes, or only what an earlier step selected).
bool ReachesText(Axis axis) {
  switch (axis) {
    case Axis::kChild:
    case Axis::kDescendant:
    case Axis::kDescendantOrSelf:
    case Axis::kFollowingSibling:
    case Axis::kPrecedingSibling:
    case Axis::kFollowing:
    case Axis::kPreceding:
      return true;
    case Axis::kSelf:
    case Axis::kParent:
    case Axis::kAncestor:
    case Axis::kAncestorOrSelf:
    case Axis::kAttribute:
      return false;
  }
  return true;
}

// True when the value of `expr` may be a node-set holding elements, text nodes or the document
// node, whose string values are their text: anything but a path that ends on the attribute axis.
bool MayHoldTextValues(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kUnion:
      return std::any_of(expr.operands.begin(), expr.operands.end(),
                         [](const ExprPtr& operand) { return MayHoldTextValues(*operand); });
    case ExprKind::kCall:
      return expr.function != nullptr && expr.function->function == Function::kId;
    case ExprKind::kPath:
      if (!expr.steps.empty()) return expr.steps.back().axis != Axis::kAttribute;
      return expr.filter == nullptr || MayHoldTextValues(*expr.filter);  // "/" is the document
    default:
      return false;
  }
}

// Functions that convert their arguments (or, called without one, the context node) to strings
// or numbers. The others take node-sets as such (count, name), booleans, or nothing.
bool ConvertsToString(Function function) {
  switch (function) {
    case Function::kLast:
    case Function::kPosition:
    case Function::kCount:
    case Function::kLocalName:
    case Function::kName:
    case Function::kBoolean:
    case Function::kNot:
    case Function::kTrue:
    case Function::kFalse:
      return false;
    default:
      return true;
  }
}

class Collector {
 public:
  explicit Collector(DocumentReads& reads) : reads_(reads) {}

  void Visit(const Expr& expr) {
    switch (expr.kind) {
      case ExprKind::kEqual:
      case ExprKind::kNotEqual:
      case ExprKind::kLess:
      case ExprKind::kLessEqual:
      case ExprKind::kGreater:
      case ExprKind::kGreaterEqual:
      case ExprKind::kAdd:
      case ExprKind::kSubtract:
      case ExprKind::kMultiply:
      case ExprKind::kDivide:
      case ExprKind::kModulo:
      case ExprKind::kNegate:
        // Comparisons and arithmetic read the string value of node-set operands (XPath §3.4).
        for (const ExprPtr& operand : expr.operands) {
          if (MayHoldTextValues(*operand)) reads_.text = true;
        }
        break;
      case ExprKind::kCall:
        if (expr.function == nullptr) break;
        if (expr.function->function == Function::kLang) {
          reads_.attributes.push_back("lang");  // lang() reads lang and xml:lang of ancestors
          reads_.attributes.push_back("xml:lang");
        }
        if (expr.function->function == Function::kId) reads_.attributes.push_back("id");
        if (ConvertsToString(expr.function->function)) {
          if (expr.operands.empty()) reads_.text = true;  // string(), normalize-space()...: the context node
          for (const ExprPtr& operand : expr.operands) {
            if (MayHoldTextValues(*operand)) reads_.text = true;
          }
        }
        break;
      case ExprKind::kPath:
        for (size_t i = 0; i < expr.steps.size(); ++i) VisitStep(expr.steps[i], i + 1 == expr.steps.size());
        for (const ExprPtr& predicate : expr.filter_predicates) Visit(*predicate);
        break;
      case ExprKind::kCss:
        VisitCompound(expr.compound);
        break;
      default:
        break;
    }
    for (const ExprPtr& operand : expr.operands) Visit(*operand);
    if (expr.filter != nullptr) Visit(*expr.filter);
  }

 private:
  void VisitStep(const Step& step, bool last) {
    if (step.axis == Axis::kAttribute) {
      if (step.test.kind == TestKind::kName) reads_.attributes.push_back(ascii::ToLower(step.test.name));
      if (step.test.kind == TestKind::kAnyName || step.test.kind == TestKind::kNode) reads_.all_attributes = true;
    } else if (step.test.kind == TestKind::kText) {
      reads_.text = true;
    } else if (step.test.kind == TestKind::kNode && ReachesText(step.axis)) {
      // "//" is descendant-or-self::node() followed by a step that selects elements from it;
      // text nodes are only seen when predicates run on them or the path ends there.
      const bool inner_double_slash = step.axis == Axis::kDescendantOrSelf && step.predicates.empty() && !last;
      if (!inner_double_slash) reads_.text = true;
    }
    for (const ExprPtr& predicate : step.predicates) Visit(*predicate);
  }

  void VisitCompound(const CssCompound& compound) {
    for (const CssCondition& condition : compound.conditions) {
      switch (condition.kind) {
        case CssCondition::Kind::kAttribute:
          reads_.attributes.push_back(ascii::ToLower(condition.name));
          break;
        case CssCondition::Kind::kEmpty:
          reads_.text = true;  // whitespace-only text makes an element non-empty
          break;
        case CssCondition::Kind::kNot:
          for (const CssCompound& negated : condition.negated) VisitCompound(negated);
          break;
        default:
          break;
      }
    }
  }

  DocumentReads& reads_;
};

}  // namespace

DocumentReads ComputeReads(const Expr& expr) {
  DocumentReads reads;
  Collector(reads).Visit(expr);
  DocumentReads sorted;  // Merge sorts the names and removes duplicates
  sorted.Merge(reads);
  return sorted;
}

}  // namespace pressoir::selector::internal
