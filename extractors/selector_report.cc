// Selector explanations (see selector_report.h).
#include "extractors/selector_report.h"

#include <algorithm>
#include <utility>

namespace pressoir::selector_report {
namespace {

// True when some element of `pages` has one of `names` (lower-case attribute names).
bool AnyElementHasAttribute(const std::vector<const dom::Document*>& pages, const std::vector<std::string>& names) {
  for (const dom::Document* page : pages) {
    if (page == nullptr) continue;
    bool found = false;
    dom::Walk(const_cast<dom::Node*>(page->root()), [&](dom::Node* node) {
      if (found) return false;
      if (!node->IsElement()) return node->kind == dom::NodeKind::kDocument;
      for (const dom::Attribute& attribute : node->attributes) {
        if (std::binary_search(names.begin(), names.end(), attribute.name)) found = true;
      }
      return !found;
    });
    if (found) return true;
  }
  return false;
}

std::string Plural(size_t count, const char* word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

// `uncovered`: how many pages no selector of the line's key matches (a key's selectors are
// alternatives: one design per selector).
std::string Explain(const std::string& key, const selector::Selector& selector, const SelectorLine& line,
                    const std::vector<const dom::Document*>& pages, size_t uncovered) {
  const std::string on = line.pages > 1 ? " on " + Plural(line.pages, "page") : "";
  if (line.matches == 0) {
    const std::vector<std::string>& attributes = selector.reads().attributes;
    if (!attributes.empty() && !AnyElementHasAttribute(pages, attributes)) {
      std::string names;
      for (const std::string& name : attributes) names += (names.empty() ? "" : ", ") + name;
      return "matches nothing: no element has the attribute(s) it tests (" + names + ")";
    }
    if (key == "remove") return "matches nothing" + on + " (a block other pages have, or a stale selector)";
    return "matches nothing" + on + ": check its class and id names against the page";
  }
  std::string explanation = "matches " + Plural(line.matches, "element");
  if (line.pages > 1) {
    explanation += " on " + std::to_string(line.pages_matched) + " of " + Plural(line.pages, "page");
  }
  if (key == "body" && line.max_on_one_page > kManyBodyMatches) {
    explanation += "; " + std::to_string(line.max_on_one_page) +
                   " on one page: their texts are all joined into the body (a class the teasers share?)";
  } else if ((key == "title" || key == "date" || key == "author") && line.max_on_one_page > kManyMetadataMatches) {
    explanation +=
        "; " + std::to_string(line.max_on_one_page) + " on one page: the first non-empty one is used, whichever it is";
  } else if (line.pages_matched < line.pages && key != "remove") {
    explanation += uncovered == 0 ? "; the key's other selectors match the other pages"
                                  : "; " + Plural(uncovered, "page") + " matched by no " + key + " selector";
  }
  if (selector.reads().text) explanation += "; reads text, so the page is parsed unfiltered (slower)";
  return explanation;
}

}  // namespace

std::vector<SelectorLine> Report(const rules::SiteRules& rules, const std::vector<const dom::Document*>& pages) {
  const std::pair<const char*, const std::vector<selector::Selector>*> keys[] = {
      {"body", &rules.body}, {"remove", &rules.remove}, {"title", &rules.title},
      {"date", &rules.date}, {"author", &rules.author}, {"lede", &rules.lede},
  };
  std::vector<SelectorLine> report;
  for (const auto& [key, selectors] : keys) {
    const size_t first = report.size();
    std::vector<bool> covered(pages.size(), false);
    for (const selector::Selector& selector : *selectors) {
      SelectorLine line;
      line.key = key;
      line.selector = selector.source();
      for (size_t i = 0; i < pages.size(); ++i) {
        if (pages[i] == nullptr) continue;
        ++line.pages;
        size_t count = selector.Select(const_cast<dom::Node*>(pages[i]->root())).size();
        line.matches += count;
        line.pages_matched += count > 0 ? 1 : 0;
        line.max_on_one_page = std::max(line.max_on_one_page, count);
        if (count > 0) covered[i] = true;
      }
      report.push_back(std::move(line));
    }
    size_t uncovered = 0;
    for (size_t i = 0; i < pages.size(); ++i) uncovered += pages[i] != nullptr && !covered[i] ? 1u : 0u;
    for (size_t i = first; i < report.size(); ++i) {
      report[i].explanation = Explain(key, (*selectors)[i - first], report[i], pages, uncovered);
    }
  }
  return report;
}

std::string FormatLine(const SelectorLine& line) { return line.key + " '" + line.selector + "': " + line.explanation; }

}  // namespace pressoir::selector_report
