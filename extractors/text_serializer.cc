// Serializes DOM subtrees as paragraphs (see text_serializer.h).
#include "extractors/text_serializer.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "base/ascii.h"

namespace pressoir::text {
namespace {

// Elements whose content is never article text (HTML Living Standard: metadata, scripting,
// embedded and interactive content).
constexpr std::array<std::string_view, 22> kSkippedTags = {
    "head",   "script",   "style", "noscript", "template", "form",   "button", "iframe", "svg", "math",   "select",
    "option", "textarea", "input", "object",   "embed",    "canvas", "audio",  "video",  "map", "dialog", "label"};

// Elements that start a new paragraph (CSS display:block and friends in browsers' UA sheets).
constexpr std::array<std::string_view, 40> kBlockTags = {
    "p",       "div",   "section",  "article", "header",  "footer",  "main",       "aside", "nav",    "h1",
    "h2",      "h3",    "h4",       "h5",      "h6",      "ul",      "ol",         "li",    "dl",     "dt",
    "dd",      "table", "tr",       "td",      "th",      "caption", "blockquote", "pre",   "figure", "figcaption",
    "address", "hr",    "fieldset", "details", "summary", "center",  "body",       "html",  "legend", "hgroup"};

// A set of tag names looked up by first letter and length: one or two comparisons instead of
// a scan of the list (IsBlockElement and IsSkippedElement run on every element of a page).
class TagSet {
 public:
  template <size_t N>
  explicit TagSet(const std::array<std::string_view, N>& tags) {
    for (std::string_view tag : tags) buckets_[Key(tag)].push_back(tag);
  }
  bool Contains(std::string_view tag) const {
    if (tag.empty() || tag.size() > kMaxLength) return false;  // no listed tag is that long
    const std::vector<std::string_view>& bucket = buckets_[Key(tag)];
    return std::find(bucket.begin(), bucket.end(), tag) != bucket.end();
  }

 private:
  static constexpr size_t kMaxLength = 15;
  static size_t Key(std::string_view tag) {
    return (static_cast<unsigned char>(tag[0]) & 31u) * (kMaxLength + 1) + std::min(tag.size(), kMaxLength);
  }
  std::vector<std::string_view> buckets_[32 * (kMaxLength + 1)];
};

const TagSet& SkippedTags() {
  static const TagSet set(kSkippedTags);
  return set;
}

const TagSet& BlockTags() {
  static const TagSet set(kBlockTags);
  return set;
}

// `text` lower-cased without its whitespace, CSS's (CSS Syntax §3.3: HTML's set), so that
// "Display : none" reads "display:none".
std::string LowerWithoutSpace(std::string_view text) {
  std::string lower;
  lower.reserve(text.size());
  for (char c : text) {
    if (ascii::IsHtmlSpace(c)) continue;
    lower.push_back(ascii::ToLower(c));
  }
  return lower;
}

BlockKind KindOf(const dom::Node& element) {
  const std::string& tag = element.tag;
  if (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6') return BlockKind::kHeading;
  if (tag == "li" || tag == "dt" || tag == "dd") return BlockKind::kListItem;
  if (tag == "blockquote") return BlockKind::kQuote;
  if (tag == "pre") return BlockKind::kPreformatted;
  if (tag == "td" || tag == "th") return BlockKind::kTableCell;
  return BlockKind::kParagraph;
}

// Length of the whitespace character at `text[i]` (ASCII or a Unicode space that news pages
// use between words and before French punctuation), or 0 when it is not whitespace.
size_t WhitespaceLength(std::string_view text, size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (ascii::IsSpace(text[i])) return 1;
  if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    unsigned char c3 = static_cast<unsigned char>(text[i + 2]);
    if ((c3 >= 0x80 && c3 <= 0x8A) || c3 == 0xAF) return 3;  // U+2000..U+200A, U+202F
  }
  return 0;
}

// Zero-width characters (U+200B..U+200D, U+FEFF) are invisible and split words in token counts.
size_t InvisibleLength(std::string_view text, size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
    unsigned char c3 = static_cast<unsigned char>(text[i + 2]);
    if (c3 >= 0x8B && c3 <= 0x8D) return 3;
  }
  if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBB &&
      static_cast<unsigned char>(text[i + 2]) == 0xBF) {
    return 3;
  }
  return 0;
}

