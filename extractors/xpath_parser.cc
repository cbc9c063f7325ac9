// XPath 1.0 parser of the selector engine (see xpath_parser.h).
#include "extractors/xpath_parser.h"

#include <string>
#include <utility>
#include <vector>

#include "base/ascii.h"
#include "extractors/selector_parsing.h"

namespace pressoir::selector::internal {
namespace {

// ---------------------------------------------------------------------------------------------
// XPath lexer (XPath 1.0 §3.7, including its disambiguation rules for '*' and operator names).

enum class Tok {
  kEnd,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kDot,
  kDotDot,
  kAt,
  kComma,
  kColonColon,
  kNameTest,
  kNodeType,
  kFunctionName,
  kAxisName,
  kLiteral,
  kNumber,
  kOperator,
};

struct Token {
  Tok type = Tok::kEnd;
  std::string text;  // name, operator, literal value or number text
  size_t offset = 0;
  std::string_view raw;  // as written, for messages
};

bool IsNameStart(char c) { return ascii::IsAlpha(c) || c == '_' || IsNonAscii(c); }
bool IsNameChar(char c) { return IsNameStart(c) || ascii::IsDigit(c) || c == '-' || c == '.'; }

class XPathLexer {
 public:
  explicit XPathLexer(std::string_view source) : source_(source) {}

  std::vector<Token> Tokenize() {
    std::vector<Token> tokens;
    while (true) {
      SkipSpace();
      if (pos_ >= source_.size()) break;
      Token token = NextToken(tokens.empty() ? nullptr : &tokens.back());
      tokens.push_back(std::move(token));
    }
    Token end;
    end.offset = source_.size();
    tokens.push_back(end);
    return tokens;
  }

 private:
  void SkipSpace() {
    while (pos_ < source_.size() && IsXmlSpace(source_[pos_])) ++pos_;
  }

  char At(size_t i) const { return i < source_.size() ? source_[i] : '\0'; }

  // §3.7: after a token that can end an operand, '*' multiplies and a name is an operator.
  static bool OperandEnded(const Token* previous) {
    if (previous == nullptr) return false;
    switch (previous->type) {
      case Tok::kAt:
      case Tok::kColonColon:
      case Tok::kLParen:
      case Tok::kLBracket:
      case Tok::kComma:
      case Tok::kOperator:
        return false;
      default:
        return true;
    }
  }

  Token Make(Tok type, size_t start, std::string text) {
    Token token;
    token.type = type;
    token.text = std::move(text);
    token.offset = start;
    token.raw = source_.substr(start, pos_ - start);
    return token;
  }

  Token NextToken(const Token* previous) {
    const size_t start = pos_;
    const char c = source_[pos_];
    auto single = [&](Tok type) {
      ++pos_;
      return Make(type, start, std::string(1, c));
    };
    switch (c) {
      case '(':
        return single(Tok::kLParen);
      case ')':
        return single(Tok::kRParen);
      case '[':
        return single(Tok::kLBracket);
      case ']':
        return single(Tok::kRBracket);
      case ',':
        return single(Tok::kComma);
      case '@':
        return single(Tok::kAt);
      case '|':
      case '+':
      case '=':
      case '-':
        return single(Tok::kOperator);
      default:
        break;
    }
    if (c == '.') {
      if (At(pos_ + 1) == '.') {
        pos_ += 2;
        return Make(Tok::kDotDot, start, "..");
      }
      if (ascii::IsDigit(At(pos_ + 1))) return LexNumber();
      return single(Tok::kDot);
    }
    if (c == ':') {
      if (At(pos_ + 1) != ':') Fail(source_, "unexpected ':'", start);
      pos_ += 2;
      return Make(Tok::kColonColon, start, "::");
    }
    if (c == '!') {
      if (At(pos_ + 1) != '=') Fail(source_, "unexpected '!'", start);
      pos_ += 2;
      return Make(Tok::kOperator, start, "!=");
    }
    if (c == '<' || c == '>' || c == '/') {
      const char second = c == '/' ? '/' : '=';
      pos_ += At(pos_ + 1) == second ? size_t{2} : size_t{1};
      return Make(Tok::kOperator, start, std::string(source_.substr(start, pos_ - start)));
    }
    if (c == '*') {
      ++pos_;
      return Make(OperandEnded(previous) ? Tok::kOperator : Tok::kNameTest, start, "*");
    }
    if (c == '"' || c == '\'') {
      const size_t close = source_.find(c, pos_ + 1);
      if (close == std::string_view::npos) Fail(source_, "unterminated string literal", start);
      pos_ = close + 1;
      return Make(Tok::kLiteral, start, std::string(source_.substr(start + 1, close - start - 1)));
    }
    if (ascii::IsDigit(c)) return LexNumber();
    if (c == '$') Fail(source_, "xpath variables are not supported", start);
    if (!IsNameStart(c)) {
      Fail(source_, "unexpected '" + std::string(1, c) + "'", start);
    }
    return LexName(previous);
  }

