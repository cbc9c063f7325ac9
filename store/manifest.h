// manifest.jsonl: the one home of the manifest's format. CorpusWriter (corpus.h) writes its
// lines with FormatManifestLine(); `pressoir dump` and `stats` read them with ReadManifests().
//
// One JSON object per line, one line per article write (and, once CorpusWriter::
// CompactManifest() has run at the end of a run, one line per article), keys in alphabetical
// order (the README's "manifest.jsonl" section documents them for users):
//   id             16 hex digits of the SHA-256 of canonical_url (ArticleId, corpus.h)
//   url            the URL fetched (after redirects)
//   canonical_url  the page's canonical URL, else `url`
//   site           the rule's name, or the host for pages without a rule
//   title, date    the title; the publication date (ISO 8601) or null
//   date_modified  the last modification date (ISO 8601) or null
//   authors        array of names
//   language       the article's language (BCP 47 primary tag) or null
//   language_source  "declared", "detected" or "rule" (extractors/language.h), or null
//   page_type      what the page was ("article"; extractors/page_type.h); null on lines
//                  written before it existed
//   confidence     0 to 1, two decimals: how sure the extraction is that the text is the whole
//                  article and nothing else; null with page_type
//   fetched_at     ISO 8601 UTC
//   path           the article file, relative to the corpus directory
//   sha256         SHA-256 of the article file's bytes (its text and final newline), so that
//                  `sha256sum -c` checks the files; lines written by earlier versions hashed
//                  the text without the newline (the writer still recognises them)
//   extractor      the cascade step that produced the text ("rule", "generic:main", ...)
//   simhash        16 hex digits: SimHash of the body (near_dup.h)
//   near_duplicate_of  (only when set) the id of an earlier near-identical article
//   updated        (only when true) the article's text changed after it was first written
//   warc_filename, warc_offset, warc_length
//                  the archived response the text was extracted from (a file of the archive
//                  directory, the offset and length of its gzip member, as Common Crawl's index
//                  gives them); null when the crawl kept no archive
//   rule_sha256    SHA-256 of the rule file used; null for the generic extractor
//   pressoir_version  the version of pressoir that wrote the line
// A re-crawl that finds an article changed appends a new line for its id: the last line of
// an id describes the article, and compaction keeps only that line.
#ifndef PRESSOIR_STORE_MANIFEST_H_
#define PRESSOIR_STORE_MANIFEST_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace pressoir::corpus {

inline constexpr char kManifestFileName[] = "manifest.jsonl";

// The article fields every JSON output of pressoir shares, with the same names and types: the
// manifest's lines, `dump --format jsonl` and `extract --format jsonl` (the README documents
// the schema once). Written by one function for all three (json_fields.h, PutArticleFields):
// an empty string is written as null (unknown), `authors` is always an array.
struct ArticleFields {
  std::string url;
  std::string canonical_url;
  std::string title;
  std::string date;           // publication, ISO 8601
  std::string date_modified;  // ISO 8601
  std::vector<std::string> authors;
  std::string language;                  // BCP 47 primary tag
  std::string language_source;           // "declared", "detected", "rule"
  std::optional<std::string> page_type;  // not classified yet: null
  std::optional<double> confidence;      // of page_type
  std::string extractor;                 // the cascade step ("rule", "generic:main", ...)
};

// One line of the manifest (see above for each field).
struct ManifestLine {
  std::string id;
  std::string url;
  std::string canonical_url;
  std::string site;
  std::string title;
  std::string date;
  std::vector<std::string> authors;
  std::string language;
  std::string fetched_at;
  std::string date_modified;    // empty: unknown (null)
  std::string language_source;  // empty: unknown (null)
  std::string path;
  std::string sha256;
  std::string extractor;
  std::string simhash;
  std::string page_type;  // empty: not recorded (page_type and confidence are null)
  double confidence = 0;
  std::string near_duplicate_of;  // empty: not a near duplicate (the key is left out)
  bool updated = false;           // false: the key is left out
  std::string warc_filename;      // empty: null (and warc_offset, warc_length too)
  int64_t warc_offset = 0;
  int64_t warc_length = 0;
  std::string rule_sha256;       // empty: null
  std::string pressoir_version;  // empty: null (lines written before the field existed)
};

// The ArticleFields of a line.
ArticleFields FieldsOf(const ManifestLine& line);

// The line as written: one JSON object and "\n". Invalid UTF-8 is replaced by U+FFFD (pages
// are transcoded before they get here, but a line must never fail to be written).
std::string FormatManifestLine(const ManifestLine& line);

// Parses one line. Fields that are absent or not of their type are left empty. Returns nullopt
// with `why` set when the line is not a JSON object or has no string "id".
std::optional<ManifestLine> ParseManifestLine(std::string_view text, std::string& why);

// "YYYY-MM-DD" if `text` starts with a valid calendar date in that form (followed by nothing,
// 'T' or ' ').
std::optional<std::string> DayOf(const std::string& text);

// Reading the manifests of one or more corpus directories (one per worker of a fleet), as
// `pressoir dump` and `pressoir stats` do.
namespace manifest {

// Where one copy of an article lives.
struct Copy {
  std::string corpus;  // the corpus directory, as given
  std::string path;    // relative to `corpus`, from the manifest
};

// One article of the manifest(s): its current line, its day and where its text is.
struct Entry : ManifestLine {
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
// with a warning. Any other bad line (not JSON, no id, a path that leaves the corpus) is
// reported as an error naming the file and line, and counted in `problems`. A directory
// without manifest.jsonl holds no articles.
ReadResult ReadManifests(const std::vector<std::string>& corpora, std::ostream& err);

// Why `directory` cannot be read as a corpus ("<directory>: no such corpus directory", ...), or
// nullopt. A corpus is a directory a crawl has written to: it holds manifest.jsonl, runs.jsonl
// (run_log.h) or the writer's lock file (corpus.h), even before its first article. Any other
// directory (a mistyped --corpus, its parent) is refused rather than read as an empty corpus.
std::optional<std::string> CorpusDirectoryProblem(const std::string& directory);

// The article's text (the file without the final newline the writer adds), from the first
// readable copy. Unreadable copies are reported to `err` (a warning when another copy could
// be read); nullopt when none could be read.
std::optional<std::string> ReadArticleText(const Entry& entry, std::ostream& err);

}  // namespace manifest
}  // namespace pressoir::corpus

#endif  // PRESSOIR_STORE_MANIFEST_H_
