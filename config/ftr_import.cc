// FTR site config import (see ftr_import.h): line parsing after FTR's SiteConfig.php, the
// directive mapping, selector checks, and the rule file writer.
#include "config/ftr_import.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include "base/ascii.h"
#include "extractors/selector.h"

namespace pressoir::config {
namespace {

// The directives that carry extraction rules; ConvertsFully() is judged on these alone.
constexpr std::array<std::string_view, 7> kRuleDirectives = {
    "body", "strip", "strip_id_or_class", "strip_image_src", "title", "date", "author"};

// Why each FTR directive without a pressoir meaning is skipped. Reasons contain no ':' so that
// summaries can group reasons by the text before the first ": ".
struct SkipReason {
  std::string_view directive;
  std::string_view reason;
};
constexpr std::string_view kNoMultiPage =
    "multi-page articles are not followed; pressoir extracts each page as fetched";
constexpr std::string_view kNoRewrite = "pressoir does not rewrite the HTML source before parsing";
constexpr std::string_view kNoLogin = "pressoir does not log in to sites";
constexpr std::string_view kNoDomEdit = "pressoir rules do not restructure the DOM";
constexpr std::string_view kGumbo = "pressoir always parses HTML with Gumbo (HTML5), no Tidy pass";
constexpr std::string_view kNoImages = "pressoir's text output carries no images";
constexpr std::array<SkipReason, 27> kSkipReasons = {{
    {"tidy", kGumbo},
    {"parser", kGumbo},
    {"autodetect_on_failure",
     "pressoir always falls back to generic extraction when a rule finds no body (not switchable per site)"},
    {"single_page_link", kNoMultiPage},
    {"single_page_link_in_feed", kNoMultiPage},
    {"next_page_link", kNoMultiPage},
    {"autodetect_next_page", kNoMultiPage},
    {"find_string", kNoRewrite},
    {"replace_string", kNoRewrite},
    {"native_ad_clue", "pressoir has no native-ad detection"},
    {"login_uri", kNoLogin},
    {"login_username_field", kNoLogin},
    {"login_password_field", kNoLogin},
    {"login_extra_fields", kNoLogin},
    {"not_logged_in_xpath", kNoLogin},
    {"requires_login", kNoLogin},
    {"skip_json_ld", "pressoir reads JSON-LD for metadata only, never for the body"},
    {"dissolve", kNoDomEdit},
    {"wrap_in", kNoDomEdit},
    {"move_into", kNoDomEdit},
    {"strip_attr", "removes attributes, which pressoir's text output does not carry"},
    {"post_strip_attr", "removes attributes, which pressoir's text output does not carry"},
    {"src_lazy_load_attr", kNoImages},
    {"insert_detected_image", kNoImages},
    {"convert_double_br_tags", "pressoir's serializer decides paragraphs itself (<br> breaks lines)"},
    {"if_page_contains", "conditional directives are not supported"},
    {"test_contains", "a check on test_url pages; pressoir tests rules with fixtures"},
}};
constexpr std::string_view kUnknownDirective = "unknown directive (not part of FTR's site config format)";

std::string_view SkipReasonFor(std::string_view directive) {
  if (directive == "footnotes") return "footnote handling is not supported";
  if (directive == "strip_comments") return "HTML comments never reach pressoir's text output";
  for (const SkipReason& entry : kSkipReasons) {
    if (entry.directive == directive) return entry.reason;
  }
  return kUnknownDirective;
}

// Trims C isspace()'s set. FTR (SiteConfig.php) trims with PHP's trim(): SPACE, TAB, LF, CR, NUL
// and VT, without FF; the sets differ on NUL and FF only, and no file of the FTR set holds either.
using ascii::Trim;

bool IsDirectiveChar(char c) { return ascii::IsAlnum(c) || c == '_'; }

bool IsNameChar(char c) { return IsDirectiveChar(c) || c == '-' || c == '.'; }

// Strict UTF-8 check (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    uint32_t code = 0;
    if (byte < 0x80) {
      ++i;
      continue;
    } else if ((byte & 0xE0) == 0xC0) {
      length = 2;
      code = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
      length = 3;
      code = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
      length = 4;
      code = byte & 0x07;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

bool HasControlChar(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t') || byte == 0x7F;
  });
}

// Text safe inside a one-line YAML comment: control bytes and bytes of invalid UTF-8 become
// \xNN, so a stray byte in an FTR file (vienna.at.txt has a 0x02) cannot corrupt the output.
std::string CommentSafe(std::string_view text) {
  std::string out;
  const bool valid = IsValidUtf8(text);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\t') {
      out += ' ';
    } else if (byte < 0x20 || byte == 0x7F || (!valid && byte >= 0x80)) {
      char escaped[5];
      std::snprintf(escaped, sizeof(escaped), "\\x%02X", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

// XPath 1.0 string literals have no escapes: quote with whichever quote `text` lacks.
// Returns false when it contains both.
bool PickQuote(std::string_view text, char& quote) {
  if (text.find('\'') == std::string_view::npos) {
    quote = '\'';
    return true;
  }
  if (text.find('"') == std::string_view::npos) {
    quote = '"';
    return true;
  }
  return false;
}

// FTR trims one pair of quotes around strip_id_or_class / strip_image_src values
// (ContentExtractor.php), so that `strip_id_or_class: 'x'` means x.
std::string_view Unquote(std::string_view value) {
  if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  return value;
}

// Splits an XPath expression at top-level '|' (outside quotes, brackets and parentheses).
std::vector<std::string_view> UnionBranches(std::string_view expression) {
  std::vector<std::string_view> branches;
  int depth = 0;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < expression.size(); ++i) {
    const char c = expression[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '[' || c == '(') {
      ++depth;
    } else if (c == ']' || c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      branches.push_back(Trim(expression.substr(start, i - start)));
      start = i + 1;
    }
  }
  branches.push_back(Trim(expression.substr(start)));
  return branches;
}

// The last location step of a union branch, e.g. "@content" for "//meta[@x='y']/@content".
std::string_view LastStep(std::string_view branch) {
  int depth = 0;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < branch.size(); ++i) {
    const char c = branch[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '[' || c == '(') {
      ++depth;
    } else if (c == ']' || c == ')') {
      --depth;
    } else if (c == '/' && depth == 0) {
      start = i + 1;
    }
  }
  return Trim(branch.substr(start));
}

bool SelectsAttributes(std::string_view expression) {
  for (std::string_view branch : UnionBranches(expression)) {
    std::string_view step = LastStep(branch);
    if (step.starts_with("@") || step.starts_with("attribute::")) return true;
  }
  return false;
}

// XPath 1.0 expressions that start with a function call evaluate to a string, number or
// boolean, except id() (a node-set) and the node tests text(), node() and comment() that start
// a relative path. pressoir's body and remove keys need elements (Selector::Select); title, date
// and author take strings (SelectStrings) and accept these.
bool IsNonNodeSetExpression(std::string_view expression) {
  if (expression.empty()) return false;
  const char first = expression.front();
  if (first == '\'' || first == '"' || (first >= '0' && first <= '9') || first == '-') return true;
  size_t end = 0;
  while (end < expression.size() && IsNameChar(expression[end])) ++end;
  if (end == 0) return false;
  std::string_view name = expression.substr(0, end);
  std::string_view rest = Trim(expression.substr(end));
  if (!rest.starts_with("(")) return false;
  return name != "id" && name != "text" && name != "node" && name != "comment" && name != "processing-instruction";
}

enum class SelectorUse { kElements, kStrings };

// Returns "" when `expression` can be written under a key of the given use, else why not.
// The check compiles the expression exactly as LoadSiteRulesFile will (Syntax::kAuto), and
// insists that it is read as XPath, as FTR reads it.
std::string CheckSelector(const std::string& expression, SelectorUse use) {
  if (!IsValidUtf8(expression)) return "selector is not valid UTF-8";
  if (HasControlChar(expression)) return "selector contains control characters";
  bool is_xpath = false;
  try {
    is_xpath = selector::Selector::Compile(expression).is_xpath();
  } catch (const selector::SelectorError& error) {
    return std::string("selector does not compile: ") + error.what();
  }
  if (!is_xpath) {
    // FTR evaluates every selector as XPath with the document as context. An expression that
    // pressoir's auto-detection reads as CSS ("h1", "div.x") would change meaning: as relative
    // XPath "h1" selects children of the document node, i.e. nothing.
    try {
      selector::Selector::Compile(expression, selector::Selector::Syntax::kXPath);
    } catch (const selector::SelectorError& error) {
      return std::string("selector is not XPath (FTR reads XPath only): ") + error.what();
    }
    return "relative XPath selector: FTR evaluates it from the document node (it selects "
           "nothing there), pressoir would read it as CSS";
  }
  if (use == SelectorUse::kElements) {
    if (IsNonNodeSetExpression(expression)) {
      return "selector evaluates to a string, not elements (body and remove need elements)";
    }
    if (SelectsAttributes(expression)) {
      return "selector selects attributes (FTR strips the attribute; pressoir body and remove "
             "act on whole elements)";
    }
  }
  return "";
}

// FTR's definition (ContentExtractor.php, strip_id_or_class): the value is a whole class token
// or the whole id, never a substring of a class.
std::string StripIdOrClassXPath(std::string_view value, char q) {
  std::string v(value);
  std::string s(1, q);
  return "//*[contains(concat(" + s + " " + s + ",normalize-space(@class)," + s + " " + s + ")," + s + " " + v + " " +
         s + ") or @id=" + s + v + s + "]";
}

std::string StripImageSrcXPath(std::string_view value, char q) {
  std::string s(1, q);
  return "//img[contains(@src," + s + std::string(value) + s + ")]";
}

bool IsYes(std::string_view value) {
  return ascii::EqualsIgnoreCase(value, "yes") || ascii::EqualsIgnoreCase(value, "true") || value == "1";
}

void AddUnique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// Converts `expression` into `key`, or records why not.
void ConvertSelector(FtrImportResult& result, FtrDirective& directive, const std::string& expression,
                     const std::string& key, SelectorUse use) {
  std::string problem = CheckSelector(expression, use);
  if (!problem.empty()) {
    directive.outcome = FtrOutcome::kSkipped;
    directive.reason = problem;
    return;
  }
  std::vector<std::string>* list = key == "body"     ? &result.body
                                   : key == "title"  ? &result.title
                                   : key == "date"   ? &result.date
                                   : key == "author" ? &result.author
                                                     : &result.remove;
  AddUnique(*list, expression);
  directive.outcome = FtrOutcome::kConverted;
  directive.target = key;
  directive.selector = expression;
}

// An HTTP field name (RFC 9110 §5.6.2 token), as config/ checks fetch.headers.
bool IsHeaderName(std::string_view name) {
  constexpr std::string_view kTokenPunctuation = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
    return ascii::IsAlnum(c) || kTokenPunctuation.find(c) != std::string_view::npos;
  });
}

