// Metadata extraction (see metadata.h).
#include "extractors/metadata.h"

#include <array>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <tuple>

#include "base/ascii.h"
#include "extractors/authors.h"
#include "extractors/dates.h"
#include "extractors/language.h"
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

// Every object of a JSON-LD value that has one of the date keys, article objects excluded
// (they were read first): a WebPage's datePublished is weaker evidence than an article's.
void CollectOtherDates(const json& value, std::vector<std::pair<std::string, std::string>>& out, int depth = 0) {
  if (depth > 8) return;
  if (value.is_array()) {
    for (const json& item : value) CollectOtherDates(item, out, depth + 1);
    return;
  }
  if (!value.is_object()) return;
  if (auto type = value.find("@type"); type == value.end() || !IsArticleType(*type)) {
    for (const char* key : {"datePublished", "dateCreated", "dateModified"}) {
      if (std::string date = JsonString(value, key); !date.empty()) out.emplace_back(key, date);
    }
  }
  for (const auto& item : value.items()) {
    if (item.value().is_object() || item.value().is_array()) CollectOtherDates(item.value(), out, depth + 1);
  }
}

// A byline or author element longer than this is a container (an author box with a
// biography), not a name.
constexpr size_t kMaxBylineBytes = 120;

struct PageFacts {
  std::vector<const json*> articles;
  std::vector<json> jsonld_documents;                      // owns what `articles` points into
  std::vector<std::pair<std::string, std::string>> metas;  // property-or-name (lower), content
  std::string html_lang, canonical, title_tag, first_h1;
  std::vector<std::string> rel_authors, itemprop_authors, bylines;  // author evidence in the page
  // The elements of the first <h1> and of the first value of each author list, for
  // Provenance::element.
  const dom::Node* first_h1_node = nullptr;
  const dom::Node* first_rel_author = nullptr;
  const dom::Node* first_itemprop_author = nullptr;
  const dom::Node* first_byline = nullptr;
  std::vector<std::string> unparsed_jsonld;  // JSON-LD that is not valid JSON, for its dates
};

// The text below `node`, or nullopt when it is longer than `limit` bytes: found without
// gathering the text of a large container (a class "author-page" on a page wrapper).
std::optional<std::string> BoundedText(const dom::Node* node, size_t limit) {
  std::string text;
  bool over = false;
  dom::Walk(const_cast<dom::Node*>(node), [&](dom::Node* child) {
    if (over) return false;
    if (child->IsText()) {
      text += child->text;
      over = text.size() > limit;
    }
    return true;
  });
  if (over) return std::nullopt;
  return text;
}

// A class or id naming a byline ("byline", "article-author"). Class names are lower case in
// practice; a plain search keeps this check cheap on every element of the page.
bool IsBylineValue(const std::string& value) {
  return value.find("byline") != std::string::npos || value.find("author") != std::string::npos;
}

