// Gumbo adapter: the one file that includes gumbo.h. Converts Gumbo's read-only tree into
// the extractors' own dom::Document, iteratively (deep pages must not overflow the stack).
//
// Gumbo allocates every token, node, vector and string separately (malloc/free were a fifth
// of extraction time). Its allocator hooks (GumboOptions.allocator/deallocator) point at a
// per-thread bump arena instead: allocation is a pointer increment, and the whole tree is
// released at once after conversion, so gumbo_destroy_output's walk is not needed at all.
#include "extractors/html_parser.h"

#include "base/ascii.h"
#include "extractors/bound_tree_shape.h"
#include "extractors/charset.h"
#include "extractors/text_runs.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace pressoir::html {
namespace {

// A bump allocator that Gumbo uses for one parse at a time. Deallocation is a no-op; Reset()
// releases everything. The memory is kept for the thread's next parse (no page faults, no
// mmap/munmap per page), up to kMaxRetainedBytes so that one huge page does not pin its
// memory for the rest of the run.
class GumboArena {
 public:
  GumboArena() = default;
  GumboArena(const GumboArena&) = delete;
  GumboArena& operator=(const GumboArena&) = delete;

  void* Allocate(size_t size) {
    size = (size + kAlign - 1) & ~(kAlign - 1);
    if (size > available_) NewChunk(size);
    void* block = next_;
    next_ += size;
    available_ -= size;
    return block;
  }

  // Releases every allocation. Keeps one chunk as large as this parse needed (capped), so
  // that the next parse of a similar page needs no new chunk.
  void Reset() {
    if (chunks_.size() > 1) {
      size_t wanted = std::min(total_, kMaxRetainedBytes);
      chunks_.clear();
      total_ = 0;
      NewChunk(wanted);
    } else if (!chunks_.empty() && chunks_.front().size > kMaxRetainedBytes) {
      chunks_.clear();
      total_ = 0;
    }
    if (chunks_.empty()) {
      next_ = nullptr;
      available_ = 0;
      return;
    }
    next_ = chunks_.front().data.get();
    available_ = chunks_.front().size;
  }

  static void* GumboAllocate(void* arena, size_t size) { return static_cast<GumboArena*>(arena)->Allocate(size); }
  // Memory goes back all at once in Reset().
  static void GumboDeallocate(void* /*arena*/, void* /*block*/) {}

 private:
  static constexpr size_t kAlign = alignof(std::max_align_t);
  static constexpr size_t kMinChunkBytes = size_t{256} << 10;
  static constexpr size_t kMaxRetainedBytes = size_t{16} << 20;

  struct Chunk {
    std::unique_ptr<std::byte[]> data;
    size_t size = 0;
  };

  // Out of line: inlined, it would make every Allocate() save and restore registers.
  [[gnu::noinline]] void NewChunk(size_t at_least) {
    // Geometric growth: a page's needs are met with O(log n) chunks.
    size_t size = std::max({at_least, kMinChunkBytes, total_});
    // new[] of std::byte is aligned to __STDCPP_DEFAULT_NEW_ALIGNMENT__ (16 on x86-64).
    static_assert(kAlign <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);
    chunks_.push_back({std::unique_ptr<std::byte[]>(new std::byte[size]), size});
    total_ += size;
    next_ = chunks_.back().data.get();
    available_ = size;
  }