bool HasControlCharacter(std::string_view value) {
  return std::any_of(value.begin(), value.end(),
                     [](char c) { return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f; });
}

// http_header(name): value -> fetch.headers; http_header(Cookie): a=1; b=2 -> fetch.cookies.
void ConvertHeader(FtrImportResult& result, FtrDirective& directive) {
  std::string name(Trim(directive.argument));
  std::string value(Trim(directive.value));
  if (!IsHeaderName(name)) {
    directive.reason = "'" + name + "' is not an HTTP header name";
    return;
  }
  if (HasControlCharacter(value)) {
    directive.reason = "the header value holds a control character";
    return;
  }
  if (ascii::EqualsIgnoreCase(name, "cookie")) {
    std::vector<std::pair<std::string, std::string>> cookies;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t semicolon = rest.find(';');
      std::string_view pair = Trim(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      if (pair.empty()) continue;
      size_t equals = pair.find('=');
      std::string_view cookie_name = Trim(pair.substr(0, equals));
      if (equals == std::string_view::npos || !IsHeaderName(cookie_name)) {
        directive.reason = "'" + std::string(pair) + "' is not a cookie (name=value)";
        return;
      }
      cookies.emplace_back(std::string(cookie_name), std::string(Trim(pair.substr(equals + 1))));
    }
    if (cookies.empty()) {
      directive.reason = "empty value";
      return;
    }
    for (auto& cookie : cookies) result.cookies.push_back(std::move(cookie));
    directive.outcome = FtrOutcome::kConverted;
    directive.target = "fetch.cookies";
    return;
  }
  for (auto& [known, known_value] : result.headers) {
    if (ascii::EqualsIgnoreCase(known, name)) {
      known_value = value;  // FTR: a later line for the same header wins
      directive.outcome = FtrOutcome::kConverted;
      directive.target = "fetch.headers";
      return;
    }
  }
  result.headers.emplace_back(name, value);
  directive.outcome = FtrOutcome::kConverted;
  directive.target = "fetch.headers";
}