class Serializer {
 public:
  void Run(const dom::Node* root) {
    // Iterative walk with explicit exit events, so that deep pages cannot overflow the stack.
    struct Step {
      const dom::Node* node;
      bool exiting;
    };
    std::vector<Step> stack{{root, false}};
    while (!stack.empty()) {
      Step step = stack.back();
      stack.pop_back();
      const dom::Node* node = step.node;
      if (step.exiting) {
        Exit(*node);
        continue;
      }
      if (node->IsText()) {
        AppendText(node->text);
        continue;
      }
      if (node->kind == dom::NodeKind::kElement) {
        if (IsSkippedElement(*node)) continue;
        if (node->tag == "br") {
          LineBreak();
          continue;
        }
        Enter(*node);
        stack.push_back({node, true});
      }
      for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) {
        stack.push_back({*it, false});
      }
    }
    Flush();
  }

  std::vector<Paragraph> Take() { return std::move(paragraphs_); }

 private:
  void Enter(const dom::Node& element) {
    if (element.tag == "pre") ++preformatted_depth_;
    if (!IsBlockElement(element)) return;
    Flush();
    blocks_.push_back(&element);
  }

  void Exit(const dom::Node& element) {
    if (element.tag == "pre") --preformatted_depth_;
    if (!IsBlockElement(element)) return;
    Flush();
    if (!blocks_.empty()) blocks_.pop_back();
  }

  void LineBreak() {
    while (!current_.empty() && current_.back() == ' ') current_.pop_back();
    pending_space_ = false;
    if (current_.empty()) return;
    // Two breaks in a row (<br><br>, or <br>&nbsp;<br>) separate paragraphs: older CMSes wrote
    // whole articles that way.
    if (current_.back() == '\n' && preformatted_depth_ == 0) {
      Flush();
      return;
    }
    current_.push_back('\n');
  }

  void AppendText(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
      if (size_t invisible = InvisibleLength(text, i)) {
        i += invisible;
        continue;
      }
      if (preformatted_depth_ > 0 && text[i] == '\n') {
        LineBreak();
        ++i;
        continue;
      }
      if (size_t space = WhitespaceLength(text, i)) {
        if (!current_.empty() && current_.back() != '\n') pending_space_ = true;
        i += space;
        continue;
      }
      if (pending_space_) current_.push_back(' ');
      pending_space_ = false;
      current_.push_back(text[i]);
      ++i;
    }
  }

  void Flush() {
    pending_space_ = false;
    if (current_.empty()) return;
    std::string text;
    size_t start = 0;
    while (start <= current_.size()) {
      size_t end = current_.find('\n', start);
      if (end == std::string::npos) end = current_.size();
      std::string_view line(current_.data() + start, end - start);
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
      if (!line.empty()) {
        if (!text.empty()) text.push_back('\n');
        text.append(line);
      }
      start = end + 1;
    }
    current_.clear();
    if (text.empty()) return;
    const dom::Node* block = blocks_.empty() ? nullptr : blocks_.back();
    paragraphs_.push_back({std::move(text), block ? KindOf(*block) : BlockKind::kParagraph, block});
  }

  std::string current_;
  bool pending_space_ = false;
  int preformatted_depth_ = 0;
  std::vector<const dom::Node*> blocks_;
  std::vector<Paragraph> paragraphs_;
};

bool IsInside(const dom::Node* node, const std::vector<const dom::Node*>& roots) {
  for (const dom::Node* ancestor = node->parent; ancestor != nullptr; ancestor = ancestor->parent) {
    if (std::find(roots.begin(), roots.end(), ancestor) != roots.end()) return true;
  }
  return false;
}

// Lines shorter than this (code points) may repeat: "Q:", "2-1", a player's name in a
// lineup. A title, a lede or a caption printed twice is longer.
constexpr size_t kMinRepeatedLineChars = 30;

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// Text without a trailing ellipsis ("..." or "…"), and whether one was there.
std::pair<std::string_view, bool> StripEllipsis(std::string_view text) {
  bool had_ellipsis = false;
  for (;;) {
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.remove_suffix(1);
    if (text.ends_with("...")) {
      text.remove_suffix(3);
    } else if (text.ends_with("\xE2\x80\xA6")) {  // U+2026
      text.remove_suffix(3);
    } else {
      break;
    }
    had_ellipsis = true;
  }
  return {text, had_ellipsis};
}

}  // namespace

