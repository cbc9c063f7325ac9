// DOM to reader-friendly text: the paragraphs a person sees when reading the page.
//
// Block elements (p, div, li, h1-h6, blockquote, ...) each start a new paragraph; inline
// elements join with single spaces; <br> breaks the line inside a paragraph; whitespace is
// collapsed. Elements that never carry readable text (script, style, noscript, template, form,
// button, iframe, svg, ...) and hidden elements (`hidden`, aria-hidden="true", inline
// display:none or visibility:hidden) are skipped with their whole subtree.
#ifndef PRESSOIR_EXTRACTORS_TEXT_SERIALIZER_H_
#define PRESSOIR_EXTRACTORS_TEXT_SERIALIZER_H_

#include <string>
#include <string_view>
#include <vector>

#include "extractors/dom.h"

namespace pressoir::text {

enum class BlockKind { kParagraph, kHeading, kListItem, kQuote, kPreformatted, kTableCell };

struct Paragraph {
  std::string text;  // trimmed, collapsed; may contain '\n' from <br>
  BlockKind kind = BlockKind::kParagraph;
  const dom::Node* block = nullptr;  // the element that delimited the paragraph (not owned)
};

// Paragraphs of the subtrees below `roots`, in order. Roots that are inside another root are
// serialized once. Empty paragraphs are never returned.
std::vector<Paragraph> Serialize(const std::vector<const dom::Node*>& roots);
std::vector<Paragraph> Serialize(const dom::Node* root);

// True for elements that are never read (script, style, form, ...) or hidden by markup.
bool IsSkippedElement(const dom::Node& element);
// True for elements that start a new paragraph.
bool IsBlockElement(const dom::Node& element);

// Collapses runs of whitespace (including U+00A0 no-break space) to one space and trims.
std::string CollapseWhitespace(std::string_view text);
// CollapseWhitespace of a text given in pieces (the text nodes below an element), without
// first concatenating them: appends the collapsed form of `piece` to `out`, which holds the
// collapsed text of the pieces before it; `pending_space` carries a run of whitespace from one
// piece to the next (start with false and an empty `out`). Pieces must not split a UTF-8
// character (DOM text nodes never do).
void AppendCollapsedWhitespace(std::string_view piece, std::string& out, bool& pending_space);

// Removes text that repeats other text of the same article, line by line: exact repeats of an
// earlier line (an article printed twice) and teaser lines that end in "..." or "…" and repeat
// the start of another, longer line (before or after them). Teasers shorter than
// `min_prefix_chars` are kept. A paragraph left with no line is removed. Appends each removed
// or shortened paragraph, as it was, to `removed` when not null (for --explain).
std::vector<Paragraph> DropRepeatedParagraphs(std::vector<Paragraph> paragraphs,
                                              std::vector<Paragraph>* removed = nullptr, size_t min_prefix_chars = 40);

// At most `limit` bytes of `text`, cut at a UTF-8 character boundary, with "..." when cut
// (for --explain lines).
std::string TruncateUtf8(std::string_view text, size_t limit);

// The paragraphs as corpus text: one paragraph per line, a blank line between paragraphs.
std::string JoinParagraphs(const std::vector<Paragraph>& paragraphs);

}  // namespace pressoir::text

#endif  // PRESSOIR_EXTRACTORS_TEXT_SERIALIZER_H_