  Token LexNumber() {
    const size_t start = pos_;
    while (ascii::IsDigit(At(pos_))) ++pos_;
    if (At(pos_) == '.') {
      ++pos_;
      while (ascii::IsDigit(At(pos_))) ++pos_;
    }
    return Make(Tok::kNumber, start, std::string(source_.substr(start, pos_ - start)));
  }

  Token LexName(const Token* previous) {
    const size_t start = pos_;
    while (IsNameChar(At(pos_))) ++pos_;
    // QName (prefix:local) or prefix:*; "::" belongs to an axis name instead.
    if (At(pos_) == ':' && At(pos_ + 1) != ':') {
      if (At(pos_ + 1) == '*') {
        pos_ += 2;
      } else if (IsNameStart(At(pos_ + 1))) {
        ++pos_;
        while (IsNameChar(At(pos_))) ++pos_;
      }
    }
    std::string name(source_.substr(start, pos_ - start));
    if (OperandEnded(previous)) {
      if (name == "and" || name == "or" || name == "mod" || name == "div") {
        return Make(Tok::kOperator, start, name);
      }
      Fail(source_, "expected an operator but found '" + name + "'", start);
    }
    size_t look = pos_;
    while (look < source_.size() && IsXmlSpace(source_[look])) ++look;
    if (At(look) == '(') {
      const bool node_type = name == "node" || name == "text" || name == "comment" || name == "processing-instruction";
      return Make(node_type ? Tok::kNodeType : Tok::kFunctionName, start, name);
    }
    if (At(look) == ':' && At(look + 1) == ':') return Make(Tok::kAxisName, start, name);
    // Element and attribute names are lower-case in the DOM (HTML5 parsing), so name tests
    // are made case-insensitive: //DIV and @itemProp in real rules still match.
    return Make(Tok::kNameTest, start, ascii::ToLower(name));
  }

  std::string_view source_;
  size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// XPath parser: recursive descent over XPath 1.0 §3's expression grammar.

class XPathParser {
 public:
  explicit XPathParser(std::string_view source) : source_(source), tokens_(XPathLexer(source).Tokenize()) {}

  ExprPtr Parse() {
    if (Peek().type == Tok::kEnd) Fail(source_, "empty selector", 0);
    ExprPtr expr = ParseOr();
    if (Peek().type != Tok::kEnd) FailUnexpected(Peek());
    return expr;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_++]; }
  bool IsOperator(std::string_view op) const { return Peek().type == Tok::kOperator && Peek().text == op; }

  [[noreturn]] void FailUnexpected(const Token& token) const {
    if (token.type == Tok::kEnd) Fail(source_, "unexpected end of selector", token.offset);
    Fail(source_, "unexpected '" + std::string(token.raw) + "'", token.offset);
  }

  void Expect(Tok type, std::string_view what) {
    if (Peek().type == type) {
      ++pos_;
      return;
    }
    const Token& found = Peek();
    if (found.type == Tok::kEnd) {
      Fail(source_, "expected '" + std::string(what) + "' before end of selector", found.offset);
    }
    Fail(source_, "expected '" + std::string(what) + "' but found '" + std::string(found.raw) + "'", found.offset);
  }

  ExprPtr ParseOr() {
    ExprPtr left = ParseAnd();
    while (IsOperator("or")) {
      Next();
      left = MakeBinary(ExprKind::kOr, std::move(left), ParseAnd());
    }
    return left;
  }

