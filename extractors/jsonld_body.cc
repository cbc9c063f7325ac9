// JSON-LD articleBody (see jsonld_body.h).
#include "extractors/jsonld_body.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "base/ascii.h"

namespace pressoir::jsonld {
namespace {

using nlohmann::json;

// JSON-LD nests objects in arrays, @graph and properties; a page's blocks are small, but the
// walk is bounded all the same.
constexpr int kMaxDepth = 16;

void FindLongestBody(const json& value, int depth, std::string& best) {
  if (depth > kMaxDepth) return;
  if (value.is_array()) {
    for (const json& item : value) FindLongestBody(item, depth + 1, best);
    return;
  }
  if (!value.is_object()) return;
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (it.key() == "articleBody" && it.value().is_string()) {
      const std::string& body = it.value().get_ref<const std::string&>();
      if (body.size() > best.size()) best = body;
    } else if (it.value().is_structured()) {
      FindLongestBody(it.value(), depth + 1, best);
    }
  }
}

}  // namespace

std::vector<text::Paragraph> ArticleBody(const dom::Document& document) {
  std::string best;
  dom::Walk(const_cast<dom::Node*>(document.root()), [&](dom::Node* node) {
    if (!node->IsElement()) return node->kind == dom::NodeKind::kDocument;
    if (!node->Is("script")) return true;
    const std::string* type = node->Attr("type");
    if (type != nullptr && ascii::EqualsIgnoreCase(ascii::TrimHtmlSpace(*type), "application/ld+json")) {
      json parsed = json::parse(dom::TextContent(node), nullptr, /*allow_exceptions=*/false);
      if (!parsed.is_discarded()) FindLongestBody(parsed, 0, best);
    }
    return false;
  });
  std::vector<text::Paragraph> paragraphs;
  size_t start = 0;
  while (start < best.size()) {
    size_t end = best.find('\n', start);
    if (end == std::string::npos) end = best.size();
    std::string line = text::CollapseWhitespace(std::string_view(best).substr(start, end - start));
    if (!line.empty()) paragraphs.push_back({std::move(line), text::BlockKind::kParagraph, nullptr});
    start = end + 1;
  }
  return paragraphs;
}

}  // namespace pressoir::jsonld