  std::vector<Chunk> chunks_;
  std::byte* next_ = nullptr;
  size_t available_ = 0;
  size_t total_ = 0;  // bytes in all chunks
};

// Releases a parse's output by resetting the arena that holds all of it (Gumbo's own
// gumbo_destroy_output would only call the no-op deallocator once per allocation).
struct ArenaRelease {
  GumboArena* arena;
  void operator()(GumboOutput* /*output*/) const { arena->Reset(); }
};
using GumboOutputPtr = std::unique_ptr<GumboOutput, ArenaRelease>;

// Names of the tags Gumbo knows, computed once (gumbo_normalized_tagname + strlen per
// element otherwise).
const std::string_view& KnownTagName(GumboTag tag) {
  static const auto names = [] {
    std::array<std::string_view, GUMBO_TAG_UNKNOWN> table;
    for (int i = 0; i < GUMBO_TAG_UNKNOWN; ++i) {
      table[static_cast<size_t>(i)] = gumbo_normalized_tagname(static_cast<GumboTag>(i));
    }
    return table;
  }();
  return names[static_cast<size_t>(tag)];
}

void SetTagName(const GumboElement& element, std::string& tag) {
  if (static_cast<int>(element.tag) < static_cast<int>(GUMBO_TAG_UNKNOWN)) {
    tag.assign(KnownTagName(element.tag));
    return;
  }
  // Custom elements (<amp-img>, <my-widget>): Gumbo keeps only the original "<name ...>" text.
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  tag = ascii::ToLower(std::string_view(piece.data, piece.length));
}

// Gumbo lower-cases attribute names in HTML content (HTML §13.2.5.33) but keeps the
// adjusted case of SVG and MathML ones (viewBox); dom.h promises lower case everywhere.
void SetAttributeName(const char* name, std::string& out) {
  out.assign(name);
  for (char& c : out) c = ascii::ToLower(c);
}

// charset::IsValidUtf8 of a text node or attribute value, with its ASCII prefix (the whole
// of most of them) skipped eight bytes at a time: an ASCII prefix is valid and ends on a
// character boundary, so only what follows it needs the full check.
bool IsValidUtf8Text(std::string_view text) {
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, sizeof word);
    if ((word & kHighBits) != 0) break;
  }
  return charset::IsValidUtf8(text.substr(i));
}

}  // namespace

dom::Document ParseHtml(std::string_view utf8) { return ParseHtml(utf8, nullptr); }

dom::Document ParseHtml(std::string_view utf8, const TextRuns* runs) {
  if (runs != nullptr && runs->size() == 0) runs = nullptr;
  // Gumbo is quadratic in the depth of the tree and the attributes of a tag: bound both first,
  // here, so that every caller is protected (bound_tree_shape.h). Real pages are
  // within the bounds and are parsed as they are, without a copy.
  std::optional<std::string> bounded = BoundTreeShape(utf8);
  if (bounded) utf8 = *bounded;
  thread_local GumboArena arena;
  GumboOptions gumbo_options = kGumboDefaultOptions;
  // Parse errors are of no use to us; not recording them saves memory on broken pages.
  gumbo_options.max_errors = 0;
  gumbo_options.allocator = &GumboArena::GumboAllocate;
  gumbo_options.deallocator = &GumboArena::GumboDeallocate;
  gumbo_options.userdata = &arena;
  GumboOutputPtr output(gumbo_parse_with_options(&gumbo_options, utf8.data(), utf8.size()), ArenaRelease{&arena});

  dom::Document document;
  std::vector<std::pair<const GumboNode*, dom::Node*>> stack;
  stack.reserve(64);
  const GumboVector& top = output->document->v.document.children;
  document.root()->children.reserve(top.length);
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
        SetTagName(element, node->tag);
        if (element.attributes.length > 0) {
          node->attributes.resize(element.attributes.length);
          for (unsigned i = 0; i < element.attributes.length; ++i) {
            const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
            dom::Attribute& copy = node->attributes[i];
            SetAttributeName(attribute->name, copy.name);
            copy.value.assign(attribute->value);
            if (!IsValidUtf8Text(copy.value)) copy.value = charset::ReplaceInvalidUtf8(copy.value);
          }
        }
        if (element.children.length > 0) {
          node->children.reserve(element.children.length);
          for (unsigned i = element.children.length; i > 0; --i) {
            stack.emplace_back(static_cast<const GumboNode*>(element.children.data[i - 1]), node);
          }
        }
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        node = document.NewNode(dom::NodeKind::kText);
        node->text.assign(gumbo_node->v.text.text);
        if (runs != nullptr) RestoreTextRuns(node->text, *runs);
        // Gumbo 0.10 decodes overflowing numeric references (&#6666666666;) to invalid bytes.
        if (!IsValidUtf8Text(node->text)) node->text = charset::ReplaceInvalidUtf8(node->text);
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
