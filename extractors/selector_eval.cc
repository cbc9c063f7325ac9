// Evaluator of the selector engine (see selector_eval.h): XPath 1.0's data model (node-sets,
// strings, numbers, booleans and their conversions), location steps over the DOM, CSS compound
// tests, and the function library.
#include "extractors/selector_eval.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "base/ascii.h"

namespace pressoir::selector::internal {
namespace {

// normalize-space() (XPath 1.0 §4.2): runs of XPath whitespace become one space, none at the ends.
std::string NormalizeSpace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (IsXmlSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

// Splits UTF-8 into code points: XPath counts characters, not bytes (substring(), translate()).
std::vector<std::string_view> CodePoints(std::string_view text) {
  std::vector<std::string_view> points;
  size_t start = 0;
  for (size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      points.push_back(text.substr(start, i - start));
      start = i;
    }
  }
  return points;
}

// XPath 1.0 §4.2 string(number): no exponent, integers without a decimal point.
std::string NumberToString(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  char buffer[512];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed);
  return std::string(buffer, result.ptr);
}

// XPath round(): nearest integer, halves towards positive infinity.
double XPathRound(double value) {
  if (std::isnan(value) || std::isinf(value)) return value;
  return std::floor(value + 0.5);
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

// A node of the XPath data model: a DOM node, or attribute `attr` of element `node`.
struct Item {
  dom::Node* node = nullptr;
  int attr = -1;

  bool operator==(const Item& other) const { return node == other.node && attr == other.attr; }
};

using NodeSet = std::vector<Item>;

struct Value {
  Type type = Type::kNodeSet;
  NodeSet nodes;  // always in document order without duplicates
  std::string string;
  double number = 0;
  bool boolean = false;

  static Value Nodes(NodeSet nodes) {
    Value value;
    value.nodes = std::move(nodes);
    return value;
  }
  static Value String(std::string string) {
    Value value;
    value.type = Type::kString;
    value.string = std::move(string);
    return value;
  }
  static Value Number(double number) {
    Value value;
    value.type = Type::kNumber;
    value.number = number;
    return value;
  }
  static Value Boolean(bool boolean) {
    Value value;
    value.type = Type::kBoolean;
    value.boolean = boolean;
    return value;
  }
};

struct Context {
  Item item;
  size_t position = 1;
  size_t size = 1;
};

// Sibling counts for :nth-child() and friends, cached per Select() call.
struct SiblingInfo {
  int index = 1;
  int count = 1;
  int type_index = 1;
  int type_count = 1;
};

// Evaluates one compiled expression against one tree, with the scope rules of selector_eval.h
// (top_ plays "/"). Lives for one SelectNodes() or SelectStrings() call.
class Evaluator {
 public:
  explicit Evaluator(dom::Node* root) : root_(root) {
    if (root->kind == dom::NodeKind::kDocument) {
      top_ = root;
    } else {
      virtual_document_.kind = dom::NodeKind::kDocument;
      virtual_document_.children.push_back(root);
      top_ = &virtual_document_;
    }
  }
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  Value Evaluate(const Expr& expr) { return Eval(expr, Context{Item{root_}, 1, 1}); }

  bool IsVirtual(const dom::Node* node) const { return node == &virtual_document_; }

  std::string StringValue(const Item& item) const {
    if (item.attr >= 0) {
      const auto& attributes = item.node->attributes;
      const auto index = static_cast<size_t>(item.attr);
      return index < attributes.size() ? attributes[index].value : std::string();
    }
    if (item.node->IsText()) return item.node->text;
    return dom::TextContent(item.node);
  }

  std::string ToString(const Value& value) const {
    switch (value.type) {
      case Type::kNodeSet:
        return value.nodes.empty() ? std::string() : StringValue(value.nodes.front());
      case Type::kString:
        return value.string;
      case Type::kNumber:
        return NumberToString(value.number);
      case Type::kBoolean:
        return value.boolean ? "true" : "false";
    }
    return std::string();
  }

 private:
  dom::Node* Parent(const dom::Node* node) const {
    if (node == top_) return nullptr;
    if (node == root_) return top_;
    return node->parent;
  }

  double ToNumber(const Value& value) const {
    switch (value.type) {
      case Type::kNumber:
        return value.number;
      case Type::kBoolean:
        return value.boolean ? 1 : 0;
      default:
        return StringToNumber(ToString(value));
    }
  }

  static bool ToBoolean(const Value& value) {
    switch (value.type) {
      case Type::kNodeSet:
        return !value.nodes.empty();
      case Type::kString:
        return !value.string.empty();
      case Type::kNumber:
        return value.number != 0 && !std::isnan(value.number);
      case Type::kBoolean:
        return value.boolean;
    }
    return false;
  }

  // --- Document order. Built lazily: most selectors run from one context and never need it.

  void EnsureIndex() {
    if (indexed_) return;
    indexed_ = true;
    dom::Walk(top_, [&](dom::Node* node) {
      preorder_index_.emplace(node, static_cast<uint32_t>(preorder_.size()));
      preorder_.push_back(node);
      return true;
    });
    // Subtree sizes from the leaves up (reverse pre-order visits children before parents).
    std::vector<uint32_t> size(preorder_.size(), 1);
    for (size_t i = preorder_.size(); i-- > 1;) size[Pre(Parent(preorder_[i]))] += size[i];
    subtree_end_.resize(preorder_.size());
    for (size_t i = 0; i < preorder_.size(); ++i) {
      subtree_end_[i] = static_cast<uint32_t>(i) + size[i] - 1;
    }
  }

  uint32_t Pre(const dom::Node* node) const {
    auto it = preorder_index_.find(node);
    assert(it != preorder_index_.end() && "node outside the selector's scope");
    return it == preorder_index_.end() ? 0 : it->second;
  }

  uint32_t SubtreeEnd(const dom::Node* node) const { return subtree_end_[Pre(node)]; }

  // Sorts into document order (attributes right after their element, §5) and drops duplicates.
  void SortUnique(NodeSet* nodes) {
    if (nodes->size() < 2) return;
    EnsureIndex();
    std::vector<std::pair<std::pair<uint32_t, int>, Item>> keyed;
    keyed.reserve(nodes->size());
    for (const Item& item : *nodes) keyed.push_back({{Pre(item.node), item.attr}, item});
    std::sort(keyed.begin(), keyed.end(), [](const auto& left, const auto& right) { return left.first < right.first; });
    nodes->clear();
    for (const auto& [key, item] : keyed) {
      if (nodes->empty() || !(nodes->back() == item)) nodes->push_back(item);
    }
  }

  // --- Location steps.

  static bool MatchesTest(const NodeTest& test, const dom::Node* node) {
    switch (test.kind) {
      case TestKind::kName:
        return node->IsElement() && node->tag == test.name;
      case TestKind::kAnyName:
        return node->IsElement();
      case TestKind::kText:
        return node->IsText();
      case TestKind::kNode:
        return true;
      case TestKind::kNever:
        return false;
    }
    return false;
  }

  // Appends the nodes on `axis` from `item` that pass `test`, in axis order (nearest first on
  // reverse axes).
  void CollectAxis(Axis axis, const NodeTest& test, const Item& item, NodeSet* out) {
    dom::Node* node = item.node;
    const bool is_attribute = item.attr >= 0;
    auto add = [&](dom::Node* candidate) {
      if (MatchesTest(test, candidate)) out->push_back(Item{candidate});
    };
    // On every axis but attribute the principal node type is element (§2.3), so an attribute
    // reached through self:: or ancestor-or-self:: passes node() only.
    auto add_self_attribute = [&] {
      if (test.kind == TestKind::kNode) out->push_back(item);
    };
    switch (axis) {
      case Axis::kSelf:
        is_attribute ? add_self_attribute() : add(node);
        break;
      case Axis::kChild:
        if (is_attribute) break;
        for (dom::Node* child : node->children) add(child);
        break;
      case Axis::kDescendant:
      case Axis::kDescendantOrSelf:
        if (is_attribute) {
          if (axis == Axis::kDescendantOrSelf) add_self_attribute();
          break;
        }
        dom::Walk(node, [&](dom::Node* candidate) {
          if (candidate != node || axis == Axis::kDescendantOrSelf) add(candidate);
          return true;
        });
        break;
      case Axis::kParent: {
        dom::Node* parent = is_attribute ? node : Parent(node);
        if (parent != nullptr) add(parent);
        break;
      }
      case Axis::kAncestorOrSelf:
      case Axis::kAncestor: {
        if (axis == Axis::kAncestorOrSelf) is_attribute ? add_self_attribute() : add(node);
        for (dom::Node* up = is_attribute ? node : Parent(node); up != nullptr; up = Parent(up)) {
          add(up);
        }
        break;
      }
      case Axis::kFollowingSibling:
      case Axis::kPrecedingSibling: {
        dom::Node* parent = is_attribute ? nullptr : Parent(node);
        if (parent == nullptr) break;
        const auto& siblings = parent->children;
        const auto it = std::find(siblings.begin(), siblings.end(), node);
        if (it == siblings.end()) break;
        if (axis == Axis::kFollowingSibling) {
          for (auto next = it + 1; next != siblings.end(); ++next) add(*next);
        } else {
          for (auto previous = std::make_reverse_iterator(it); previous != siblings.rend(); ++previous) {
            add(*previous);
          }
        }
        break;
      }
      case Axis::kFollowing: {
        EnsureIndex();
        // An attribute's following nodes include its element's children.
        const uint32_t first = is_attribute ? Pre(node) + 1 : SubtreeEnd(node) + 1;
        for (size_t i = first; i < preorder_.size(); ++i) add(preorder_[i]);
        break;
      }
      case Axis::kPreceding: {
        EnsureIndex();
        const uint32_t self = Pre(node);
        for (uint32_t i = self; i-- > 0;) {
          if (subtree_end_[i] >= self) continue;  // an ancestor, not a preceding node
          add(preorder_[i]);
        }
        break;
      }
      case Axis::kAttribute:
        if (is_attribute || !node->IsElement()) break;
        for (size_t i = 0; i < node->attributes.size(); ++i) {
          const bool matches = test.kind == TestKind::kAnyName || test.kind == TestKind::kNode ||
                               (test.kind == TestKind::kName && node->attributes[i].name == test.name);
          if (matches) out->push_back(Item{node, static_cast<int>(i)});
        }
        break;
    }
  }

  bool PredicateHolds(const Expr& predicate, const Context& context) {
    if (predicate.kind == ExprKind::kNumber) {
      return static_cast<double>(context.position) == predicate.number;
    }
    const Value value = Eval(predicate, context);
    if (value.type == Type::kNumber) return static_cast<double>(context.position) == value.number;
    return ToBoolean(value);
  }

  // Filters `nodes` (in axis order) through each predicate in turn; positions restart per
  // predicate (§2.4).
  void ApplyPredicates(const std::vector<ExprPtr>& predicates, NodeSet* nodes) {
    for (const ExprPtr& predicate : predicates) {
      NodeSet kept;
      const size_t size = nodes->size();
      for (size_t i = 0; i < size; ++i) {
        if (PredicateHolds(*predicate, Context{(*nodes)[i], i + 1, size})) kept.push_back((*nodes)[i]);
      }
      *nodes = std::move(kept);
      if (nodes->empty()) return;
    }
  }

  NodeSet EvaluateStep(const Step& step, const NodeSet& contexts) {
    NodeSet out;
    NodeSet candidates;
    const bool descendant_axis = step.axis == Axis::kDescendant || step.axis == Axis::kDescendantOrSelf;
    const bool all_elements =
        std::all_of(contexts.begin(), contexts.end(), [](const Item& item) { return item.attr < 0; });
    if (descendant_axis && !step.positional && contexts.size() > 1 && all_elements) {
      // Contexts are in document order. Without positional predicates, a context inside a
      // subtree already walked adds nothing, so each node is visited once: `div p` over
      // 100,000 nested divs stays linear, and the output is already ordered and unique.
      EnsureIndex();
      bool walked = false;
      uint32_t walked_end = 0;
      for (const Item& context : contexts) {
        const uint32_t pre = Pre(context.node);
        if (walked && pre <= walked_end) continue;
        candidates.clear();
        CollectAxis(step.axis, step.test, context, &candidates);
        ApplyPredicates(step.predicates, &candidates);
        out.insert(out.end(), candidates.begin(), candidates.end());
        walked = true;
        walked_end = subtree_end_[pre];
      }
      return out;
    }
    // Likewise the following siblings of the earliest context under a parent include those of
    // all later ones (CSS `p ~ p` over long sibling lists).
    std::unordered_set<const dom::Node*> parents_done;
    const bool skip_later_siblings = step.axis == Axis::kFollowingSibling && !step.positional;
    for (const Item& context : contexts) {
      if (skip_later_siblings && context.attr < 0) {
        const dom::Node* parent = Parent(context.node);
        if (parent != nullptr && !parents_done.insert(parent).second) continue;
      }
      candidates.clear();
      CollectAxis(step.axis, step.test, context, &candidates);
      ApplyPredicates(step.predicates, &candidates);
      if (IsReverseAxis(step.axis)) std::reverse(candidates.begin(), candidates.end());
      out.insert(out.end(), candidates.begin(), candidates.end());
    }
    if (contexts.size() > 1) SortUnique(&out);
    return out;
  }

  NodeSet EvaluatePath(const Expr& path, const Context& context) {
    NodeSet nodes;
    if (path.filter != nullptr) {
      Value value = Eval(*path.filter, context);
      if (value.type != Type::kNodeSet) return {};  // rejected by Compile(); defensive
      nodes = std::move(value.nodes);
      ApplyPredicates(path.filter_predicates, &nodes);
    } else if (path.absolute) {
      nodes.push_back(Item{top_});
    } else {
      nodes.push_back(context.item);
    }
    for (const Step& step : path.steps) {
      if (nodes.empty()) break;
      nodes = EvaluateStep(step, nodes);
    }
    return nodes;
  }

  // --- CSS compound selectors.

  const SiblingInfo& Siblings(dom::Node* node) {
    auto found = siblings_.find(node);
    if (found != siblings_.end()) return found->second;
    dom::Node* parent = Parent(node);
    if (parent == nullptr) return siblings_[node];
    // Number all element siblings at once so that each parent is scanned once per call.
    std::unordered_map<std::string_view, int> type_counts;
    int count = 0;
    for (dom::Node* child : parent->children) {
      if (!child->IsElement()) continue;
      SiblingInfo& info = siblings_[child];
      info.index = ++count;
      info.type_index = ++type_counts[child->tag];
    }
    for (dom::Node* child : parent->children) {
      if (!child->IsElement()) continue;
      SiblingInfo& info = siblings_[child];
      info.count = count;
      info.type_count = type_counts[child->tag];
    }
    return siblings_[node];
  }

  static bool NthMatches(int a, int b, int index) {
    if (a == 0) return index == b;
    const int offset = index - b;
    return offset % a == 0 && offset / a >= 0;
  }

  static bool AttributeMatches(const CssCondition& condition, const std::string& actual) {
    const std::string lowered = condition.ignore_case ? ascii::ToLower(actual) : std::string();
    const std::string_view value = condition.ignore_case ? lowered : actual;
    const std::string_view wanted = condition.value;
    switch (condition.op) {
      case AttrOp::kExists:
        return true;
      case AttrOp::kEquals:
        return value == wanted;
      case AttrOp::kIncludes: {
        if (wanted.empty() || wanted.find_first_of(" \t\n\r\f") != std::string_view::npos) return false;
        size_t start = 0;
        while (start < value.size()) {
          const size_t end = std::min(value.find_first_of(" \t\n\r\f", start), value.size());
          if (value.substr(start, end - start) == wanted) return true;
          start = end + 1;
        }
        return false;
      }
      case AttrOp::kDashMatch:
        return value == wanted ||
               (value.starts_with(wanted) && value.size() > wanted.size() && value[wanted.size()] == '-');
      case AttrOp::kPrefix:
        return !wanted.empty() && value.starts_with(wanted);
      case AttrOp::kSuffix:
        return !wanted.empty() && value.ends_with(wanted);
      case AttrOp::kSubstring:
        return !wanted.empty() && value.find(wanted) != std::string_view::npos;
    }
    return false;
  }

  bool MatchesCondition(const CssCondition& condition, dom::Node* node) {
    switch (condition.kind) {
      case CssCondition::Kind::kId: {
        const std::string* id = node->Attr("id");
        return id != nullptr && *id == condition.name;
      }
      case CssCondition::Kind::kClass:
        return node->HasClass(condition.name);
      case CssCondition::Kind::kAttribute: {
        const std::string* value = node->Attr(condition.name);
        return value != nullptr && AttributeMatches(condition, *value);
      }
      case CssCondition::Kind::kNth: {
        const SiblingInfo& info = Siblings(node);
        const int index = condition.of_type ? info.type_index : info.index;
        const int count = condition.of_type ? info.type_count : info.count;
        return NthMatches(condition.a, condition.b, condition.from_end ? count - index + 1 : index);
      }
      case CssCondition::Kind::kEmpty:
        return std::none_of(node->children.begin(), node->children.end(), [](const dom::Node* child) {
          return child->IsElement() || (child->IsText() && !child->text.empty());
        });
      case CssCondition::Kind::kRoot: {
        const dom::Node* parent = Parent(node);
        return parent != nullptr && parent->kind == dom::NodeKind::kDocument;
      }
      case CssCondition::Kind::kNot:
        for (const CssCompound& negated : condition.negated) {
          if (MatchesCompound(negated, node)) return false;
        }
        return true;
    }
    return false;
  }

  bool MatchesCompound(const CssCompound& compound, dom::Node* node) {
    if (!node->IsElement()) return false;
    if (!compound.tag.empty() && node->tag != compound.tag) return false;
    for (const CssCondition& condition : compound.conditions) {
      if (!MatchesCondition(condition, node)) return false;
    }
    return true;
  }

  // --- Expressions.

  // XPath 1.0 §3.4: comparisons involving node-sets hold if they hold for some member.
  bool Compare(ExprKind op, const Value& left, const Value& right) {
    if (left.type == Type::kNodeSet && right.type == Type::kNodeSet) {
      std::vector<std::string> right_strings;
      for (const Item& item : right.nodes) right_strings.push_back(StringValue(item));
      for (const Item& item : left.nodes) {
        const Value left_string = Value::String(StringValue(item));
        for (const std::string& right_string : right_strings) {
          if (CompareAtoms(op, left_string, Value::String(right_string))) return true;
        }
      }
      return false;
    }
    if (left.type == Type::kNodeSet || right.type == Type::kNodeSet) {
      const bool set_on_left = left.type == Type::kNodeSet;
      const Value& set = set_on_left ? left : right;
      const Value& other = set_on_left ? right : left;
      if (other.type == Type::kBoolean) {
        const Value as_boolean = Value::Boolean(ToBoolean(set));
        return set_on_left ? CompareAtoms(op, as_boolean, other) : CompareAtoms(op, other, as_boolean);
      }
      for (const Item& item : set.nodes) {
        const Value member = Value::String(StringValue(item));
        if (set_on_left ? CompareAtoms(op, member, other) : CompareAtoms(op, other, member)) return true;
      }
      return false;
    }
    return CompareAtoms(op, left, right);
  }

  bool CompareAtoms(ExprKind op, const Value& left, const Value& right) const {
    if (op == ExprKind::kEqual || op == ExprKind::kNotEqual) {
      bool equal;
      if (left.type == Type::kBoolean || right.type == Type::kBoolean) {
        equal = ToBoolean(left) == ToBoolean(right);
      } else if (left.type == Type::kNumber || right.type == Type::kNumber) {
        equal = ToNumber(left) == ToNumber(right);
      } else {
        equal = ToString(left) == ToString(right);
      }
      return op == ExprKind::kEqual ? equal : !equal;
    }
    const double l = ToNumber(left);
    const double r = ToNumber(right);
    switch (op) {
      case ExprKind::kLess:
        return l < r;
      case ExprKind::kLessEqual:
        return l <= r;
      case ExprKind::kGreater:
        return l > r;
      default:
        return l >= r;
    }
  }

  Value Eval(const Expr& expr, const Context& context) {
    switch (expr.kind) {
      case ExprKind::kOr:
        return Value::Boolean(ToBoolean(Eval(*expr.operands[0], context)) ||
                              ToBoolean(Eval(*expr.operands[1], context)));
      case ExprKind::kAnd:
        return Value::Boolean(ToBoolean(Eval(*expr.operands[0], context)) &&
                              ToBoolean(Eval(*expr.operands[1], context)));
      case ExprKind::kEqual:
      case ExprKind::kNotEqual:
      case ExprKind::kLess:
      case ExprKind::kLessEqual:
      case ExprKind::kGreater:
      case ExprKind::kGreaterEqual:
        return Value::Boolean(Compare(expr.kind, Eval(*expr.operands[0], context), Eval(*expr.operands[1], context)));
      case ExprKind::kAdd:
      case ExprKind::kSubtract:
      case ExprKind::kMultiply:
      case ExprKind::kDivide:
      case ExprKind::kModulo: {
        const double l = ToNumber(Eval(*expr.operands[0], context));
        const double r = ToNumber(Eval(*expr.operands[1], context));
        switch (expr.kind) {
          case ExprKind::kAdd:
            return Value::Number(l + r);
          case ExprKind::kSubtract:
            return Value::Number(l - r);
          case ExprKind::kMultiply:
            return Value::Number(l * r);
          case ExprKind::kDivide:
            return Value::Number(l / r);
          default:
            return Value::Number(std::fmod(l, r));  // truncating, as §3.5 asks
        }
      }
      case ExprKind::kNegate:
        return Value::Number(-ToNumber(Eval(*expr.operands[0], context)));
      case ExprKind::kUnion: {
        NodeSet nodes;
        for (const ExprPtr& operand : expr.operands) {
          Value value = Eval(*operand, context);
          if (value.type != Type::kNodeSet) continue;
          nodes.insert(nodes.end(), value.nodes.begin(), value.nodes.end());
        }
        if (expr.operands.size() > 1) SortUnique(&nodes);
        return Value::Nodes(std::move(nodes));
      }
      case ExprKind::kLiteral:
        return Value::String(expr.literal);
      case ExprKind::kNumber:
        return Value::Number(expr.number);
      case ExprKind::kCall:
        return Call(expr, context);
      case ExprKind::kPath:
        return Value::Nodes(EvaluatePath(expr, context));
      case ExprKind::kCss:
        return Value::Boolean(context.item.attr < 0 && MatchesCompound(expr.compound, context.item.node));
    }
    return Value::Boolean(false);
  }

  Value Call(const Expr& call, const Context& context) {
    auto argument = [&](size_t i) { return Eval(*call.operands[i], context); };
    auto string_argument = [&](size_t i) { return ToString(argument(i)); };
    // Functions whose argument defaults to the context node (§4).
    auto string_or_context = [&] { return call.operands.empty() ? StringValue(context.item) : string_argument(0); };
    switch (call.function->function) {
      case Function::kLast:
        return Value::Number(static_cast<double>(context.size));
      case Function::kPosition:
        return Value::Number(static_cast<double>(context.position));
      case Function::kCount:
        return Value::Number(static_cast<double>(argument(0).nodes.size()));
      case Function::kId:
        return Value::Nodes(Id(argument(0)));
      case Function::kLocalName:
      case Function::kName: {
        Item item = context.item;
        if (!call.operands.empty()) {
          Value nodes = argument(0);
          if (nodes.nodes.empty()) return Value::String("");
          item = nodes.nodes.front();
        }
        if (item.attr >= 0) return Value::String(item.node->attributes[static_cast<size_t>(item.attr)].name);
        return Value::String(item.node->IsElement() ? item.node->tag : std::string());
      }
      case Function::kString:
        return Value::String(string_or_context());
      case Function::kConcat: {
        std::string joined;
        for (size_t i = 0; i < call.operands.size(); ++i) joined += string_argument(i);
        return Value::String(std::move(joined));
      }
      case Function::kStartsWith:
        return Value::Boolean(std::string_view(string_argument(0)).starts_with(string_argument(1)));
      case Function::kEndsWith:
        return Value::Boolean(std::string_view(string_argument(0)).ends_with(string_argument(1)));
      case Function::kContains:
        return Value::Boolean(string_argument(0).find(string_argument(1)) != std::string::npos);
      case Function::kSubstringBefore: {
        const std::string text = string_argument(0);
        const size_t found = text.find(string_argument(1));
        return Value::String(found == std::string::npos ? std::string() : text.substr(0, found));
      }
      case Function::kSubstringAfter: {
        const std::string text = string_argument(0);
        const std::string separator = string_argument(1);
        const size_t found = text.find(separator);
        return Value::String(found == std::string::npos ? std::string() : text.substr(found + separator.size()));
      }
      case Function::kSubstring: {
        // §4.2: characters at positions p with round(start) <= p < round(start) + round(length);
        // NaN makes every comparison false.
        const std::string text = string_argument(0);
        const double first = XPathRound(ToNumber(argument(1)));
        const double end = call.operands.size() > 2 ? first + XPathRound(ToNumber(argument(2)))
                                                    : std::numeric_limits<double>::infinity();
        std::string out;
        double position = 1;
        for (std::string_view point : CodePoints(text)) {
          if (position >= first && position < end) out += point;
          ++position;
        }
        return Value::String(std::move(out));
      }
      case Function::kStringLength:
        return Value::Number(static_cast<double>(CodePoints(string_or_context()).size()));
      case Function::kNormalizeSpace:
        return Value::String(NormalizeSpace(string_or_context()));
      case Function::kTranslate: {
        const std::string text = string_argument(0);
        const std::string from_text = string_argument(1);
        const std::string to_text = string_argument(2);
        const std::vector<std::string_view> from = CodePoints(from_text);
        const std::vector<std::string_view> to = CodePoints(to_text);
        std::string out;
        for (std::string_view point : CodePoints(text)) {
          const auto found = std::find(from.begin(), from.end(), point);
          if (found == from.end()) {
            out += point;
          } else if (const auto index = static_cast<size_t>(found - from.begin()); index < to.size()) {
            out += to[index];
          }
        }
        return Value::String(std::move(out));
      }
      case Function::kBoolean:
        return Value::Boolean(ToBoolean(argument(0)));
      case Function::kNot:
        return Value::Boolean(!ToBoolean(argument(0)));
      case Function::kTrue:
        return Value::Boolean(true);
      case Function::kFalse:
        return Value::Boolean(false);
      case Function::kLang:
        return Value::Boolean(Lang(context.item, ascii::ToLower(string_argument(0))));
      case Function::kNumber:
        return Value::Number(call.operands.empty() ? StringToNumber(StringValue(context.item)) : ToNumber(argument(0)));
      case Function::kSum: {
        double sum = 0;
        for (const Item& item : argument(0).nodes) sum += StringToNumber(StringValue(item));
        return Value::Number(sum);
      }
      case Function::kFloor:
        return Value::Number(std::floor(ToNumber(argument(0))));
      case Function::kCeiling:
        return Value::Number(std::ceil(ToNumber(argument(0))));
      case Function::kRound:
        return Value::Number(XPathRound(ToNumber(argument(0))));
      case Function::kLowerCase:
        return Value::String(ascii::ToLower(string_argument(0)));
      case Function::kUpperCase:
        return Value::String(ascii::ToUpper(string_argument(0)));
    }
    return Value::Boolean(false);
  }

  // id(): whitespace-separated ids from a string, or from each node's string-value (§4.1).
  NodeSet Id(const Value& argument) {
    std::unordered_set<std::string> ids;
    auto add_tokens = [&](const std::string& text) {
      size_t start = 0;
      while (true) {
        start = text.find_first_not_of(" \t\r\n", start);
        if (start == std::string::npos) break;
        const size_t end = std::min(text.find_first_of(" \t\r\n", start), text.size());
        ids.insert(text.substr(start, end - start));
        start = end;
      }
    };
    if (argument.type == Type::kNodeSet) {
      for (const Item& item : argument.nodes) add_tokens(StringValue(item));
    } else {
      add_tokens(ToString(argument));
    }
    NodeSet nodes;
    if (ids.empty()) return nodes;
    dom::Walk(top_, [&](dom::Node* node) {
      const std::string* id = node->IsElement() ? node->Attr("id") : nullptr;
      if (id != nullptr && ids.count(*id) > 0) nodes.push_back(Item{node});
      return true;
    });
    return nodes;
  }

  // lang(): the nearest lang/xml:lang attribute equals `wanted` or starts with "wanted-".
  bool Lang(const Item& item, const std::string& wanted) const {
    for (const dom::Node* node = item.node; node != nullptr; node = Parent(node)) {
      if (!node->IsElement()) continue;
      const std::string* lang = node->Attr("xml:lang");
      if (lang == nullptr) lang = node->Attr("lang");
      if (lang == nullptr) continue;
      const std::string value = ascii::ToLower(*lang);
      return value == wanted ||
             (value.starts_with(wanted) && value.size() > wanted.size() && value[wanted.size()] == '-');
    }
    return false;
  }

  dom::Node* root_;
  dom::Node virtual_document_;
  dom::Node* top_ = nullptr;

  bool indexed_ = false;
  std::vector<dom::Node*> preorder_;
  std::unordered_map<const dom::Node*, uint32_t> preorder_index_;
  std::vector<uint32_t> subtree_end_;  // by pre-order number: last descendant's number

  std::unordered_map<const dom::Node*, SiblingInfo> siblings_;
};

}  // namespace

std::vector<dom::Node*> SelectNodes(const Expr& expr, dom::Node* root) {
  Evaluator evaluator(root);
  const Value value = evaluator.Evaluate(expr);
  std::vector<dom::Node*> nodes;
  if (value.type != Type::kNodeSet) return nodes;
  for (const Item& item : value.nodes) {
    if (evaluator.IsVirtual(item.node)) continue;
    // An element's attributes directly follow it in document order, so duplicates are adjacent.
    if (!nodes.empty() && nodes.back() == item.node) continue;
    nodes.push_back(item.node);
  }
  return nodes;
}

std::vector<std::string> SelectStrings(const Expr& expr, dom::Node* root) {
  Evaluator evaluator(root);
  const Value value = evaluator.Evaluate(expr);
  std::vector<std::string> strings;
  if (value.type != Type::kNodeSet) {
    std::string text = evaluator.ToString(value);
    if (!text.empty()) strings.push_back(std::move(text));
    return strings;
  }
  for (const Item& item : value.nodes) {
    if (!evaluator.IsVirtual(item.node)) strings.push_back(evaluator.StringValue(item));
  }
  return strings;
}

}  // namespace pressoir::selector::internal