void Convert(FtrImportResult& result, FtrDirective& directive) {
  const std::string& name = directive.name;
  const std::string& value = directive.value;
  const bool is_selector_directive = IsFtrRuleDirective(name);
  if (is_selector_directive && !directive.argument.empty()) {
    directive.reason = "unexpected '(...)' after the directive name";
    return;
  }
  if (is_selector_directive && value.empty()) {
    directive.reason = "empty value";
    return;
  }
  if (name == "body") return ConvertSelector(result, directive, value, "body", SelectorUse::kElements);
  if (name == "strip") return ConvertSelector(result, directive, value, "remove", SelectorUse::kElements);
  if (name == "title" || name == "date" || name == "author") {
    return ConvertSelector(result, directive, value, name, SelectorUse::kStrings);
  }
  if (name == "strip_id_or_class" || name == "strip_image_src") {
    std::string_view bare = Trim(Unquote(value));
    char quote = '\'';
    if (bare.empty()) {
      directive.reason = "empty value";
      return;
    }
    if (!PickQuote(bare, quote)) {
      directive.reason = "value holds both quote characters, which an XPath 1.0 literal cannot";
      return;
    }
    std::string expression =
        name == "strip_id_or_class" ? StripIdOrClassXPath(bare, quote) : StripImageSrcXPath(bare, quote);
    return ConvertSelector(result, directive, expression, "remove", SelectorUse::kElements);
  }
  if (name == "http_header") return ConvertHeader(result, directive);
  if (name == "prune") {
    if (IsYes(value)) {
      directive.outcome = FtrOutcome::kNoted;
      directive.reason =
          "FTR prunes boilerplate-looking blocks inside the body; pressoir never prunes rule output, "
          "so add remove selectors for them";
      result.notes.push_back("prune: " + value + " (line " + std::to_string(directive.line) +
                             ") was not converted: " + directive.reason);
    } else {
      directive.outcome = FtrOutcome::kConverted;  // pressoir never prunes: nothing to write
      directive.target = "none";
    }
    return;
  }
  if (name == "test_url") {
    if (value.empty()) {
      directive.reason = "empty value";
      return;
    }
    directive.outcome = FtrOutcome::kConverted;
    directive.target = "comment";
    AddUnique(result.test_urls, value);
    return;
  }
  directive.reason = std::string(SkipReasonFor(name));
}

