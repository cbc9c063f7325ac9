// Gumbo adapter: the one file that includes gumbo.h. Converts Gumbo's read-only tree into
// the extractors' own dom::Document, iteratively (deep pages must not overflow the stack).
#include "extractors/html_parser.h"

#include <gumbo.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pressoir::html {
namespace {

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};
using GumboOutputPtr = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::string TagName(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(element.tag);
  // Custom elements (<amp-img>, <my-widget>): Gumbo keeps only the original "<name ...>" text.
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return ToLower(std::string_view(piece.data, piece.length));
}

}  // namespace

dom::Document ParseHtml(std::string_view utf8) {
  GumboOptions gumbo_options = kGumboDefaultOptions;
  // Parse errors are of no use to us; not recording them saves memory on broken pages.
  gumbo_options.max_errors = 0;
  GumboOutputPtr output(gumbo_parse_with_options(&gumbo_options, utf8.data(), utf8.size()));

  dom::Document document;
  std::vector<std::pair<const GumboNode*, dom::Node*>> stack;
  const GumboVector& top = output->document->v.document.children;
  for (unsigned i = top.length; i > 0; --i) {
    stack.emplace_back(static_cast<const GumboNode*>(top.data[i - 1]), document.root());
  }
  while (!stack.empty()) {
    auto [gumbo_node, parent] = stack.back();
    stack.pop_back();
    dom::Node* node = nullptr;
    switch (gumbo_node->type) {
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboElement& element = gumbo_node->v.element;
        node = document.NewNode(dom::NodeKind::kElement);
        node->tag = TagName(element);
        node->attributes.reserve(element.attributes.length);
        for (unsigned i = 0; i < element.attributes.length; ++i) {
          const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
          node->attributes.push_back({ToLower(attribute->name), attribute->value});
        }
        for (unsigned i = element.children.length; i > 0; --i) {
          stack.emplace_back(static_cast<const GumboNode*>(element.children.data[i - 1]), node);
        }
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        node = document.NewNode(dom::NodeKind::kText);
        node->text = gumbo_node->v.text.text;
        break;
      case GUMBO_NODE_COMMENT:
      case GUMBO_NODE_DOCUMENT:
        continue;
    }
    node->parent = parent;
    parent->children.push_back(node);
  }
  return document;
}

}  // namespace pressoir::html
