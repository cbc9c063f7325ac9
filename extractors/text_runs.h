// Text runs set aside before parsing: StripNonText (strip_non_text.h) can replace the text
// between two tags by one placeholder character and keep the text here; ParseHtml
// (html_parser.h) puts it back into the text nodes of the tree it builds.
//
// Why: Gumbo 0.10 emits one token per character of text and runs each through the tree
// builder; measured on the extraction benchmark's pre-filtered pages, a byte of text costs it
// about 600 instructions, a byte of markup 300 to 400: text is half of its work. The tree
// builder does the same with two runs of text that have the same leading whitespace followed
// by a character that is not whitespace: the mode that reads the first such character (in
// body, in table text, in a cell, in select, foreign content...) puts that character and all
// the rest of the run in the same text node (the frameset modes aside, which keep only the
// whitespace). So a run can be parsed as its leading whitespace plus one placeholder
// character, and the tree is the same once the text is put back. The conditions that make this
// exact (IsVerbatimText, and the pages StripNonText leaves as written) are listed with each
// function; tests/extractors/text_runs_test.cc compares the trees.
//
// Placeholders are private-use characters U+E000 + index (three UTF-8 bytes, the first 0xEE),
// so at most kMaxTextRuns runs per page are set aside; a page that holds any 0xEE byte of its
// own gets none (its own characters could not be told from placeholders).
#ifndef PRESSOIR_EXTRACTORS_TEXT_RUNS_H_
#define PRESSOIR_EXTRACTORS_TEXT_RUNS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pressoir::html {

inline constexpr size_t kMaxTextRuns = 0x1000;  // U+E000 .. U+EFFF
inline constexpr unsigned char kPlaceholderLead = 0xEE;

struct TextRuns {
  std::string text;            // the runs, one after the other
  std::vector<uint32_t> ends;  // run k is text[ends[k - 1], ends[k]) (ends[-1] = 0)

  size_t size() const { return ends.size(); }
  std::string_view Run(size_t index) const {
    size_t begin = index == 0 ? 0 : ends[index - 1];
    return std::string_view(text).substr(begin, ends[index] - begin);
  }
};

// Appends the placeholder of run `index` (< kMaxTextRuns) to `out`.
inline void AppendPlaceholder(std::string& out, size_t index) {
  out.push_back(static_cast<char>(kPlaceholderLead));
  out.push_back(static_cast<char>(0x80 | ((index >> 6) & 0x3F)));
  out.push_back(static_cast<char>(0x80 | (index & 0x3F)));
}

// True when the HTML5 tokenizer and tree builder keep `text` byte for byte in a text node and
// treat it as a run of characters whose first one is not whitespace: `text` starts with a
// non-whitespace character and holds no character reference ('&'), no carriage return (they
// are normalized), no NUL or other control character but tab, line feed and form feed, no
// invalid UTF-8 and no code point Gumbo replaces by U+FFFD (C1 controls, noncharacters), and no
// 0xEE byte (placeholders).
bool IsVerbatimText(std::string_view text);

// When IsVerbatimText(text): appends `text` to `out` with every run of whitespace reduced to its
// first character (as StripNonText collapses text) and returns true. Otherwise returns false
// and leaves `out` as it was. One pass over `text`.
bool AppendCollapsedVerbatim(std::string_view text, std::string& out);

// Replaces every placeholder in `text` by its run. Text without placeholders is left alone.
void RestoreTextRuns(std::string& text, const TextRuns& runs);

}  // namespace pressoir::html

#endif  // PRESSOIR_EXTRACTORS_TEXT_RUNS_H_