// Parses one non-blank, non-comment line as FTR does: `name: value` or `name(argument): value`.
// FTR splits at the first ':'; here `name(argument):` is found first so that arguments holding
// ':' (http_header(x): http://...) are reported whole.
FtrDirective ParseLine(std::string_view line, int number) {
  FtrDirective directive;
  directive.line = number;
  size_t end = 0;
  while (end < line.size() && IsDirectiveChar(line[end])) ++end;
  size_t colon = std::string_view::npos;
  if (end > 0 && end < line.size() && line[end] == '(') {
    for (size_t close = line.find(')', end); close != std::string_view::npos; close = line.find(')', close + 1)) {
      std::string_view after = Trim(line.substr(close + 1));
      if (after.starts_with(":")) {
        directive.argument = std::string(line.substr(end + 1, close - end - 1));
        colon = line.find(':', close);
        break;
      }
    }
  } else if (end > 0) {
    std::string_view after = ascii::TrimLeftIf(line.substr(end), ascii::IsBlank);
    if (after.starts_with(':')) colon = line.size() - after.size();
  }
  if (colon == std::string_view::npos) {
    directive.value = std::string(line);
    directive.reason = "not a directive line (no 'name:' at its start)";
    return directive;
  }
  directive.name = std::string(line.substr(0, end));
  directive.value = std::string(Trim(line.substr(colon + 1)));
  return directive;
}

