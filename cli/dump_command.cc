// `pressoir dump`: writes the articles of one or more corpora as a clean text dump (txt, one
// document per blank-line-separated block) or as JSON lines, selected by site and date. The
// manifest reader and the formats are the store module's (store/manifest.h,
// store/output_format.h).
#include <algorithm>
#include <optional>
#include <set>
#include <stdexcept>
#include <tuple>

#include "cli/args.h"
#include "cli/commands.h"
#include "store/manifest.h"
#include "store/output_format.h"

namespace pressoir::cli {
namespace {

using corpus::manifest::Entry;

constexpr char kDumpUsage[] =
    "usage: pressoir dump --corpus DIR [--corpus DIR...] [--site S...] [--since DATE]\n"
    "                     [--until DATE] [--format txt|jsonl] [--body-only] [--drop-near-dups]\n"
    "                     [--out PATH]\n"
    "\n"
    "Writes the articles of the corpus directories (each article id once, however many\n"
    "directories hold it) ordered by date, then id.\n"
    "\n"
    "  --corpus DIR      a corpus directory; repeat for several (one per worker)\n"
    "  --site S          only articles of site S; repeat for several sites\n"
    "  --since DATE      only articles dated DATE (YYYY-MM-DD) or later; an article's date is\n"
    "  --until DATE      its publication day, else its fetch day; both bounds are inclusive\n"
    "  --format F        txt (default): each article on consecutive lines (title first) and a\n"
    "                    blank line between articles; jsonl: one JSON object per article with\n"
    "                    every field of its manifest line (see the README) and \"text\", the\n"
    "                    body without the title\n"
    "  --body-only       txt: leave the title line out (jsonl text never holds it)\n"
    "  --drop-near-dups  leave out the articles the manifest marks as near duplicates\n"
    "  --out PATH        the output file, written whole or not at all; '-' or no --out:\n"
    "                    stdout\n"
    "\n"
    "Exit codes: 0 success, 1 some article file or manifest line is missing or unreadable\n"
    "(reported; the rest is dumped), 2 usage error (one line when a value is wrong: a\n"
    "directory that is not a corpus, a --site no corpus holds, a malformed date).\n";

struct DumpOptions {
  std::vector<std::string> corpora;
  std::set<std::string> sites;  // empty: all
  std::string since;            // YYYY-MM-DD or empty
  std::string until;
  corpus::OutputFormat format = corpus::OutputFormat::kTxt;
  bool drop_near_dups = false;
  bool body_only = false;
  std::string out = "-";
};

// At most this many of a corpus's sites are named when --site names none of them.
constexpr size_t kSitesNamedInError = 12;

std::string ExactDay(const std::string& option, const std::string& value) {
  std::optional<std::string> day = corpus::DayOf(value);
  if (value.size() != 10 || !day) throw BadValue(option + ": '" + value + "' is not a date (YYYY-MM-DD)");
  return *day;
}

// A --site that no article of the corpora has is a typo (or the host where the rule's name
// was meant): an empty dump with exit code 0 would hide it.
void CheckSites(const DumpOptions& options, const std::vector<Entry>& entries) {
  std::set<std::string> present;
  for (const Entry& entry : entries) present.insert(entry.site);
  for (const std::string& site : options.sites) {
    if (present.count(site) > 0) continue;
    std::string message = "--site " + site + ": no article of that site in " +
                          (options.corpora.size() == 1 ? options.corpora.front() : "these corpora");
    if (present.empty()) throw BadValue(message + " (no article at all)");
    message += " (sites: ";
    size_t named = 0;
    for (const std::string& known : present) {
      if (named == kSitesNamedInError) {
        message += ", ... " + std::to_string(present.size() - named) + " more";
        break;
      }
      message += (named++ > 0 ? ", " : "") + known;
    }
    throw BadValue(message + ")");
  }
}

DumpOptions ParseDumpOptions(const std::vector<std::string>& args) {
  ParsedArgs parsed = ParseArgs(args, {"--corpus", "--site", "--since", "--until", "--format", "--out"},
                                {"--drop-near-dups", "--body-only"});
  if (!parsed.positional.empty()) throw UsageError("unexpected argument '" + parsed.positional.front() + "'");
  DumpOptions options;
  options.corpora = parsed.Values("--corpus");
  if (options.corpora.empty()) throw UsageError("missing --corpus");
  for (const std::string& directory : options.corpora) {
    if (std::optional<std::string> problem = corpus::manifest::CorpusDirectoryProblem(directory))
      throw BadValue(*problem);
  }
  for (const std::string& site : parsed.Values("--site")) {
    if (site.empty()) throw BadValue("--site: an empty site name");
    options.sites.insert(site);
  }
  if (parsed.values.count("--since") > 0) options.since = ExactDay("--since", parsed.Value("--since"));
  if (parsed.values.count("--until") > 0) options.until = ExactDay("--until", parsed.Value("--until"));
  if (!options.since.empty() && !options.until.empty() && options.since > options.until) {
    throw BadValue("--since " + options.since + " is after --until " + options.until);
  }
  std::string format = parsed.Value("--format", "txt");
  std::optional<corpus::OutputFormat> parsed_format = corpus::ParseOutputFormat(format);
  if (!parsed_format) throw BadValue("--format: unknown format '" + format + "' (txt or jsonl)");
  options.format = *parsed_format;
  options.drop_near_dups = parsed.Has("--drop-near-dups");
  options.body_only = parsed.Has("--body-only");
  if (parsed.values.count("--out") > 0) {
    options.out = parsed.Value("--out");
    if (options.out.empty()) throw BadValue("--out: empty path (a file, or '-' for stdout)");
  }
  return options;
}

bool IsSelected(const Entry& entry, const DumpOptions& options) {
  if (!options.sites.empty() && options.sites.count(entry.site) == 0) return false;
  if (options.drop_near_dups && !entry.near_duplicate_of.empty()) return false;
  const bool date_bounded = !options.since.empty() || !options.until.empty();
  if (date_bounded && entry.day.empty()) return false;
  if (!options.since.empty() && entry.day < options.since) return false;
  if (!options.until.empty() && entry.day > options.until) return false;
  return true;
}

}  // namespace

int RunDumpCommand(const Args& args, std::ostream& out, std::ostream& err) {
  if (std::find_if(args.begin(), args.end(), [](const std::string& a) { return a == "-h" || a == "--help"; }) !=
      args.end()) {
    out << kDumpUsage;
    return kExitOk;
  }
  DumpOptions options;
  corpus::manifest::ReadResult read;
  std::optional<corpus::AtomicOutput> output;
  try {
    options = ParseDumpOptions(args);
    read = corpus::manifest::ReadManifests(options.corpora, err);
    CheckSites(options, read.entries);
    try {
      output.emplace(options.out, out);
    } catch (const std::runtime_error& e) {
      throw BadValue(e.what());
    }
  } catch (const BadValue& e) {
    err << "error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n" << kDumpUsage;
    return kExitUsage;
  }
  std::vector<const Entry*> selected;
  for (const Entry& entry : read.entries) {
    if (IsSelected(entry, options)) selected.push_back(&entry);
  }
  std::sort(selected.begin(), selected.end(),
            [](const Entry* a, const Entry* b) { return std::tie(a->day, a->id) < std::tie(b->day, b->id); });

  int problems = read.problems;
  bool first_block = true;
  for (const Entry* entry : selected) {
    std::optional<std::string> text = corpus::manifest::ReadArticleText(*entry, err);
    if (!text) {
      ++problems;
      continue;
    }
    if (options.format == corpus::OutputFormat::kJsonl) {
      output->Write(corpus::JsonlRecord(*entry, *text));
      continue;
    }
    std::string block = corpus::TxtBlock(options.body_only ? corpus::BodyOf(*text, entry->title) : *text);
    if (block.empty()) continue;  // an empty block would read as a document separator
    output->Write(first_block ? block : "\n" + block);
    first_block = false;
  }
  if (std::string error = output->Commit(); !error.empty()) {
    err << "error: " << error << "\n";
    return kExitSomeFailed;
  }
  return problems > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace pressoir::cli
