// Import of FiveFilters Full-Text RSS (FTR) site configs as pressoir rule files.
//
// FTR's public-domain rule set (github.com/fivefilters/ftr-site-config, CC0) holds one text file
// per site: `example.com.txt` applies to example.com and www.example.com, `.example.com.txt` to
// its subdomains. Each line is `directive: value` (or `directive(argument): value`), `#` starts a
// comment, repeated directives accumulate, and selectors are XPath 1.0.
//
// The directives that have a pressoir meaning are converted (body, strip, strip_id_or_class,
// strip_image_src, title, date, author, prune, test_url, http_header); every other one is reported as skipped,
// line by line, with the reason. `pressoir rules import` (cli/rules_import_command.cc) writes one
// rule file per input and prints how much of the input converted. The functions keep no state and may run on
// several threads at once.
#ifndef PRESSOIR_CONFIG_FTR_IMPORT_H_
#define PRESSOIR_CONFIG_FTR_IMPORT_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pressoir::config {

// What became of one directive line of an FTR file.
enum class FtrOutcome {
  kConverted,  // now a rule key (body, remove, ...) or a comment that keeps it (test_url)
  kNoted,      // understood, but pressoir cannot honour it; the rule file says so (prune: yes)
  kSkipped,    // left out; `reason` says why
};

struct FtrDirective {
  int line = 0;          // 1-based line in the FTR file
  std::string name;      // "strip_id_or_class", "http_header", ...; "" for a non-directive line
  std::string argument;  // the part in parentheses: http_header(argument): value
  std::string value;     // trimmed
  FtrOutcome outcome = FtrOutcome::kSkipped;
  std::string target;    // kConverted: the rule key ("remove"), "comment" (test_url) or "none"
  std::string selector;  // kConverted into a selector key: the selector written
  std::string reason;    // kNoted / kSkipped: one lower-case line
};

struct FtrImportResult {
  std::string path;         // as given to ImportFtrFile
  std::string source_file;  // base name, e.g. ".example.com.txt"

  // Empty when the file was imported. Otherwise the file produced no rule: it could not be read
  // (`unreadable` is true), or its name is not a host name (LICENSE.txt, and global.txt, FTR's
  // fallback for every site, which a pressoir rule file cannot express).
  std::string error;
  bool unreadable = false;

  std::string name;                  // "example.com"; "example.com_subdomains" for wildcards
  std::vector<std::string> domains;  // ["example.com"] or ["*.example.com"]

  // Selectors in file order, without repeats; each compiles with selector::Selector::Compile.
  std::vector<std::string> body;
  std::vector<std::string> remove;
  std::vector<std::string> title;
  std::vector<std::string> date;
  std::vector<std::string> author;

  // http_header(name): value lines, as fetch.headers (name, value) in file order; a Cookie
  // header becomes fetch.cookies (its "a=1; b=2" pairs).
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::pair<std::string, std::string>> cookies;

  std::vector<std::string> test_urls;
  std::vector<std::string> notes;  // one line each, written as comments

  std::vector<FtrDirective> directives;  // every non-comment line, in file order

  bool ok() const { return error.empty(); }
};

// Parses FTR config text. `file_name` is the base name (".example.com.txt"); it gives the
// site's name and domains. Never throws: bad lines and bad selectors are reported in
// `directives` and left out of the rule.
FtrImportResult ImportFtrText(std::string_view file_name, std::string_view text);

// Reads and imports one FTR file. Never throws; an unreadable file sets `error` and `unreadable`.
FtrImportResult ImportFtrFile(const std::string& path);

// True for the directives that carry extraction rules: body, strip, strip_id_or_class,
// strip_image_src, title, date, author.
bool IsFtrRuleDirective(std::string_view name);

// True when the directives that carry extraction rules (body, strip, strip_id_or_class,
// strip_image_src, title, date, author) all converted; vacuously true when the file has none.
bool ConvertsFully(const FtrImportResult& result);

// The result as a pressoir rule file: a header comment naming the source file and its
// public-domain origin, test URLs and notes as comments, the rule keys, then every skipped
// directive as a comment. The output always loads with LoadSiteRulesFile; an empty string when
// !result.ok().
std::string ToYaml(const FtrImportResult& result);

}  // namespace pressoir::config

#endif  // PRESSOIR_CONFIG_FTR_IMPORT_H_
