// The subcommands that read a corpus (see corpus.h for its layout): `pressoir dump` writes clean
// text dumps, `pressoir stats` summarizes articles and crawl runs. Both take one or more corpus
// directories (one per worker, issue 8) and count an article id once across all of them.
//
// Exit codes (commands.h):
//   0  success
//   1  some article file or manifest line is missing or unreadable (reported; the rest is used)
//   2  usage error: unknown option, bad date, unknown format, missing --out or --corpus, a corpus
//      directory that does not exist, an output that cannot be created
#ifndef PRESSOIR_CRAWLER_CORPUS_COMMANDS_H_
#define PRESSOIR_CRAWLER_CORPUS_COMMANDS_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace pressoir::cli {

int RunDumpCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int RunStatsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kDumpUsage[];
extern const char kStatsUsage[];

// Reading manifests, shared by dump and stats (defined in dump_command.cc).
namespace manifest {

// Where one copy of an article lives.
struct Copy {
  std::string corpus;  // the corpus directory, as given
  std::string path;    // relative to `corpus`, from the manifest
};

// One article of the manifest(s), with the fields dump and stats use.
struct Entry {
  std::string id;
  std::string url;
  std::string canonical_url;
  std::string site;
  std::string title;
  std::string date;  // ISO 8601 or empty
  std::vector<std::string> authors;
  std::string language;
  std::string fetched_at;
  std::string near_duplicate_of;  // empty when not a near duplicate
  // The article's day, YYYY-MM-DD: the date part of `date`, else of `fetched_at`, else empty.
  // The day as written, in the article's own time zone (what the site printed).
  std::string day;
  std::vector<Copy> copies;  // every corpus holding this id, the one described first; never empty
};

struct ReadResult {
  std::vector<Entry> entries;  // one per id, in order of first appearance
  int problems = 0;            // unreadable manifests and bad lines, reported to `err`
};

// Reads <corpus>/manifest.jsonl of each directory, in order (a directory given twice is read
// once). Within a manifest the last line of an id wins (a re-crawl appends an "updated" line);
// across corpora the entry with the latest fetched_at describes the article, the earlier corpus
// on ties, and the other corpora's copies follow it in `copies`. A torn last line (a crash
// during the append: no final newline, not valid JSON) is skipped with a warning and is not a
// problem. A torn line that a later run appended to is recovered (the appended entry is kept)
// with a warning. Any other bad line is reported as an error naming the file and line, and
// counted in `problems`. A directory without manifest.jsonl holds no articles.
ReadResult ReadManifests(const std::vector<std::string>& corpora, std::ostream& err);

// "YYYY-MM-DD" if `text` starts with a valid calendar date in that form.
std::optional<std::string> DayOf(const std::string& text);

}  // namespace manifest
}  // namespace pressoir::cli

#endif  // PRESSOIR_CRAWLER_CORPUS_COMMANDS_H_