bool IsHostName(std::string_view host) {
  if (host.empty() || host.size() > 253 || host.find('.') == std::string_view::npos) return false;
  size_t label_start = 0;
  for (size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      if (i == label_start) return false;  // empty label: "a..b", ".a", "a."
      label_start = i + 1;
      continue;
    }
    const char c = host[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

std::string DirectiveText(const FtrDirective& directive) {
  if (directive.name.empty()) return directive.value;
  std::string text = directive.name;
  if (!directive.argument.empty()) text += "(" + directive.argument + ")";
  text += ":";
  if (!directive.value.empty()) text += " " + directive.value;
  return text;
}

}  // namespace

FtrImportResult ImportFtrText(std::string_view file_name, std::string_view text) {
  FtrImportResult result;
  result.source_file = std::string(file_name);

  // Name and domains from the file name, as FTR's SiteConfig::build() looks files up.
  std::string stem(file_name);
  if (!stem.ends_with(".txt")) {
    result.error = "not an FTR site config (expected a name such as example.com.txt)";
    return result;
  }
  stem.resize(stem.size() - 4);
  stem = ascii::ToLower(stem);
  const bool wildcard = stem.starts_with(".");
  const std::string host = wildcard ? stem.substr(1) : stem;
  if (!IsHostName(host)) {
    result.error = "'" + host + "' is not a host name, so this is not a site config";
    // global.txt is FTR's fallback for every site without a config of its own.
    if (host == "global") {
      result.error += " (FTR's global.txt applies to every site; pressoir rules name domains)";
    }
    return result;
  }
  // A site name may not start with '.', and FTR's set holds both example.com.txt and
  // .example.com.txt for some sites, so wildcard files get a name of their own. The suffix also
  // sorts the wildcard file after the exact one ('.' < '_'), and FindRulesForHost keeps the first
  // of two equally long matches: www.example.com then gets example.com's rule, as in FTR, which
  // looks up the exact host's file first (SiteConfig::build).
  result.name = wildcard ? host + "_subdomains" : host;
  if (result.name.size() > 100) {
    result.error = "host name too long for a pressoir site name (100 characters at most)";
    return result;
  }
  result.domains = {wildcard ? "*." + host : host};

  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
  int number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(start, end - start));
    ++number;
    start = end + 1;
    if (line.empty() || line.front() == '#') continue;
    FtrDirective directive = ParseLine(line, number);
    if (!directive.name.empty()) Convert(result, directive);
    result.directives.push_back(std::move(directive));
  }
  return result;
}

