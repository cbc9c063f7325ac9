// Output formats for articles leaving the corpus: what `pressoir dump` writes (and later
// `extract`), and an output file that appears whole or not at all.
//
//  - txt: each article's non-blank lines (title first), a blank line between articles, so
//    that a blank line only ever separates documents;
//  - jsonl: one JSON object per article and line: every field of its manifest line
//    (manifest.h), keys in the manifest's (alphabetical) order, then "text", the body without
//    the title (the title is its own field);
//  - the jsonl record of `extract` (ExtractRecord): the same article fields, for a page file.
#ifndef PRESSOIR_STORE_OUTPUT_FORMAT_H_
#define PRESSOIR_STORE_OUTPUT_FORMAT_H_

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "store/manifest.h"

namespace pressoir::corpus {

enum class OutputFormat { kTxt, kJsonl };

// "txt" or "jsonl"; nullopt for anything else.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

// The txt block of one article: its non-blank lines, each ending in "\n" (empty when the text
// has none: an empty block must not be written, it would read as a document separator).
std::string TxtBlock(const std::string& text);

// The body of an article file's `text`: the corpus stores the title, a blank line, then the
// body (corpus.h); when `text` starts with the line `title`, that line and the blank lines
// after it are left out. Any other text is returned whole (nothing is lost to a title that
// differs from the first line).
std::string BodyOf(const std::string& text, const std::string& title);

// The jsonl line of one article, with its newline: the manifest fields of `entry` and "text":
// BodyOf(text, entry.title). Invalid UTF-8 is replaced by U+FFFD (a damaged corpus file must
// not abort a dump).
std::string JsonlRecord(const manifest::Entry& entry, const std::string& text);

// The `extract --format jsonl` record of one page, with its newline: "file" (the path as
// given), the ArticleFields (manifest.h; the schema the manifest and dump share), then "text"
// (the body without the title). Invalid UTF-8 is replaced by U+FFFD.
std::string ExtractRecord(const std::string& file, const ArticleFields& fields, const std::string& text);

// An output that a reader sees whole or not at all: for a path, a temporary file beside it
// (PATH.tmp-<pid>) renamed over PATH by Commit(); for "-", the stream given. Destroying it
// without Commit() removes the temporary file.
class AtomicOutput {
 public:
  // Throws std::runtime_error ("PATH: cannot create: ...") when the temporary file cannot be
  // created.
  AtomicOutput(const std::string& path, std::ostream& stdout_stream);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Appends `data`. A write error is kept and reported by Commit().
  void Write(const std::string& data);

  // Syncs and puts the file in place. Returns an error message ("PATH: cannot write: ..."),
  // empty on success.
  std::string Commit();

 private:
  std::string path_;
  std::ostream* stream_;
  std::string temporary_;
  int fd_ = -1;
  std::string error_;
};

}  // namespace pressoir::corpus

#endif  // PRESSOIR_STORE_OUTPUT_FORMAT_H_