  ExprPtr ParseAnd() {
    ExprPtr left = ParseEquality();
    while (IsOperator("and")) {
      Next();
      left = MakeBinary(ExprKind::kAnd, std::move(left), ParseEquality());
    }
    return left;
  }

  ExprPtr ParseEquality() {
    ExprPtr left = ParseRelational();
    while (IsOperator("=") || IsOperator("!=")) {
      const ExprKind kind = Next().text == "=" ? ExprKind::kEqual : ExprKind::kNotEqual;
      left = MakeBinary(kind, std::move(left), ParseRelational());
    }
    return left;
  }

  ExprPtr ParseRelational() {
    ExprPtr left = ParseAdditive();
    while (IsOperator("<") || IsOperator("<=") || IsOperator(">") || IsOperator(">=")) {
      const std::string& op = Next().text;
      const ExprKind kind = op == "<"    ? ExprKind::kLess
                            : op == "<=" ? ExprKind::kLessEqual
                            : op == ">"  ? ExprKind::kGreater
                                         : ExprKind::kGreaterEqual;
      left = MakeBinary(kind, std::move(left), ParseAdditive());
    }
    return left;
  }

  ExprPtr ParseAdditive() {
    ExprPtr left = ParseMultiplicative();
    while (IsOperator("+") || IsOperator("-")) {
      const ExprKind kind = Next().text == "+" ? ExprKind::kAdd : ExprKind::kSubtract;
      left = MakeBinary(kind, std::move(left), ParseMultiplicative());
    }
    return left;
  }

  ExprPtr ParseMultiplicative() {
    ExprPtr left = ParseUnary();
    while (IsOperator("*") || IsOperator("div") || IsOperator("mod")) {
      const std::string& op = Next().text;
      const ExprKind kind = op == "*" ? ExprKind::kMultiply : op == "div" ? ExprKind::kDivide : ExprKind::kModulo;
      left = MakeBinary(kind, std::move(left), ParseUnary());
    }
    return left;
  }

  ExprPtr ParseUnary() {
    if (!IsOperator("-")) return ParseUnion();
    NestingGuard guard(&depth_, source_, Next().offset);
    ExprPtr negate = MakeExpr(ExprKind::kNegate);
    negate->operands.push_back(ParseUnary());
    return negate;
  }

  ExprPtr ParseUnion() {
    const size_t offset = Peek().offset;
    ExprPtr left = ParsePathExpr();
    if (!IsOperator("|")) return left;
    RequireNodeSet(*left, "union operand", offset);
    ExprPtr union_expr = MakeExpr(ExprKind::kUnion);
    union_expr->operands.push_back(std::move(left));
    while (IsOperator("|")) {
      Next();
      const size_t right_offset = Peek().offset;
      ExprPtr right = ParsePathExpr();
      RequireNodeSet(*right, "union operand", right_offset);
      union_expr->operands.push_back(std::move(right));
    }
    return union_expr;
  }

  void RequireNodeSet(const Expr& expr, std::string_view what, size_t offset) const {
    if (StaticType(expr) != Type::kNodeSet) {
      Fail(source_, std::string(what) + " is not a node-set", offset);
    }
  }

  static bool StartsStep(const Token& token) {
    switch (token.type) {
      case Tok::kDot:
      case Tok::kDotDot:
      case Tok::kAt:
      case Tok::kAxisName:
      case Tok::kNameTest:
      case Tok::kNodeType:
        return true;
      default:
        return false;
    }
  }

  ExprPtr ParsePathExpr() {
    const Token& token = Peek();
    const bool is_filter = token.type == Tok::kLParen || token.type == Tok::kLiteral || token.type == Tok::kNumber ||
                           token.type == Tok::kFunctionName;
    if (!is_filter) return ParseLocationPath();
    const size_t offset = token.offset;
    ExprPtr primary = ParsePrimary();
    std::vector<ExprPtr> predicates;
    while (Peek().type == Tok::kLBracket) predicates.push_back(ParsePredicate());
    const bool has_steps = IsOperator("/") || IsOperator("//");
    if (predicates.empty() && !has_steps) return primary;
    RequireNodeSet(*primary, "filtered expression", offset);
    ExprPtr path = MakeExpr(ExprKind::kPath);
    path->filter = std::move(primary);
    path->filter_predicates = std::move(predicates);
    while (IsOperator("/") || IsOperator("//")) ParseSlashAndStep(path.get());
    return path;
  }

