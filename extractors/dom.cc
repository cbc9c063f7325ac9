// Tree helpers of the extractors' DOM (see dom.h).
#include "extractors/dom.h"

#include <algorithm>

#include "base/ascii.h"

namespace pressoir::dom {

const std::string* Node::Attr(std::string_view name) const {
  for (const Attribute& attribute : attributes) {
    if (attribute.name == name) return &attribute.value;
  }
  return nullptr;
}

bool Node::HasClass(std::string_view class_name) const {
  const std::string* classes = Attr("class");
  if (classes == nullptr || class_name.empty()) return false;
  // The class attribute is a set of space-separated tokens: HTML's ASCII whitespace separates them.
  std::string_view rest(*classes);
  while (true) {
    rest = ascii::TrimLeftIf(rest, ascii::IsHtmlSpace);
    if (rest.empty()) return false;
    size_t end = 0;
    while (end < rest.size() && !ascii::IsHtmlSpace(rest[end])) ++end;
    if (rest.substr(0, end) == class_name) return true;
    rest.remove_prefix(end);
  }
}

std::vector<Node*> Node::ElementChildren() const {
  std::vector<Node*> elements;
  for (Node* child : children) {
    if (child->IsElement()) elements.push_back(child);
  }
  return elements;
}

void Node::Detach() {
  if (parent == nullptr) return;
  auto& siblings = parent->children;
  siblings.erase(std::remove(siblings.begin(), siblings.end(), this), siblings.end());
  parent = nullptr;
}

Document::Document() { root_ = NewNode(NodeKind::kDocument); }

Node* Document::NewNode(NodeKind kind) {
  if (chunk_used_ == chunk_capacity_) {
    constexpr size_t kFirstChunk = 64;
    constexpr size_t kMaxChunk = 4096;
    chunk_capacity_ = chunks_.empty() ? kFirstChunk : std::min(chunk_capacity_ * 2, kMaxChunk);
    chunks_.push_back(std::make_unique<Node[]>(chunk_capacity_));
    chunk_used_ = 0;
  }
  Node& node = chunks_.back()[chunk_used_++];
  node.kind = kind;
  return &node;
}

Node* Document::html() const {
  for (Node* child : root_->children) {
    if (child->Is("html")) return child;
  }
  return nullptr;
}

static Node* ChildOfHtml(const Document& document, std::string_view tag) {
  Node* html = document.html();
  if (html == nullptr) return nullptr;
  for (Node* child : html->children) {
    if (child->Is(tag)) return child;
  }
  return nullptr;
}

Node* Document::head() const { return ChildOfHtml(*this, "head"); }
Node* Document::body() const { return ChildOfHtml(*this, "body"); }

std::string TextContent(const Node* node) {
  std::string out;
  Walk(const_cast<Node*>(node), [&](Node* n) {
    if (n->IsText()) out += n->text;
    return true;
  });
  return out;
}

}  // namespace pressoir::dom