bool IsSkippedElement(const dom::Node& element) {
  if (!element.IsElement()) return false;
  if (SkippedTags().Contains(element.tag)) return true;
  if (element.Attr("hidden") != nullptr) return true;
  if (const std::string* aria = element.Attr("aria-hidden"); aria != nullptr && *aria == "true") {
    return true;
  }
  if (const std::string* style = element.Attr("style"); style != nullptr) {
    std::string css = LowerWithoutSpace(*style);
    if (css.find("display:none") != std::string::npos || css.find("visibility:hidden") != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool IsBlockElement(const dom::Node& element) { return element.IsElement() && BlockTags().Contains(element.tag); }

void AppendCollapsedWhitespace(std::string_view piece, std::string& out, bool& pending_space) {
  for (size_t i = 0; i < piece.size();) {
    if (size_t space = WhitespaceLength(piece, i)) {
      pending_space = !out.empty();
      i += space;
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(piece[i++]);
  }
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  AppendCollapsedWhitespace(text, out, pending_space);
  return out;
}

std::vector<Paragraph> Serialize(const std::vector<const dom::Node*>& roots) {
  Serializer serializer;
  for (const dom::Node* root : roots) {
    if (root == nullptr || IsInside(root, roots)) continue;
    serializer.Run(root);
  }
  return serializer.Take();
}

std::vector<Paragraph> Serialize(const dom::Node* root) { return Serialize(std::vector<const dom::Node*>{root}); }

std::vector<Paragraph> DropRepeatedParagraphs(std::vector<Paragraph> paragraphs, std::vector<Paragraph>* removed,
                                              size_t min_prefix_chars) {
  // Works line by line: a teaser is often one line of a paragraph (the standfirst, a <br>,
  // then the first paragraph cut with "..."), and wire copy printed twice repeats lines.
  struct Line {
    size_t paragraph;
    std::string text;  // whitespace-collapsed
    bool dropped = false;
  };
  std::vector<Line> lines;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    size_t start = 0;
    const std::string& text = paragraphs[p].text;
    while (start <= text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string line = CollapseWhitespace(std::string_view(text).substr(start, end - start));
      if (!line.empty()) lines.push_back({p, std::move(line)});
      start = end + 1;
    }
  }
  // Views into `lines`, which no longer changes size: no copy of each line for the set.
  std::unordered_set<std::string_view> seen;
  seen.reserve(lines.size());
  std::vector<size_t> teasers;
  for (size_t i = 0; i < lines.size(); ++i) {
    // Only paragraph-level text repeats (a title, a lede, a caption, a dispatch printed
    // twice): table cells, list items and short lines (scores, interview labels, "Q:")
    // legitimately recur inside an article.
    BlockKind kind = paragraphs[lines[i].paragraph].kind;
    bool repeatable = kind == BlockKind::kTableCell || kind == BlockKind::kListItem ||
                      CountCodePoints(lines[i].text) < kMinRepeatedLineChars;
    if (!repeatable && !seen.insert(lines[i].text).second) {
      lines[i].dropped = true;  // an exact repeat of an earlier line
      continue;
    }
    auto [stem, is_teaser] = StripEllipsis(lines[i].text);
    if (is_teaser && stem.size() >= min_prefix_chars) teasers.push_back(i);
  }
  // A teaser repeats the start of another, longer line, before or after it.
  for (size_t t : teasers) {
    auto [stem, unused] = StripEllipsis(lines[t].text);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i == t || lines[i].dropped || lines[i].text.size() <= stem.size()) continue;
      if (lines[i].text.starts_with(stem)) {
        lines[t].dropped = true;
        break;
      }
    }
  }
  // Rebuild paragraphs from the lines that stay; a paragraph left empty is removed.
  std::vector<std::string> kept_text(paragraphs.size());
  std::vector<bool> lost_line(paragraphs.size(), false);
  for (const Line& line : lines) {
    if (line.dropped) {
      lost_line[line.paragraph] = true;
      continue;
    }
    std::string& text = kept_text[line.paragraph];
    if (!text.empty()) text.push_back('\n');
    text += line.text;
  }
  std::vector<Paragraph> result;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    if (kept_text[p].empty()) {
      if (removed != nullptr) removed->push_back(std::move(paragraphs[p]));
      continue;
    }
    if (lost_line[p]) {
      if (removed != nullptr) {
        Paragraph partial = paragraphs[p];
        removed->push_back(std::move(partial));
      }
      paragraphs[p].text = std::move(kept_text[p]);
    }
    result.push_back(std::move(paragraphs[p]));
  }
  return result;
}

std::string TruncateUtf8(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

std::string JoinParagraphs(const std::vector<Paragraph>& paragraphs) {
  std::string out;
  for (const Paragraph& paragraph : paragraphs) {
    if (!out.empty()) out += "\n\n";
    out += paragraph.text;
  }
  return out;
}

}  // namespace pressoir::text
