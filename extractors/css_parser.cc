// CSS selector parser of the selector engine (see css_parser.h).
#include "extractors/css_parser.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/ascii.h"
#include "extractors/selector_parsing.h"

namespace pressoir::selector::internal {
namespace {

class CssParser {
 public:
  explicit CssParser(std::string_view source) : source_(source) {}

  ExprPtr Parse() {
    SkipSpace();
    if (AtEnd()) Fail(source_, "empty selector", 0);
    std::vector<ExprPtr> paths;
    while (true) {
      SkipSpace();
      paths.push_back(ParseComplex());
      SkipSpace();
      if (AtEnd()) break;
      if (Peek() != ',') FailUnexpected();
      ++pos_;
    }
    if (paths.size() == 1) return std::move(paths.front());
    ExprPtr union_expr = MakeExpr(ExprKind::kUnion);
    union_expr->operands = std::move(paths);
    return union_expr;
  }

 private:
  bool AtEnd() const { return pos_ >= source_.size(); }
  char Peek() const { return AtEnd() ? '\0' : source_[pos_]; }
  char PeekAt(size_t i) const { return i < source_.size() ? source_[i] : '\0'; }

  bool SkipSpace() {
    const size_t start = pos_;
    while (!AtEnd() && ascii::IsHtmlSpace(source_[pos_])) ++pos_;
    return pos_ != start;
  }

  [[noreturn]] void FailUnexpected() const {
    if (AtEnd()) Fail(source_, "unexpected end of selector", pos_);
    Fail(source_, "unexpected '" + std::string(1, Peek()) + "'", pos_);
  }

  ExprPtr ParseComplex() {
    ExprPtr path = MakeExpr(ExprKind::kPath);
    path->absolute = true;
    char combinator = ' ';  // the first compound is a descendant of the (virtual) root
    while (true) {
      AppendStep(path.get(), combinator, ParseCompound());
      const bool had_space = SkipSpace();
      const char c = Peek();
      if (AtEnd() || c == ',') break;
      if (c == '>' || c == '+' || c == '~') {
        combinator = c;
        ++pos_;
        SkipSpace();
        if (AtEnd() || Peek() == ',') Fail(source_, "missing selector after '" + std::string(1, c) + "'", pos_);
      } else if (had_space) {
        combinator = ' ';
      } else {
        FailUnexpected();
      }
    }
    return path;
  }

  static void AppendStep(Expr* path, char combinator, CssCompound compound) {
    Step step;
    step.test.kind = TestKind::kAnyName;
    switch (combinator) {
      case '>':
        step.axis = Axis::kChild;
        break;
      case '+':
      case '~':
        step.axis = Axis::kFollowingSibling;
        break;
      default:
        step.axis = Axis::kDescendant;
        break;
    }
    if (combinator == '+') {
      // The next element sibling: following-sibling::*[1], then the compound test.
      ExprPtr first = MakeExpr(ExprKind::kNumber);
      first->number = 1;
      step.predicates.push_back(std::move(first));
      step.positional = true;
    } else if (!compound.tag.empty()) {
      step.test.kind = TestKind::kName;
      step.test.name = std::move(compound.tag);
      compound.tag.clear();
    }
    if (!compound.tag.empty() || !compound.conditions.empty()) {
      ExprPtr test = MakeExpr(ExprKind::kCss);
      test->compound = std::move(compound);
      step.predicates.push_back(std::move(test));
    }
    path->steps.push_back(std::move(step));
  }

  CssCompound ParseCompound() {
    CssCompound compound;
    const size_t start = pos_;
    if (Peek() == '*') {
      ++pos_;
    } else if (StartsIdent(pos_)) {
      compound.tag = ascii::ToLower(ParseIdent());
    }
    if (Peek() == '|') Fail(source_, "css namespaces are not supported", pos_);
    while (!AtEnd()) {
      const char c = Peek();
      const size_t offset = pos_;
      if (c == '#') {
        ++pos_;
        CssCondition condition;
        condition.kind = CssCondition::Kind::kId;
        condition.name = ParseName();
        if (condition.name.empty()) Fail(source_, "expected a name after '#'", offset);
        compound.conditions.push_back(std::move(condition));
      } else if (c == '.') {
        ++pos_;
        if (!StartsIdent(pos_)) Fail(source_, "expected a class name after '.'", offset);
        CssCondition condition;
        condition.kind = CssCondition::Kind::kClass;
        condition.name = ParseIdent();
        compound.conditions.push_back(std::move(condition));
      } else if (c == '[') {
        compound.conditions.push_back(ParseAttribute());
      } else if (c == ':') {
        ParsePseudo(&compound);
      } else {
        break;
      }
    }
    if (pos_ == start) {
      if (AtEnd()) Fail(source_, "expected a selector before end of selector", pos_);
      FailUnexpected();
    }
    return compound;
  }

