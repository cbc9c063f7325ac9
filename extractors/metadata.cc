// Metadata extraction (see metadata.h).
#include "extractors/metadata.h"

#include <array>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "base/ascii.h"
#include "extractors/text_serializer.h"

namespace pressoir::metadata {
namespace {

using nlohmann::json;

using ascii::ToLower;

bool IsArticleType(const json& type) {
  static constexpr std::array<std::string_view, 9> kTypes = {
      "NewsArticle",        "Article",           "BlogPosting",           "ReportageNewsArticle", "AnalysisNewsArticle",
      "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting"};
  auto is_article = [](const json& value) {
    if (!value.is_string()) return false;
    const std::string& name = value.get_ref<const std::string&>();
    for (std::string_view article_type : kTypes) {
      if (name == article_type) return true;
    }
    return false;
  };
  if (type.is_array()) {
    for (const json& item : type) {
      if (is_article(item)) return true;
    }
    return false;
  }
  return is_article(type);
}

// Collects article objects from a JSON-LD value: top level, arrays and @graph.
void FindArticles(const json& value, std::vector<const json*>& out, int depth = 0) {
  if (depth > 8) return;
  if (value.is_array()) {
    for (const json& item : value) FindArticles(item, out, depth + 1);
    return;
  }
  if (!value.is_object()) return;
  if (auto type = value.find("@type"); type != value.end() && IsArticleType(*type)) out.push_back(&value);
  if (auto graph = value.find("@graph"); graph != value.end()) FindArticles(*graph, out, depth + 1);
}

std::string JsonString(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return "";
  if (it->is_string()) return text::CollapseWhitespace(it->get<std::string>());
  return "";
}

void AddAuthors(const json& value, std::vector<std::string>& authors, int depth = 0) {
  if (depth > 4) return;
  if (value.is_string()) {
    std::string name = text::CollapseWhitespace(value.get<std::string>());
    if (!name.empty()) authors.push_back(name);
  } else if (value.is_array()) {
    for (const json& item : value) AddAuthors(item, authors, depth + 1);
  } else if (value.is_object()) {
    if (auto name = value.find("name"); name != value.end()) AddAuthors(*name, authors, depth + 1);
  }
}

struct PageFacts {
  std::vector<const json*> articles;
  std::vector<json> jsonld_documents;                      // owns what `articles` points into
  std::vector<std::pair<std::string, std::string>> metas;  // property-or-name (lower), content
  std::string html_lang, canonical, title_tag, first_h1;
};

PageFacts Collect(const dom::Document& document) {
  PageFacts facts;
  if (const dom::Node* html = document.html()) {
    if (const std::string* lang = html->Attr("lang")) facts.html_lang = *lang;
  }
  std::vector<std::string> jsonld_texts;
  dom::Walk(const_cast<dom::Node*>(document.root()), [&](dom::Node* node) {
    if (!node->IsElement()) return node->kind == dom::NodeKind::kDocument;
    const std::string& tag = node->tag;
    if (tag == "meta") {
      const std::string* content = node->Attr("content");
      const std::string* key = node->Attr("property");
      if (key == nullptr) key = node->Attr("name");
      if (key == nullptr) key = node->Attr("itemprop");
      if (content != nullptr && key != nullptr) facts.metas.emplace_back(ToLower(*key), *content);
      if (const std::string* equiv = node->Attr("http-equiv");
          equiv != nullptr && content != nullptr && ToLower(*equiv) == "content-language") {
        facts.metas.emplace_back("content-language", *content);
      }
    } else if (tag == "link") {
      const std::string* rel = node->Attr("rel");
      const std::string* href = node->Attr("href");
      if (rel != nullptr && href != nullptr && ToLower(*rel) == "canonical" && facts.canonical.empty()) {
        facts.canonical = *href;
      }
    } else if (tag == "script") {
      const std::string* type = node->Attr("type");
      if (type != nullptr && ToLower(*type) == "application/ld+json") jsonld_texts.push_back(dom::TextContent(node));
      return false;
    } else if (tag == "title") {
      if (facts.title_tag.empty()) facts.title_tag = text::CollapseWhitespace(dom::TextContent(node));
      return false;
    } else if (tag == "h1") {
      if (facts.first_h1.empty()) facts.first_h1 = text::CollapseWhitespace(dom::TextContent(node));
      return false;
    } else if (tag == "style" || tag == "svg") {
      return false;
    }
    return true;
  });
  facts.jsonld_documents.reserve(jsonld_texts.size());
  for (const std::string& text : jsonld_texts) {
    // Malformed JSON-LD is common (trailing commas, raw newlines); it is skipped, not fatal.
    json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) facts.jsonld_documents.push_back(std::move(parsed));
  }
  for (const json& document_json : facts.jsonld_documents) FindArticles(document_json, facts.articles);
  return facts;
}

std::string Meta(const PageFacts& facts, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    for (const auto& [name, content] : facts.metas) {
      if (name == key) {
        std::string value = text::CollapseWhitespace(content);
        if (!value.empty()) return value;
      }
    }
  }
  return "";
}