PageFacts Collect(const dom::Document& document) {
  PageFacts facts;
  if (const dom::Node* html = document.html()) {
    if (const std::string* lang = html->Attr("lang")) facts.html_lang = *lang;
  }
  std::vector<std::string> jsonld_texts;
  dom::Walk(const_cast<dom::Node*>(document.root()), [&](dom::Node* node) {
    if (!node->IsElement()) return node->kind == dom::NodeKind::kDocument;
    // Compared as string_view: the length is checked first, so most of the comparisons made
    // on every element of the page stop there.
    const std::string_view tag = node->tag;
    if (tag == "meta") {
      const std::string* content = node->Attr("content");
      const std::string* key = node->Attr("property");
      if (key == nullptr) key = node->Attr("name");
      if (key == nullptr) key = node->Attr("itemprop");
      if (content != nullptr && key != nullptr) facts.metas.emplace_back(ToLower(*key), *content);
      if (const std::string* equiv = node->Attr("http-equiv");
          equiv != nullptr && content != nullptr && ascii::EqualsIgnoreCase(*equiv, "content-language")) {
        facts.metas.emplace_back("content-language", *content);
      }
    } else if (tag == "a" || tag == "link") {
      const std::string* rel = node->Attr("rel");
      if (tag == "a" && rel != nullptr && ascii::EqualsIgnoreCase(*rel, "author")) {
        if (facts.rel_authors.empty()) facts.first_rel_author = node;
        facts.rel_authors.push_back(dom::TextContent(node));
        return false;
      }
      if (tag == "a") return true;
      const std::string* href = node->Attr("href");
      if (rel != nullptr && href != nullptr && ascii::EqualsIgnoreCase(*rel, "canonical") && facts.canonical.empty()) {
        facts.canonical = *href;
      }
    } else if (tag == "script") {
      const std::string* type = node->Attr("type");
      if (type != nullptr && ascii::EqualsIgnoreCase(*type, "application/ld+json")) {
        jsonld_texts.push_back(dom::TextContent(node));
      }
      return false;
    } else if (tag == "title") {
      if (facts.title_tag.empty()) facts.title_tag = text::CollapseWhitespace(dom::TextContent(node));
      return false;
    } else if (tag == "h1") {
      if (facts.first_h1.empty()) {
        facts.first_h1 = text::CollapseWhitespace(dom::TextContent(node));
        facts.first_h1_node = node;
      }
      return false;
    } else if (tag == "style" || tag == "svg") {
      return false;
    }
    // One pass over the attributes for both author checks (itemprop first, then byline).
    const std::string* itemprop = nullptr;
    bool byline = false;
    for (const dom::Attribute& attribute : node->attributes) {
      const std::string_view name = attribute.name;
      if (name == "itemprop") {
        if (itemprop == nullptr) itemprop = &attribute.value;
      } else if ((name == "class" || name == "id") && !byline) {
        byline = IsBylineValue(attribute.value);
      }
    }
    if (itemprop != nullptr && ascii::EqualsIgnoreCase(*itemprop, "author") && tag != "meta") {
      if (auto text = BoundedText(node, kMaxBylineBytes)) {
        if (facts.itemprop_authors.empty()) facts.first_itemprop_author = node;
        facts.itemprop_authors.push_back(std::move(*text));
      }
      return false;
    }
    if (byline) {
      if (auto text = BoundedText(node, kMaxBylineBytes)) {
        if (facts.bylines.empty()) facts.first_byline = node;
        facts.bylines.push_back(std::move(*text));
      }
    }
    return true;
  });
  facts.jsonld_documents.reserve(jsonld_texts.size());
  for (const std::string& text : jsonld_texts) {
    // Malformed JSON-LD is common (trailing commas, raw newlines); it is skipped, not fatal.
    json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) {
      facts.jsonld_documents.push_back(std::move(parsed));
    } else {
      facts.unparsed_jsonld.push_back(text);
    }
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

}  // namespace

std::optional<std::string> NormalizeDate(std::string_view text) {
  std::optional<dates::Date> date = dates::ParseDateValue(text, dates::DayOrder::kDayFirst);
  if (!date) return std::nullopt;
  return date->iso;
}

