// The output formats of `pressoir dump`, and the file they are written to.
//   txt:   each article's non-blank lines (title first), one blank line between articles
//   jsonl: one JSON object per article: id, url, canonical_url, site, title, date, authors,
//          language, text (in that order)
#ifndef PRESSOIR_CORPUS_OUTPUT_FORMAT_H_
#define PRESSOIR_CORPUS_OUTPUT_FORMAT_H_

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "corpus/manifest.h"

namespace pressoir::corpus {

enum class OutputFormat { kTxt, kJsonl };

// "txt" or "jsonl"; nullopt for anything else.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

// One txt block: the text's non-blank lines, each ending in '\n', so that blank lines only
// ever separate documents. Empty when the text has no non-blank line.
std::string TxtBlock(const std::string& text);

// One jsonl line, with its '\n'. Invalid UTF-8 in the text is replaced by U+FFFD (a corpus
// file must not abort the dump).
std::string JsonlRecord(const manifest::Entry& entry, const std::string& text);

// The output of a dump: `stdout_stream` for "-", else a temporary file beside PATH renamed
// over it by Commit(), so that a reader never sees half a dump; destroyed without Commit(),
// the temporary file is removed. Not thread-safe.
class AtomicOutput {
 public:
  // Throws std::runtime_error ("PATH: cannot create: reason") when the temporary file cannot
  // be created. `stdout_stream` is not owned and must outlive the object.
  AtomicOutput(const std::string& path, std::ostream& stdout_stream);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // Writes `data`; a write error is kept and reported by Commit().
  void Write(const std::string& data);

  // Puts the file in place (fsynced, then renamed). Returns an error message, empty on
  // success.
  std::string Commit();

 private:
  std::string path_;
  std::ostream* stream_;
  std::string temporary_;
  int fd_ = -1;
  std::string error_;
};

}  // namespace pressoir::corpus

#endif  // PRESSOIR_CORPUS_OUTPUT_FORMAT_H_