FtrImportResult ImportFtrFile(const std::string& path) {
  std::string file_name = path;
  if (size_t slash = file_name.find_last_of('/'); slash != std::string::npos) file_name.erase(0, slash + 1);
  std::ifstream in(path, std::ios::binary);
  std::string text;
  if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    FtrImportResult result;
    result.path = path;
    result.source_file = file_name;
    result.error = "cannot read file";
    result.unreadable = true;
    return result;
  }
  FtrImportResult result = ImportFtrText(file_name, text);
  result.path = path;
  return result;
}

bool IsFtrRuleDirective(std::string_view name) {
  return std::find(kRuleDirectives.begin(), kRuleDirectives.end(), name) != kRuleDirectives.end();
}

bool ConvertsFully(const FtrImportResult& result) {
  return std::all_of(result.directives.begin(), result.directives.end(), [](const FtrDirective& directive) {
    return !IsFtrRuleDirective(directive.name) || directive.outcome == FtrOutcome::kConverted;
  });
}

std::string ToYaml(const FtrImportResult& result) {
  if (!result.ok()) return "";
  std::ostringstream out;
  const std::string source = CommentSafe(result.source_file);
  out << "# Imported by `pressoir rules import` from the FiveFilters Full-Text RSS site config\n"
      << "# '" << source << "' (github.com/fivefilters/ftr-site-config), public domain (CC0).\n";
  if (result.domains.front().starts_with("*.")) {
    out << "# FTR applies '" << source << "' to subdomains only; '" << result.domains.front()
        << "' also matches the bare domain.\n";
  }
  for (const std::string& url : result.test_urls) out << "# test_url: " << CommentSafe(url) << "\n";
  for (const std::string& note : result.notes) out << "# note: " << CommentSafe(note) << "\n";

  YAML::Emitter emitter;
  emitter << YAML::BeginMap;
  emitter << YAML::Key << "name" << YAML::Value << result.name;
  emitter << YAML::Key << "domains" << YAML::Value << YAML::BeginSeq;
  for (const std::string& domain : result.domains) emitter << domain;
  emitter << YAML::EndSeq;
  using Key = std::pair<const char*, const std::vector<std::string>*>;
  const Key keys[] = {{"body", &result.body},
                      {"remove", &result.remove},
                      {"title", &result.title},
                      {"date", &result.date},
                      {"author", &result.author}};
  for (const auto& [key, selectors] : keys) {
    if (selectors->empty()) continue;
    emitter << YAML::Key << key << YAML::Value << YAML::BeginSeq;
    for (const std::string& expression : *selectors) emitter << expression;
    emitter << YAML::EndSeq;
  }
  if (!result.headers.empty() || !result.cookies.empty()) {
    emitter << YAML::Key << "fetch" << YAML::Value << YAML::BeginMap;
    using Fields = std::pair<const char*, const std::vector<std::pair<std::string, std::string>>*>;
    for (const auto& [key, fields] : {Fields{"headers", &result.headers}, Fields{"cookies", &result.cookies}}) {
      if (fields->empty()) continue;
      emitter << YAML::Key << key << YAML::Value << YAML::BeginMap;
      for (const auto& [name, value] : *fields) emitter << YAML::Key << name << YAML::Value << value;
      emitter << YAML::EndMap;
    }
    emitter << YAML::EndMap;
  }
  emitter << YAML::EndMap;
  out << emitter.c_str() << "\n";

  bool header_written = false;
  for (const FtrDirective& directive : result.directives) {
    if (directive.outcome != FtrOutcome::kSkipped) continue;
    if (!header_written) {
      out << "\n# Skipped FTR directives:\n";
      header_written = true;
    }
    out << "# line " << directive.line << ": " << CommentSafe(DirectiveText(directive)) << "\n"
        << "#   " << CommentSafe(directive.reason) << "\n";
  }
  return out.str();
}

}  // namespace pressoir::config