int MonthFromName(std::string_view word) {
  std::string lower = ToLower(word);
  // French, English and German month names and their usual abbreviations (prefix match).
  static constexpr std::array<std::array<std::string_view, 3>, 12> kMonths = {{
      {"janv", "jan", "jän"},
      {"févr", "feb", "fev"},
      {"mars", "mar", "mär"},
      {"avr", "apr", "apr"},
      {"mai", "may", "mai"},
      {"juin", "jun", "jun"},
      {"juil", "jul", "jul"},
      {"août", "aug", "aou"},
      {"sept", "sep", "sep"},
      {"oct", "oct", "okt"},
      {"nov", "nov", "nov"},
      {"déc", "dec", "dez"},
  }};
  for (size_t month = 0; month < kMonths.size(); ++month) {
    for (std::string_view name : kMonths[month]) {
      if (lower.starts_with(name)) return static_cast<int>(month) + 1;
    }
  }
  return 0;
}

std::string Pad(int value, int width) {
  std::string digits = std::to_string(value);
  while (static_cast<int>(digits.size()) < width) digits.insert(digits.begin(), '0');
  return digits;
}

bool ValidDate(int year, int month, int day) {
  return year >= 1990 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Splits into runs of digits and runs of letters (UTF-8 bytes >= 0x80 count as letters).
std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  int kind = 0;  // 1 digits, 2 letters
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    int k = ascii::IsDigit(c) ? 1 : (ascii::IsAlpha(c) || u >= 0x80) ? 2 : 0;
    if (k != kind && !current.empty()) {
      tokens.push_back(current);
      current.clear();
    }
    kind = k;
    if (k != 0) current.push_back(c);
  }
  if (!current.empty()) tokens.push_back(current);
  // Ordinal suffixes ("1er mars", "November 1st") belong to the number before them.
  std::vector<std::string> kept;
  for (const std::string& token : tokens) {
    bool ordinal = (token == "er" || token == "st" || token == "nd" || token == "rd" || token == "th") &&
                   !kept.empty() && ascii::IsDigit(kept.back()[0]);
    if (!ordinal) kept.push_back(token);
  }
  return kept;
}

}  // namespace

