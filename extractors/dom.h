// A small mutable DOM that every extractor works on.
//
// Gumbo's tree is read-only and awkward to edit, and Gumbo must stay behind one adapter file
// (html_parser.cc). ParseHtml() converts Gumbo's output into this tree once; the selector
// engine, the rule extractor, the generic extractor and the text serializer all use it.
//
// Ownership: a Document owns all of its nodes (an arena); Node pointers are valid as long as
// the Document lives. Nodes detached from the tree stay allocated until the Document dies.
// Thread safety: a Document is not shared between threads; distinct Documents are independent.
#ifndef PRESSOIR_EXTRACTORS_DOM_H_
#define PRESSOIR_EXTRACTORS_DOM_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pressoir::dom {

enum class NodeKind { kDocument, kElement, kText };

struct Attribute {
  std::string name;   // lower-case, as the HTML5 parser normalizes it
  std::string value;  // entity-decoded UTF-8
};

struct Node {
  NodeKind kind = NodeKind::kElement;
  std::string tag;                    // lower-case element name; empty for text and document
  std::vector<Attribute> attributes;  // elements only, in source order
  std::string text;                   // text nodes only: entity-decoded UTF-8 (CDATA included)
  Node* parent = nullptr;             // null for the document and for detached nodes
  std::vector<Node*> children;        // elements and text, in document order

  bool IsElement() const { return kind == NodeKind::kElement; }
  bool IsText() const { return kind == NodeKind::kText; }
  bool Is(std::string_view tag_name) const { return kind == NodeKind::kElement && tag == tag_name; }

  // Value of the attribute, or null when absent. Names are compared lower-case.
  const std::string* Attr(std::string_view name) const;
  // True when the whitespace-separated `class` attribute contains `class_name` exactly.
  bool HasClass(std::string_view class_name) const;
  // Element children only, in order.
  std::vector<Node*> ElementChildren() const;
  // Removes this node from its parent's children. No-op for a detached node.
  void Detach();
};

class Document {
 public:
  Document();
  Document(Document&&) noexcept = default;
  Document& operator=(Document&&) noexcept = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  Node* root() { return root_; }
  const Node* root() const { return root_; }
  // The <html>, <head> and <body> elements; the parser always creates them (HTML5 §13.2).
  Node* html() const;
  Node* head() const;
  Node* body() const;

  // Allocates a node owned by this document; the caller links it into the tree.
  Node* NewNode(NodeKind kind);

 private:
  // Nodes live in chunks that never move (so Node pointers stay valid when the Document is
  // moved), growing geometrically: a page of n nodes costs O(log n) allocations.
  std::vector<std::unique_ptr<Node[]>> chunks_;
  size_t chunk_used_ = 0;      // nodes handed out from chunks_.back()
  size_t chunk_capacity_ = 0;  // nodes in chunks_.back()
  Node* root_ = nullptr;
};

// Calls `visit(node)` for `start` and every descendant in document order (pre-order),
// iteratively, so that pages nested a million levels deep cannot overflow the stack.
// `visit` returns false to skip the node's subtree.
template <typename Visit>
void Walk(Node* start, Visit&& visit) {
  std::vector<Node*> stack{start};
  while (!stack.empty()) {
    Node* node = stack.back();
    stack.pop_back();
    if (!visit(node)) continue;
    for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) stack.push_back(*it);
  }
}

// All text below `node` concatenated raw (no whitespace normalization), like DOM textContent.
std::string TextContent(const Node* node);

}  // namespace pressoir::dom

#endif  // PRESSOIR_EXTRACTORS_DOM_H_