  ExprPtr ParseLocationPath() {
    ExprPtr path = MakeExpr(ExprKind::kPath);
    if (IsOperator("/")) {
      Next();
      path->absolute = true;
      if (!StartsStep(Peek())) return path;  // "/" alone: the root
      AppendStep(path.get(), ParseStep(), /*after_double_slash=*/false);
    } else if (IsOperator("//")) {
      Next();
      path->absolute = true;
      AppendStep(path.get(), ParseStep(), /*after_double_slash=*/true);
    } else {
      if (!StartsStep(Peek())) FailUnexpected(Peek());
      AppendStep(path.get(), ParseStep(), /*after_double_slash=*/false);
    }
    while (IsOperator("/") || IsOperator("//")) ParseSlashAndStep(path.get());
    return path;
  }

  void ParseSlashAndStep(Expr* path) {
    const bool double_slash = Next().text == "//";
    AppendStep(path, ParseStep(), double_slash);
  }

  // "//" abbreviates /descendant-or-self::node()/ (§2.5). When the following step has no
  // positional predicate, descendant-or-self::node()/child::x selects exactly descendant::x,
  // which is one walk instead of one child scan per node; //x[1] keeps the long form because
  // [1] counts children of each parent.
  static void AppendStep(Expr* path, Step step, bool after_double_slash) {
    if (after_double_slash) {
      const bool collapsible = !step.positional && (step.axis == Axis::kChild || step.axis == Axis::kDescendant ||
                                                    step.axis == Axis::kDescendantOrSelf);
      if (collapsible) {
        if (step.axis == Axis::kChild) step.axis = Axis::kDescendant;
      } else {
        Step any;
        any.axis = Axis::kDescendantOrSelf;
        path->steps.push_back(std::move(any));
      }
    }
    path->steps.push_back(std::move(step));
  }

  Step ParseStep() {
    Step step;
    const Token& token = Peek();
    if (token.type == Tok::kDot || token.type == Tok::kDotDot) {
      step.axis = token.type == Tok::kDot ? Axis::kSelf : Axis::kParent;
      Next();
    } else {
      if (token.type == Tok::kAxisName) {
        step.axis = ParseAxisName(token);
        Next();
        Expect(Tok::kColonColon, "::");
      } else if (token.type == Tok::kAt) {
        step.axis = Axis::kAttribute;
        Next();
      }
      step.test = ParseNodeTest();
    }
    while (Peek().type == Tok::kLBracket) {
      step.predicates.push_back(ParsePredicate());
      if (IsPositionalPredicate(*step.predicates.back())) step.positional = true;
    }
    return step;
  }

  Axis ParseAxisName(const Token& token) const {
    static const std::pair<std::string_view, Axis> kAxes[] = {
        {"child", Axis::kChild},
        {"descendant", Axis::kDescendant},
        {"descendant-or-self", Axis::kDescendantOrSelf},
        {"self", Axis::kSelf},
        {"parent", Axis::kParent},
        {"ancestor", Axis::kAncestor},
        {"ancestor-or-self", Axis::kAncestorOrSelf},
        {"following-sibling", Axis::kFollowingSibling},
        {"preceding-sibling", Axis::kPrecedingSibling},
        {"following", Axis::kFollowing},
        {"preceding", Axis::kPreceding},
        {"attribute", Axis::kAttribute},
    };
    for (const auto& [name, axis] : kAxes) {
      if (token.text == name) return axis;
    }
    Fail(source_, "unknown xpath axis '" + token.text + "'", token.offset);
  }