std::optional<std::string> NormalizeDate(std::string_view text) {
  std::string trimmed = text::CollapseWhitespace(text);
  // ISO 8601: YYYY-MM-DD, optionally followed by a time and zone.
  if (trimmed.size() >= 10 && ascii::IsDigit(trimmed[0]) && trimmed[4] == '-' && trimmed[7] == '-') {
    int year = std::atoi(trimmed.substr(0, 4).c_str());
    int month = std::atoi(trimmed.substr(5, 2).c_str());
    int day = std::atoi(trimmed.substr(8, 2).c_str());
    if (!ValidDate(year, month, day)) return std::nullopt;
    std::string date = trimmed.substr(0, 10);
    if (trimmed.size() >= 16 && (trimmed[10] == 'T' || trimmed[10] == ' ') && trimmed[13] == ':') {
      size_t end = 11;
      while (end < trimmed.size() && (ascii::IsDigit(trimmed[end]) || trimmed[end] == ':' || trimmed[end] == '.' ||
                                      trimmed[end] == '+' || trimmed[end] == '-' || trimmed[end] == 'Z')) {
        ++end;
      }
      date += "T" + trimmed.substr(11, end - 11);
    }
    return date;
  }
  std::vector<std::string> tokens = Tokens(trimmed);
  for (size_t i = 0; i + 2 < tokens.size(); ++i) {
    auto number = [&](size_t k) { return ascii::IsDigit(tokens[k][0]) ? std::atoi(tokens[k].c_str()) : -1; };
    int a = number(i), c = number(i + 2);
    int b_month = MonthFromName(tokens[i + 1]);
    int b = number(i + 1);
    // "06.03.2020" / "06/03/2020": day first.
    if (a > 0 && b > 0 && tokens[i + 2].size() == 4 && ValidDate(c, b, a)) {
      return Pad(c, 4) + "-" + Pad(b, 2) + "-" + Pad(a, 2);
    }
    // "20 novembre 2012", "20 Nov 2012", "Tue, 20 Nov 2012".
    if (a > 0 && b_month > 0 && tokens[i + 2].size() == 4 && ValidDate(c, b_month, a)) {
      return Pad(c, 4) + "-" + Pad(b_month, 2) + "-" + Pad(a, 2);
    }
    // "November 20, 2012".
    int month = MonthFromName(tokens[i]);
    if (month > 0 && b > 0 && tokens[i + 2].size() == 4 && ValidDate(c, month, b)) {
      return Pad(c, 4) + "-" + Pad(month, 2) + "-" + Pad(b, 2);
    }
  }
  return std::nullopt;
}

Metadata ExtractMetadata(const dom::Document& document) {
  PageFacts facts = Collect(document);
  Metadata metadata;
  std::string date_text;
  for (const json* article : facts.articles) {
    if (metadata.title.empty()) metadata.title = JsonString(*article, "headline");
    if (date_text.empty()) date_text = JsonString(*article, "datePublished");
    if (metadata.authors.empty()) {
      if (auto author = article->find("author"); author != article->end()) AddAuthors(*author, metadata.authors);
    }
    if (metadata.language.empty()) metadata.language = JsonString(*article, "inLanguage");
  }
  if (metadata.title.empty()) metadata.title = Meta(facts, {"og:title", "twitter:title", "dc.title", "title"});
  if (metadata.title.empty()) metadata.title = facts.first_h1;
  if (metadata.title.empty()) metadata.title = facts.title_tag;
  if (date_text.empty()) {
    date_text = Meta(facts, {"article:published_time", "datepublished", "date", "pubdate", "publishdate",
                             "dc.date.issued", "dc.date", "dcterms.date", "sailthru.date", "parsely-pub-date",
                             "og:published_time", "article:modified_time"});
  }
  if (auto date = NormalizeDate(date_text)) metadata.date = *date;
  if (metadata.authors.empty()) {
    std::string author = Meta(facts, {"author", "article:author", "dc.creator", "sailthru.author", "parsely-author"});
    // article:author is often a profile URL; a URL is not a name.
    if (!author.empty() && author.find("://") == std::string::npos) metadata.authors.push_back(author);
  }
  if (metadata.language.empty()) metadata.language = facts.html_lang;
  if (metadata.language.empty())
    metadata.language = Meta(facts, {"og:locale", "content-language", "language", "dc.language"});
  metadata.language = ToLower(metadata.language);
  for (char& c : metadata.language) {
    if (c == '_') c = '-';
  }
  metadata.declares_article = !facts.articles.empty() || ToLower(Meta(facts, {"og:type"})) == "article";
  metadata.canonical_url =
      facts.canonical.empty() ? Meta(facts, {"og:url"}) : text::CollapseWhitespace(facts.canonical);
  return metadata;
}

}  // namespace pressoir::metadata