Metadata ExtractMetadata(const dom::Document& document, const MetadataOptions& options) {
  PageFacts facts = Collect(document);
  Metadata metadata;
  auto note = [&](const char* field, std::string source, const dom::Node* element = nullptr) {
    metadata.sources.push_back({field, std::move(source), element});
  };
  dates::HeadEvidence head;
  std::vector<std::string> jsonld_authors;
  std::string title_source = "json-ld headline";
  const dom::Node* title_element = nullptr;
  for (const json* article : facts.articles) {
    if (metadata.title.empty()) metadata.title = JsonString(*article, "headline");
    for (const char* key : {"datePublished", "dateCreated", "dateModified"}) {
      if (std::string date = JsonString(*article, key); !date.empty()) head.jsonld.emplace_back(key, date);
    }
    if (jsonld_authors.empty()) {
      if (auto author = article->find("author"); author != article->end()) AddAuthors(*author, jsonld_authors);
    }
    if (metadata.declared_language.empty()) metadata.declared_language = JsonString(*article, "inLanguage");
    if (metadata.site_name.empty()) {
      if (auto publisher = article->find("publisher"); publisher != article->end() && publisher->is_object()) {
        metadata.site_name = JsonString(*publisher, "name");
      }
    }
  }
  for (const json& document_json : facts.jsonld_documents) CollectOtherDates(document_json, head.jsonld);
  for (std::string_view key : {"og:title", "twitter:title", "dc.title", "title"}) {
    if (!metadata.title.empty()) break;
    metadata.title = Meta(facts, {key});
    title_source = "meta " + std::string(key);
  }
  if (metadata.title.empty()) {
    metadata.title = facts.first_h1;
    title_source = "<h1>";
    title_element = facts.first_h1_node;
  }
  if (metadata.title.empty()) {
    metadata.title = facts.title_tag;
    title_source = "<title>";
  }
  if (std::string site = Meta(facts, {"og:site_name", "application-name"}); !site.empty()) metadata.site_name = site;

  // Language as declared: JSON-LD inLanguage, <html lang>, then <meta>.
  if (metadata.declared_language.empty()) metadata.declared_language = facts.html_lang;
  if (metadata.declared_language.empty())
    metadata.declared_language = Meta(facts, {"og:locale", "content-language", "language", "dc.language"});
  metadata.declared_language = ToLower(text::CollapseWhitespace(metadata.declared_language));
  for (char& c : metadata.declared_language) {
    if (c == '_') c = '-';
  }
  metadata.language = language::PrimaryTag(metadata.declared_language);
  if (!metadata.language.empty()) metadata.language_source = "declared";

  metadata.declares_article = !facts.articles.empty() || ToLower(Meta(facts, {"og:type"})) == "article";
  metadata.canonical_url =
      facts.canonical.empty() ? Meta(facts, {"og:url"}) : text::CollapseWhitespace(facts.canonical);

  // Dates.
  head.metas = facts.metas;
  head.unparsed_jsonld = std::move(facts.unparsed_jsonld);
  head.titles = {metadata.title, facts.title_tag};
  dates::DateOptions date_options;
  date_options.reference_time = options.reference_time;
  date_options.html = options.html;
  for (const std::string& url : {metadata.canonical_url, options.page_url}) {
    if (!url.empty() && url.find("://") != std::string::npos) date_options.urls.push_back(url);
  }
  date_options.order = dates::DayOrderFor(metadata.declared_language, date_options.urls);
  dates::PageDates found = dates::FindDates(document, head, date_options);
  metadata.date = found.published.value;
  metadata.date_modified = found.modified.value;

  // Authors: the first kind of evidence that names someone.
  std::string site_name = metadata.site_name;
  std::vector<std::string> meta_authors;
  for (std::string_view key : {"author", "article:author", "dc.creator", "sailthru.author", "parsely-author"}) {
    std::string value = Meta(facts, {key});
    if (!value.empty()) {
      meta_authors.push_back(value);
      break;
    }
  }
  const std::tuple<const char*, const std::vector<std::string>*, const dom::Node*> author_sources[] = {
      {"json-ld author", &jsonld_authors, nullptr},
      {"meta author", &meta_authors, nullptr},
      {"rel=author", &facts.rel_authors, facts.first_rel_author},
      {"itemprop=author", &facts.itemprop_authors, facts.first_itemprop_author},
      {"byline", &facts.bylines, facts.first_byline},
  };
  for (const auto& [source, values, element] : author_sources) {
    metadata.authors = authors::CleanAuthors(*values, site_name);
    if (!metadata.authors.empty()) {
      note("authors", source, element);
      break;
    }
  }

  if (!metadata.title.empty()) note("title", title_source, title_element);
  if (!metadata.date.empty()) note("date", found.published.source, found.published.element);
  if (!metadata.date_modified.empty()) note("date_modified", found.modified.source, found.modified.element);
  if (!metadata.language.empty()) note("language", "declared: \"" + metadata.declared_language + "\"");
  return metadata;
}

}  // namespace pressoir::metadata