  NodeTest ParseNodeTest() {
    const Token& token = Peek();
    NodeTest test;
    if (token.type == Tok::kNameTest) {
      Next();
      const bool any = token.text == "*" || token.text.ends_with(":*");
      test.kind = any ? TestKind::kAnyName : TestKind::kName;
      if (!any) test.name = token.text;
      return test;
    }
    if (token.type == Tok::kNodeType) {
      Next();
      test.kind = token.text == "node"   ? TestKind::kNode
                  : token.text == "text" ? TestKind::kText
                                         : TestKind::kNever;  // the DOM keeps no comments or PIs
      Expect(Tok::kLParen, "(");
      if (token.text == "processing-instruction" && Peek().type == Tok::kLiteral) Next();
      Expect(Tok::kRParen, ")");
      return test;
    }
    if (token.type == Tok::kEnd) Fail(source_, "expected a node test before end of selector", token.offset);
    Fail(source_, "expected a node test but found '" + std::string(token.raw) + "'", token.offset);
  }

  ExprPtr ParsePredicate() {
    NestingGuard guard(&depth_, source_, Peek().offset);
    Expect(Tok::kLBracket, "[");
    if (Peek().type == Tok::kRBracket) Fail(source_, "empty predicate", Peek().offset);
    ExprPtr predicate = ParseOr();
    Expect(Tok::kRBracket, "]");
    return predicate;
  }

  ExprPtr ParsePrimary() {
    const Token& token = Next();
    switch (token.type) {
      case Tok::kLParen: {
        NestingGuard guard(&depth_, source_, token.offset);
        ExprPtr inner = ParseOr();
        Expect(Tok::kRParen, ")");
        return inner;
      }
      case Tok::kLiteral: {
        ExprPtr literal = MakeExpr(ExprKind::kLiteral);
        literal->literal = token.text;
        return literal;
      }
      case Tok::kNumber: {
        ExprPtr number = MakeExpr(ExprKind::kNumber);
        number->number = StringToNumber(token.text);
        return number;
      }
      case Tok::kFunctionName:
        return ParseCall(token);
      default:
        FailUnexpected(token);
    }
  }

  ExprPtr ParseCall(const Token& name) {
    const FunctionInfo* info = FindFunction(name.text);
    if (info == nullptr) Fail(source_, "unknown xpath function '" + name.text + "()'", name.offset);
    NestingGuard guard(&depth_, source_, name.offset);
    ExprPtr call = MakeExpr(ExprKind::kCall);
    call->function = info;
    Expect(Tok::kLParen, "(");
    if (Peek().type != Tok::kRParen) {
      while (true) {
        const size_t offset = Peek().offset;
        call->operands.push_back(ParseOr());
        if (info->wants_node_set) {
          RequireNodeSet(*call->operands.back(), "argument of " + name.text + "()", offset);
        }
        if (Peek().type != Tok::kComma) break;
        Next();
      }
    }
    Expect(Tok::kRParen, ")");
    const int count = static_cast<int>(call->operands.size());
    if (count < info->min_args || (info->max_args >= 0 && count > info->max_args)) {
      std::string expected = std::to_string(info->min_args);
      if (info->max_args < 0) {
        expected += " or more";
      } else if (info->max_args != info->min_args) {
        expected += " to " + std::to_string(info->max_args);
      }
      Fail(source_,
           "function " + name.text + "() takes " + expected + " argument" +
               (info->max_args == 1 && info->min_args == 1 ? "" : "s") + ", not " + std::to_string(count),
           name.offset);
    }
    return call;
  }

  std::string_view source_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

bool LooksLikeXPath(std::string_view expression) {
  if (expression.starts_with("/") || expression.starts_with("./") || expression.starts_with("(") ||
      expression.starts_with("..") || expression.starts_with("@") || expression.starts_with("'") ||
      expression.starts_with("\"") || (!expression.empty() && ascii::IsDigit(expression.front()))) {
    return true;
  }
  // A leading function call (id(...), normalize-space(...), substring-after(...)) is never CSS.
  size_t end = 0;
  while (end < expression.size() && IsNameChar(expression[end])) ++end;
  size_t paren = end;
  while (paren < expression.size() && IsXmlSpace(expression[paren])) ++paren;
  return end > 0 && paren < expression.size() && expression[paren] == '(' &&
         FindFunction(expression.substr(0, end)) != nullptr;
}

ExprPtr ParseXPath(std::string_view source) { return XPathParser(source).Parse(); }

}  // namespace pressoir::selector::internal