  CssCondition ParseAttribute() {
    const size_t open = pos_;
    ++pos_;  // '['
    SkipSpace();
    CssCondition condition;
    condition.kind = CssCondition::Kind::kAttribute;
    if (!StartsIdent(pos_)) {
      if (AtEnd()) Fail(source_, "unclosed '['", open);
      Fail(source_, "expected an attribute name but found '" + std::string(1, Peek()) + "'", pos_);
    }
    condition.name = ascii::ToLower(ParseIdent());
    SkipSpace();
    if (AtEnd()) Fail(source_, "unclosed '['", open);
    if (Peek() != ']') {
      const size_t op_offset = pos_;
      const char c = Peek();
      if (c == '=') {
        condition.op = AttrOp::kEquals;
        ++pos_;
      } else if (PeekAt(pos_ + 1) == '=' && std::string_view("~|^$*").find(c) != std::string_view::npos) {
        condition.op = c == '~'   ? AttrOp::kIncludes
                       : c == '|' ? AttrOp::kDashMatch
                       : c == '^' ? AttrOp::kPrefix
                       : c == '$' ? AttrOp::kSuffix
                                  : AttrOp::kSubstring;
        pos_ += 2;
      } else {
        Fail(source_, "unexpected '" + std::string(1, c) + "' in attribute selector", op_offset);
      }
      SkipSpace();
      if (Peek() == '"' || Peek() == '\'') {
        condition.value = ParseString();
      } else if (StartsIdent(pos_) || ascii::IsDigit(Peek())) {
        condition.value = ParseName();
      } else {
        if (AtEnd()) Fail(source_, "unclosed '['", open);
        Fail(source_, "expected an attribute value but found '" + std::string(1, Peek()) + "'", pos_);
      }
      SkipSpace();
      if (Peek() == 'i' || Peek() == 'I' || Peek() == 's' || Peek() == 'S') {
        condition.ignore_case = Peek() == 'i' || Peek() == 'I';
        ++pos_;
        SkipSpace();
      }
    }
    if (AtEnd()) Fail(source_, "unclosed '['", open);
    if (Peek() != ']') FailUnexpected();
    ++pos_;
    if (condition.ignore_case) condition.value = ascii::ToLower(condition.value);
    return condition;
  }

  void ParsePseudo(CssCompound* compound) {
    const size_t colon = pos_;
    ++pos_;
    if (Peek() == ':') Fail(source_, "css pseudo-elements are not supported", colon);
    if (!StartsIdent(pos_)) Fail(source_, "expected a pseudo-class name after ':'", colon);
    const std::string name = ascii::ToLower(ParseIdent());
    CssCondition condition;
    condition.kind = CssCondition::Kind::kNth;
    condition.b = 1;
    if (Peek() != '(') {
      if (name == "first-child" || name == "first-of-type") {
        condition.of_type = name == "first-of-type";
      } else if (name == "last-child" || name == "last-of-type") {
        condition.of_type = name == "last-of-type";
        condition.from_end = true;
      } else if (name == "only-child" || name == "only-of-type") {
        // First and last at once.
        condition.of_type = name == "only-of-type";
        compound->conditions.push_back(condition);
        condition.from_end = true;
      } else if (name == "empty") {
        condition.kind = CssCondition::Kind::kEmpty;
      } else if (name == "root") {
        condition.kind = CssCondition::Kind::kRoot;
      } else {
        Fail(source_, "unknown pseudo-class ':" + name + "'", colon);
      }
      compound->conditions.push_back(std::move(condition));
      return;
    }
    const size_t open = pos_;
    ++pos_;  // '('
    if (name == "not") {
      NestingGuard guard(&depth_, source_, colon);
      condition.kind = CssCondition::Kind::kNot;
      while (true) {
        SkipSpace();
        condition.negated.push_back(ParseCompound());
        SkipSpace();
        if (Peek() == ',') {
          ++pos_;
          continue;
        }
        if (Peek() == ')') break;
        if (AtEnd()) Fail(source_, "unclosed '('", open);
        Fail(source_, "only compound selectors are supported inside :not()", pos_);
      }
      ++pos_;
      compound->conditions.push_back(std::move(condition));
      return;
    }
    const bool nth =
        name == "nth-child" || name == "nth-last-child" || name == "nth-of-type" || name == "nth-last-of-type";
    if (!nth) Fail(source_, "unknown pseudo-class ':" + name + "()'", colon);
    const size_t close = source_.find(')', pos_);
    if (close == std::string_view::npos) Fail(source_, "unclosed '('", open);
    const std::string_view argument = source_.substr(pos_, close - pos_);
    if (!ParseAnPlusB(argument, &condition.a, &condition.b)) {
      Fail(source_, "bad :" + name + "() argument '" + std::string(argument) + "'", pos_);
    }
    condition.of_type = name.ends_with("of-type");
    condition.from_end = name.starts_with("nth-last");
    pos_ = close + 1;
    compound->conditions.push_back(std::move(condition));
  }

