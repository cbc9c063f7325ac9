// The extraction cascade (see extract.h).
#include "extractors/extract.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <unordered_set>

#include "base/ascii.h"
#include "extractors/authors.h"
#include "extractors/body_cleaner.h"
#include "extractors/dates.h"
#include "extractors/generic_extractor.h"
#include "extractors/html_parser.h"
#include "extractors/jsonld_body.h"
#include "extractors/language.h"
#include "extractors/link_scanner.h"
#include "extractors/strip_non_text.h"
#include "extractors/text_runs.h"

namespace pressoir::extract {
namespace {

// A short description of an element for --explain lines: tag#id.class "first words".
std::string Describe(const dom::Node& node) {
  std::string description = node.tag;
  if (const std::string* id = node.Attr("id"); id != nullptr && !id->empty()) description += "#" + *id;
  if (const std::string* classes = node.Attr("class"); classes != nullptr && !classes->empty()) {
    std::string collapsed = text::CollapseWhitespace(*classes);
    std::replace(collapsed.begin(), collapsed.end(), ' ', '.');
    description += "." + collapsed;
  }
  std::string words = text::TruncateUtf8(text::CollapseWhitespace(dom::TextContent(&node)), 60);
  if (!words.empty()) description += " \"" + words + "\"";
  return description;
}

size_t CountChars(const std::vector<text::Paragraph>& paragraphs) {
  size_t chars = 0;
  for (const text::Paragraph& paragraph : paragraphs) chars += paragraph.text.size();
  return chars;
}

void CollectLinks(const dom::Document& document, Article& article) {
  dom::Walk(const_cast<dom::Node*>(document.root()), [&](dom::Node* node) {
    if (!node->IsElement()) return node->kind == dom::NodeKind::kDocument;
    if (node->tag == "a" || node->tag == "area") {
      if (const std::string* href = node->Attr("href")) article.links.push_back(*href);
    } else if (node->tag == "base" && article.base_href.empty()) {
      if (const std::string* href = node->Attr("href")) article.base_href = *href;
    } else if (node->tag == "link") {
      const std::string* rel = node->Attr("rel");
      const std::string* href = node->Attr("href");
      if (href != nullptr && rel != nullptr && ascii::ContainsIgnoreCase(*rel, "alternate")) {
        const std::string* type = node->Attr("type");
        article.alternates.push_back({type ? *type : std::string(), *href});
      }
    }
    return true;
  });
}

// Records a decision about `node` (a text node stands for its element) when the caller asked
// for them (ExtractOptions::node_id_attribute).
void Record(const ExtractOptions& options, Article& article, NodeDecision::Kind kind, const dom::Node* node,
            std::string by) {
  if (options.node_id_attribute.empty() || node == nullptr) return;
  const dom::Node* element = node->IsElement() ? node : node->parent;
  const std::string* id = element != nullptr ? element->Attr(options.node_id_attribute) : nullptr;
  if (id != nullptr) article.decisions.push_back({kind, *id, std::move(by)});
}

// The blocks of `body`, so that a step that drops paragraphs can record which ones it dropped.
std::unordered_set<const dom::Node*> Blocks(const std::vector<text::Paragraph>& body) {
  std::unordered_set<const dom::Node*> blocks;
  for (const text::Paragraph& paragraph : body) blocks.insert(paragraph.block);
  return blocks;
}

// Records as removed by `by` the blocks of `before` that the body no longer has.
void RecordDropped(const ExtractOptions& options, const std::unordered_set<const dom::Node*>& before, Article& article,
                   const std::string& by) {
  if (options.node_id_attribute.empty()) return;
  std::unordered_set<const dom::Node*> after = Blocks(article.body);
  for (const dom::Node* block : before) {
    if (after.count(block) == 0) Record(options, article, NodeDecision::Kind::kRemoved, block, by);
  }
}

// The first non-empty string of the first selector that gives one; `node` (when not null) gets
// the first element that selector matched, for Record().
std::string FirstString(const std::vector<selector::Selector>& selectors, dom::Node* root,
                        std::string* matched = nullptr, const dom::Node** node = nullptr) {
  for (const selector::Selector& selector : selectors) {
    for (const std::string& value : selector.SelectStrings(root)) {
      std::string collapsed = text::CollapseWhitespace(value);
      if (collapsed.empty()) continue;
      if (matched != nullptr) *matched = selector.source();
      if (node != nullptr) {
        std::vector<dom::Node*> nodes = selector.Select(root);
        *node = nodes.empty() ? nullptr : nodes.front();
      }
      return collapsed;
    }
  }
  return "";
}

// Replaces the provenance of `field` (a rule's selector overrides what the page said).
void SetSource(metadata::Metadata& metadata, const char* field, std::string source) {
  std::erase_if(metadata.sources, [&](const metadata::Provenance& p) { return p.field == field; });
  metadata.sources.push_back({field, std::move(source)});
}

bool IsInsideAny(const dom::Node* node, const std::vector<dom::Node*>& roots) {
  for (const dom::Node* ancestor = node; ancestor != nullptr; ancestor = ancestor->parent) {
    if (std::find(roots.begin(), roots.end(), ancestor) != roots.end()) return true;
  }
  return false;
}

// Step 1: the site rule. Returns false when no body selector found text.
bool ApplyRule(dom::Document& document, const rules::SiteRules& rules, const ExtractOptions& options,
               Article& article) {
  dom::Node* root = document.root();
  // Metadata first: a rule may remove the byline block it reads the author and date from.
  metadata::Metadata& metadata = article.metadata;
  std::string matched;
  const dom::Node* source = nullptr;
  const dom::Node** source_out = options.node_id_attribute.empty() ? nullptr : &source;
  if (std::string title = FirstString(rules.title, root, &matched, source_out); !title.empty()) {
    metadata.title = title;
    SetSource(metadata, "title", "selector '" + matched + "'");
    Record(options, article, NodeDecision::Kind::kTitle, source, "title: " + matched);
  }
  // A rule's date selector wins over every evidence of the page (dates.h ranks those).
  if (std::string date = FirstString(rules.date, root, &matched, source_out); !date.empty()) {
    if (auto parsed = dates::ParseDateValue(date, dates::DayOrderFor(metadata.declared_language));
        parsed && dates::IsPlausible(*parsed, options.fetch_time)) {
      metadata.date = parsed->iso;
      SetSource(metadata, "date", "selector '" + matched + "'");
      Record(options, article, NodeDecision::Kind::kDate, source, "date: " + matched);
    }
  }
  if (std::string author = FirstString(rules.author, root, &matched, source_out); !author.empty()) {
    if (std::vector<std::string> names = authors::CleanAuthors({author}, metadata.site_name); !names.empty()) {
      metadata.authors = std::move(names);
      SetSource(metadata, "authors", "selector '" + matched + "'");
      Record(options, article, NodeDecision::Kind::kAuthor, source, "author: " + matched);
    }
  }
  for (const selector::Selector& remove : rules.remove) {
    for (dom::Node* node : remove.Select(root)) {
      if (options.explain) article.explain.push_back("removed by '" + remove.source() + "': " + Describe(*node));
      Record(options, article, NodeDecision::Kind::kRemoved, node, "remove: " + remove.source());
      node->Detach();
    }
  }

  for (const selector::Selector& body : rules.body) {
    std::vector<dom::Node*> roots = body.Select(root);
    std::vector<const dom::Node*> const_roots(roots.begin(), roots.end());
    std::vector<text::Paragraph> paragraphs = text::Serialize(const_roots);
    if (paragraphs.empty()) continue;
    std::vector<text::Paragraph> lede;
    for (const selector::Selector& lede_selector : rules.lede) {
      for (dom::Node* node : lede_selector.Select(root)) {
        Record(options, article, NodeDecision::Kind::kLede, node, "lede: " + lede_selector.source());
        if (IsInsideAny(node, roots)) continue;  // already serialized in place
        for (text::Paragraph& paragraph : text::Serialize(node)) lede.push_back(std::move(paragraph));
      }
      if (!lede.empty()) break;
    }
    article.body = std::move(lede);
    for (text::Paragraph& paragraph : paragraphs) article.body.push_back(std::move(paragraph));
    article.extractor = ExtractorStep::kRule;
    article.matched_selector = body.source();
    for (const dom::Node* node : roots)
      Record(options, article, NodeDecision::Kind::kBody, node, "body: " + body.source());
    if (options.explain) {
      article.explain.push_back("body: '" + body.source() + "' matched " + std::to_string(roots.size()) +
                                " element(s)");
    }
    return true;
  }
  if (options.explain && !rules.body.empty()) article.explain.push_back("body: no selector found text");
  return false;
}

// The step of the generic cascade named `step` (GenericResult::step, generic_extractor.h).
ExtractorStep GenericStep(std::string_view step) {
  if (step == "main") return ExtractorStep::kGenericMain;
  if (step == "merged") return ExtractorStep::kGenericMerged;
  if (step == "relaxed") return ExtractorStep::kGenericRelaxed;
  if (step == "fallback") return ExtractorStep::kGenericFallback;
  assert(step == "none" && "a generic step that ExtractorStep does not name");
  return ExtractorStep::kGenericNone;
}

// Drops the lines that the rule names; a paragraph left with no line is dropped.
void DropRuleLines(const rules::SiteRules& rules, const ExtractOptions& options, Article& article) {
  if (rules.drop_lines.empty() && rules.drop_patterns.empty()) return;
  std::unordered_set<std::string> exact;
  for (const std::string& line : rules.drop_lines) exact.insert(text::CollapseWhitespace(line));
  std::vector<text::Paragraph> kept;
  for (text::Paragraph& paragraph : article.body) {
    std::string remaining;
    size_t start = 0;
    while (start <= paragraph.text.size()) {
      size_t end = paragraph.text.find('\n', start);
      if (end == std::string::npos) end = paragraph.text.size();
      std::string line = paragraph.text.substr(start, end - start);
      start = end + 1;
      std::string reason;
      if (exact.count(text::CollapseWhitespace(line)) > 0) {
        reason = "drop_lines";
      } else {
        for (const regex::Regex& pattern : rules.drop_patterns) {
          if (pattern.Search(line)) {
            reason = "drop_patterns '" + pattern.source() + "'";
            break;
          }
        }
      }
      if (!reason.empty()) {
        if (options.explain) article.explain.push_back("dropped line (" + reason + "): " + line);
        continue;
      }
      if (!remaining.empty()) remaining.push_back('\n');
      remaining += line;
    }
    if (remaining.empty()) continue;
    paragraph.text = std::move(remaining);
    kept.push_back(std::move(paragraph));
  }
  article.body = std::move(kept);
}

// What the extraction selectors of `rules` can observe of a page, all together.
selector::DocumentReads RuleReads(const rules::SiteRules& rules, bool& has_selectors) {
  selector::DocumentReads reads;
  has_selectors = false;
  for (const auto* list : {&rules.body, &rules.remove, &rules.title, &rules.date, &rules.author, &rules.lede}) {
    for (const selector::Selector& selector : *list) {
      reads.Merge(selector.reads());
      has_selectors = true;
    }
  }
  return reads;
}

// The pre-parse filter's options for `rules` (see ParseForRules), or nullopt for no filter.
std::optional<html::StripOptions> FilterFor(const rules::SiteRules* rules) {
  bool has_selectors = false;
  if (rules == nullptr) return html::StripOptions{};
  selector::DocumentReads reads = RuleReads(*rules, has_selectors);
  if (!has_selectors) return html::StripOptions{};
  if (reads.text) return std::nullopt;
  html::StripOptions options;
  options.keep_attributes = std::move(reads.attributes);
  options.keep_all_attributes = reads.all_attributes;
  options.keep_elements = true;
  return options;
}

// FilterFor(rules), with link targets emptied when no reader of this extraction needs them:
// only the crawler's link collection and page_type's teaser-card check (which needs a page URL)
// read where a link leads; a rule's selectors keep what they read (keep_attributes).
std::optional<html::StripOptions> FilterFor(const rules::SiteRules* rules, const ExtractOptions& options) {
  std::optional<html::StripOptions> filter = FilterFor(rules);
  if (filter && !filter->keep_elements && !options.collect_links && options.page_url.empty()) {
    filter->empty_link_targets = true;
  }
  return filter;
}

dom::Document Parse(std::string_view utf8_html, const std::optional<html::StripOptions>& options) {
  // Scripts, styles, SVG and comments never hold article text: dropping their bytes before
  // parsing saves more time than building their DOM nodes and skipping them afterwards.
  if (!options.has_value()) return html::ParseHtml(utf8_html);
  // The text is set aside while Gumbo builds the tree, and put back in its text nodes
  // (text_runs.h): Gumbo spends half of its time on text, character by character.
  html::TextRuns runs;
  std::string filtered = html::StripNonText(utf8_html, *options, &runs);
  return html::ParseHtml(filtered, &runs);
}

// The page's type and the body's confidence (page_type.h), with their evidence for --explain.
void ClassifyPage(const page_type::PageSignals& signals, std::string_view utf8_html, const ExtractOptions& options,
                  Article& article) {
  page_type::ExtractionFacts facts;
  facts.body = &article.body;
  facts.step = ExtractorName(article.extractor);
  facts.declares_article = article.metadata.declares_article;
  facts.url = options.page_url;
  facts.html = utf8_html;
  facts.title = article.metadata.title;
  facts.has_date = !article.metadata.date.empty();
  facts.has_authors = !article.metadata.authors.empty();
  page_type::Verdict verdict = page_type::Classify(signals, facts);
  article.page_type = verdict.type;
  article.confidence = verdict.confidence;
  if (options.explain) {
    for (std::string& line : verdict.evidence) article.explain.push_back(std::move(line));
  }
}

// The value of a metadata field, as --explain shows it.
std::string MetadataValue(const metadata::Metadata& metadata, std::string_view field) {
  if (field == "title") return metadata.title;
  if (field == "date") return metadata.date;
  if (field == "date_modified") return metadata.date_modified;
  if (field == "language") return metadata.language.empty() ? "null" : metadata.language;
  if (field == "authors") {
    std::string names;
    for (const std::string& name : metadata.authors) names += (names.empty() ? "" : "; ") + name;
    return names;
  }
  return "";
}

// The article's language: the rule's, the declared one, or CLD2's reading of the text when the
// page declares none or one its text contradicts (language.h). The text read is bounded there.
void DecideLanguage(const rules::SiteRules* rules, Article& article) {
  std::string sample = article.metadata.title;
  for (const text::Paragraph& paragraph : article.body) {
    if (sample.size() >= language::kMaxDetectBytes) break;
    sample += "\n";
    sample += paragraph.text;
  }
  language::Decision decision =
      language::Decide(article.metadata.declared_language, rules != nullptr ? rules->language : "", sample);
  article.metadata.language = decision.language;
  article.metadata.language_source = decision.source;
  SetSource(article.metadata, "language",
            decision.language.empty() ? "no declaration and no reliable detection (" + decision.detail + ")"
                                      : decision.source + " (" + decision.detail + ")");
}

}  // namespace

dom::Document ParseForRules(std::string_view utf8_html, const rules::SiteRules* rules) {
  return Parse(utf8_html, FilterFor(rules));
}

std::vector<std::string> ExtractLinks(std::string_view utf8_html, std::string* base_href,
                                      std::vector<AlternateLink>* alternates) {
  // No DOM: the token stream has every link, at a fraction of a parse's cost.
  links::PageLinks found = links::ScanLinks(utf8_html);
  if (base_href != nullptr) *base_href = std::move(found.base_href);
  if (alternates != nullptr) {
    alternates->clear();
    for (links::AlternateLinkTag& link : found.alternates)
      alternates->push_back({std::move(link.type), std::move(link.href)});
  }
  return std::move(found.hrefs);
}

const char* ExtractorName(ExtractorStep step) {
  switch (step) {
    case ExtractorStep::kGenericNone:
      return "generic:none";
    case ExtractorStep::kRule:
      return "rule";
    case ExtractorStep::kGenericMain:
      return "generic:main";
    case ExtractorStep::kGenericMerged:
      return "generic:merged";
    case ExtractorStep::kGenericRelaxed:
      return "generic:relaxed";
    case ExtractorStep::kGenericFallback:
      return "generic:fallback";
    case ExtractorStep::kGenericJsonLd:
      return "generic:jsonld";
  }
  return "generic:none";  // not reached: every step is named above
}

size_t Article::BodyChars() const { return CountChars(body); }

std::string Article::Text(bool include_title) const {
  std::string body_text = text::JoinParagraphs(body);
  if (!include_title || metadata.title.empty()) return body_text;
  if (body_text.empty()) return metadata.title;
  return metadata.title + "\n\n" + body_text;
}

bool Article::FoundMainContent() const {
  return extractor != ExtractorStep::kGenericFallback && extractor != ExtractorStep::kGenericNone;
}

Article Extract(std::string_view utf8_html, const rules::SiteRules* rules, const ExtractOptions& options) {
  dom::Document document = Parse(utf8_html, FilterFor(rules, options));
  // Read before the cascade changes the document (the generic extractor detaches blocks).
  page_type::PageSignals page_signals = page_type::CollectSignals(document);
  Article article;
  metadata::MetadataOptions metadata_options;
  metadata_options.reference_time = options.fetch_time;
  metadata_options.page_url = options.page_url;
  metadata_options.html = utf8_html;
  article.metadata = metadata::ExtractMetadata(document, metadata_options);
  if (options.collect_links) CollectLinks(document, article);
  if (options.explain)
    article.explain.push_back(rules ? "rule: " + rules->name + " (" + rules->file + ")" : "rule: none");

  bool found = rules != nullptr && ApplyRule(document, *rules, options, article);
  if (!found) {
    generic::GenericOptions generic_options;
    generic_options.min_main_chars = options.min_body_chars;
    generic_options.explain = options.explain;
    generic::GenericResult generic = generic::ExtractGeneric(document, generic_options);
    article.body = std::move(generic.paragraphs);
    article.extractor = GenericStep(generic.step);
    for (const dom::Node* node : generic.roots) {
      Record(options, article, NodeDecision::Kind::kBody, node, ExtractorName(article.extractor));
    }
    for (size_t i = 0; i < generic.pruned.size() && i < generic.pruned_nodes.size(); ++i) {
      const dom::Node* node = generic.pruned_nodes[i];
      if (std::find(generic.roots.begin(), generic.roots.end(), node) != generic.roots.end()) continue;
      const std::string& line = generic.pruned[i];
      size_t why = line.find("chars: ");  // "<div class=\"x\"> 120 chars: why"
      Record(options, article, NodeDecision::Kind::kRemoved, node,
             "generic: " + (why == std::string::npos ? line : line.substr(why + 7)));
    }
    for (std::string& line : generic.pruned) article.explain.push_back(std::move(line));
    // Step 3: a page whose HTML holds no article (a script renders it) may give the text in
    // its JSON-LD. Looked for only then: it walks the whole document again.
    if (!article.FoundMainContent() || article.BodyChars() < options.min_body_chars) {
      std::vector<text::Paragraph> jsonld = jsonld::ArticleBody(document);
      if (CountChars(jsonld) >= options.min_body_chars && CountChars(jsonld) > article.BodyChars()) {
        article.body = std::move(jsonld);
        article.extractor = ExtractorStep::kGenericJsonLd;
        if (options.explain) article.explain.push_back("body: JSON-LD articleBody");
      }
    }
  }
  const bool recording = !options.node_id_attribute.empty();
  std::unordered_set<const dom::Node*> before;
  if (recording) before = Blocks(article.body);
  if (rules != nullptr) DropRuleLines(*rules, options, article);
  RecordDropped(options, before, article, "drop_lines");

  std::vector<text::Paragraph> repeated;
  article.body = text::DropRepeatedParagraphs(std::move(article.body), options.explain ? &repeated : nullptr);
  for (const text::Paragraph& paragraph : repeated) {
    article.explain.push_back("dropped repeated paragraph: " + text::TruncateUtf8(paragraph.text, 80));
    Record(options, article, NodeDecision::Kind::kRemoved, paragraph.block, "repeated paragraph");
  }
  // In-body cleaning: captions, promotions, widget headings (body_cleaner.h). A rule can turn
  // it off for a site whose text it would cut.
  if (rules == nullptr || rules->clean) {
    if (recording) before = Blocks(article.body);
    article.body = clean::CleanBody(std::move(article.body), options.explain ? &article.explain : nullptr);
    RecordDropped(options, before, article, "body cleaning");
  }
  // A title repeated as the first paragraph (an <h1> inside the body) is printed once.
  if (!article.body.empty() && text::CollapseWhitespace(article.body.front().text) == article.metadata.title) {
    Record(options, article, NodeDecision::Kind::kRemoved, article.body.front().block, "repeats the title");
    article.body.erase(article.body.begin());
  }
  for (const text::Paragraph& paragraph : article.body) {
    Record(options, article, NodeDecision::Kind::kKept, paragraph.block, "kept");
  }
  DecideLanguage(rules, article);
  // Title, date and author read from an element of the page by the generic metadata (a rule's
  // selectors recorded their own in ApplyRule, and replaced these sources).
  for (const metadata::Provenance& provenance : article.metadata.sources) {
    if (provenance.element == nullptr) continue;
    std::optional<NodeDecision::Kind> kind;
    if (provenance.field == "title") kind = NodeDecision::Kind::kTitle;
    if (provenance.field == "date") kind = NodeDecision::Kind::kDate;
    if (provenance.field == "authors") kind = NodeDecision::Kind::kAuthor;
    if (kind) Record(options, article, *kind, provenance.element, provenance.field + ": " + provenance.source);
  }
  if (options.explain) {
    for (const metadata::Provenance& provenance : article.metadata.sources) {
      article.explain.push_back("metadata: " + provenance.field + " = " +
                                MetadataValue(article.metadata, provenance.field) + " from " + provenance.source);
    }
  }
  ClassifyPage(page_signals, utf8_html, options, article);
  return article;
}

}  // namespace pressoir::extract