  // An+B microsyntax (CSS Syntax §6): odd, even, 3, n, -n+3, 2n+1, +2n - 1.
  static bool ParseAnPlusB(std::string_view argument, int* a, int* b) {
    std::string text;
    for (char c : argument) {
      if (!ascii::IsHtmlSpace(c)) text += ascii::ToLower(c);
    }
    if (text == "odd") {
      *a = 2;
      *b = 1;
      return true;
    }
    if (text == "even") {
      *a = 2;
      *b = 0;
      return true;
    }
    auto parse_int = [](std::string_view digits, int* out) {
      if (digits.empty()) return false;
      const bool negative = digits.front() == '-';
      if (digits.front() == '-' || digits.front() == '+') digits.remove_prefix(1);
      if (digits.empty() || digits.size() > 9) return false;
      for (char c : digits) {
        if (!ascii::IsDigit(c)) return false;
      }
      int value = 0;
      std::from_chars(digits.data(), digits.data() + digits.size(), value);
      *out = negative ? -value : value;
      return true;
    };
    const size_t n = text.find('n');
    if (n == std::string::npos) {
      *a = 0;
      return parse_int(text, b);
    }
    const std::string_view coefficient = std::string_view(text).substr(0, n);
    if (coefficient.empty() || coefficient == "+") {
      *a = 1;
    } else if (coefficient == "-") {
      *a = -1;
    } else if (!parse_int(coefficient, a)) {
      return false;
    }
    const std::string_view offset = std::string_view(text).substr(n + 1);
    if (offset.empty()) {
      *b = 0;
      return true;
    }
    if (offset.front() != '+' && offset.front() != '-') return false;
    return parse_int(offset, b);
  }

  bool StartsIdent(size_t i) const {
    char c = PeekAt(i);
    if (c == '-') c = PeekAt(++i);
    if (c == '-') return true;  // custom-property style "--x"
    return ascii::IsAlpha(c) || c == '_' || IsNonAscii(c) || (c == '\\' && i + 1 < source_.size());
  }

  std::string ParseIdent() { return ParseName(); }

  // Name characters with CSS escapes: "\:" is ':', "\31 " is '1' (CSS Syntax §4.3.7).
  std::string ParseName() {
    std::string name;
    while (!AtEnd()) {
      const char c = Peek();
      if (ascii::IsAlpha(c) || ascii::IsDigit(c) || c == '-' || c == '_' || IsNonAscii(c)) {
        name += c;
        ++pos_;
      } else if (c == '\\') {
        name += ParseEscape();
      } else {
        break;
      }
    }
    return name;
  }

  std::string ParseEscape() {
    const size_t start = pos_;
    ++pos_;  // '\'
    if (AtEnd()) Fail(source_, "incomplete escape", start);
    auto is_hex = [](char c) { return ascii::IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
    if (!is_hex(Peek())) {
      return std::string(1, source_[pos_++]);
    }
    uint32_t code_point = 0;
    int digits = 0;
    while (!AtEnd() && digits < 6 && is_hex(Peek())) {
      const char c = Peek();
      const uint32_t digit =
          ascii::IsDigit(c) ? static_cast<uint32_t>(c - '0') : static_cast<uint32_t>((c | 0x20) - 'a' + 10);
      code_point = code_point * 16 + digit;
      ++digits;
      ++pos_;
    }
    if (!AtEnd() && ascii::IsHtmlSpace(Peek())) ++pos_;
    if (code_point == 0 || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      code_point = 0xFFFD;
    }
    std::string utf8;
    if (code_point < 0x80) {
      utf8 += static_cast<char>(code_point);
    } else if (code_point < 0x800) {
      utf8 += static_cast<char>(0xC0 | (code_point >> 6));
      utf8 += static_cast<char>(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
      utf8 += static_cast<char>(0xE0 | (code_point >> 12));
      utf8 += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      utf8 += static_cast<char>(0x80 | (code_point & 0x3F));
    } else {
      utf8 += static_cast<char>(0xF0 | (code_point >> 18));
      utf8 += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
      utf8 += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
      utf8 += static_cast<char>(0x80 | (code_point & 0x3F));
    }
    return utf8;
  }

  std::string ParseString() {
    const size_t open = pos_;
    const char quote = source_[pos_++];
    std::string value;
    while (true) {
      if (AtEnd()) Fail(source_, "unterminated string", open);
      const char c = Peek();
      if (c == quote) break;
      if (c == '\\') {
        value += ParseEscape();
      } else {
        value += c;
        ++pos_;
      }
    }
    ++pos_;
    return value;
  }

  std::string_view source_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

ExprPtr ParseCss(std::string_view source) { return CssParser(source).Parse(); }

}  // namespace pressoir::selector::internal
