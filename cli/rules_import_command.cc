// `pressoir rules import FILE.txt... --out DIR [--summary]` (see RunRulesImport in commands.h):
// converts FiveFilters Full-Text RSS site configs into pressoir rule files (config/ftr_import.h)
// and measures how much of them converted.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/args.h"
#include "cli/commands.h"
#include "config/ftr_import.h"

namespace pressoir::cli {
namespace {

using config::ConvertsFully;
using config::FtrDirective;
using config::FtrImportResult;
using config::FtrOutcome;
using config::ImportFtrFile;
using config::IsFtrRuleDirective;
using config::ToYaml;

constexpr char kImportUsage[] =
    "usage: pressoir rules import FILE.txt... --out DIR [--summary]\n"
    "\n"
    "Converts FiveFilters Full-Text RSS site configs (ftr-site-config) into pressoir rule files,\n"
    "one DIR/<site>.yaml per input. body, strip, strip_id_or_class, strip_image_src, title,\n"
    "date and author become rule keys; every other directive is listed as skipped, with the\n"
    "reason, in the rule file and in the output.\n"
    "\n"
    "  --out DIR    directory for the rule files (created if missing; files are replaced)\n"
    "  --summary    print only the summary, not a line per input file\n"
    "\n"
    "Exit codes: 0 all files imported, 1 some file could not be read or written, 2 usage error.\n";

struct DirectiveCounts {
  int seen = 0;
  int converted = 0;
  int noted = 0;
  int skipped = 0;
};

// "body, strip_id_or_class x3" for the directives of one outcome, in order of first appearance.
std::string NameCounts(const FtrImportResult& result, FtrOutcome outcome, int& total) {
  std::vector<std::pair<std::string, int>> counts;
  total = 0;
  for (const FtrDirective& directive : result.directives) {
    if (directive.outcome != outcome) continue;
    ++total;
    const std::string name = directive.name.empty() ? "(not a directive)" : directive.name;
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& entry) { return entry.first == name; });
    if (it == counts.end()) {
      counts.emplace_back(name, 1);
    } else {
      ++it->second;
    }
  }
  std::string text;
  for (const auto& [name, count] : counts) {
    if (!text.empty()) text += ", ";
    text += name;
    if (count > 1) text += " x" + std::to_string(count);
  }
  return text;
}

std::string FileLine(const FtrImportResult& result, const std::string& written) {
  std::ostringstream line;
  line << result.path << " -> " << written << ":";
  int total = 0;
  const std::pair<FtrOutcome, const char*> kinds[] = {{FtrOutcome::kConverted, "converted"},
                                                      {FtrOutcome::kNoted, "noted"},
                                                      {FtrOutcome::kSkipped, "skipped"}};
  bool first = true;
  for (const auto& [outcome, label] : kinds) {
    std::string names = NameCounts(result, outcome, total);
    if (total == 0 && outcome != FtrOutcome::kConverted) continue;
    line << (first ? " " : "; ") << label << " " << total;
    if (!names.empty()) line << " (" << names << ")";
    first = false;
  }
  if (!ConvertsFully(result)) line << "; rule directives not fully converted";
  return line.str();
}

// Writes to a temporary name, then renames, so a failed run never leaves half a rule file.
bool WriteFileAtomically(const std::filesystem::path& target, const std::string& contents, std::string& error) {
  std::filesystem::path temporary = target;
  temporary += ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << contents;
    file.flush();
    if (!file) {
      error = "cannot write " + temporary.string();
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, target, ec);
  if (ec) {
    error = "cannot rename " + temporary.string() + " to " + target.string() + ": " + ec.message();
    std::filesystem::remove(temporary, ec);
    return false;
  }
  return true;
}

std::string Percent(int part, int whole) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(1) << (whole == 0 ? 0.0 : 100.0 * part / whole) << "%";
  return text.str();
}

// Groups skip reasons by their category: the text before the first ": " (selector errors carry
// the expression after it).
std::string ReasonCategory(const std::string& reason) {
  size_t colon = reason.find(": ");
  return colon == std::string::npos ? reason : reason.substr(0, colon);
}

}  // namespace

int RunRulesImport(const Args& args, std::ostream& out, std::ostream& err) {
  if (std::find_if(args.begin(), args.end(), [](const std::string& a) { return a == "-h" || a == "--help"; }) !=
      args.end()) {
    out << kImportUsage;
    return kExitOk;
  }
  ParsedArgs parsed;
  try {
    parsed = ParseArgs(args, {"--out"}, {"--summary"});
  } catch (const UsageError& e) {
    err << "error: " << e.what() << "\n" << kImportUsage;
    return kExitUsage;
  }
  const std::vector<std::string>& inputs = parsed.positional;
  const std::string out_dir = parsed.Value("--out");
  const bool summary_only = parsed.Has("--summary");
  if (inputs.empty() || out_dir.empty()) {
    err << "error: " << (inputs.empty() ? "no FTR site config files given" : "missing --out DIR") << "\n"
        << kImportUsage;
    return kExitUsage;
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (!std::filesystem::is_directory(out_dir, ec)) {
    err << "error: " << out_dir << ": cannot create output directory\n";
    return kExitSomeFailed;
  }

  int failed = 0;
  int not_sites = 0;
  int imported = 0;
  int fully = 0;
  int without_rules = 0;
  std::map<std::string, DirectiveCounts> per_directive;
  std::map<std::string, int> skip_reasons;
  std::map<std::string, std::string> written_from;  // output file -> input, to catch collisions
  for (const std::string& input : inputs) {
    FtrImportResult result = ImportFtrFile(input);
    if (result.unreadable) {
      err << "error: " << input << ": " << result.error << "\n";
      ++failed;
      continue;
    }
    if (!result.ok()) {
      err << "warning: " << input << ": not imported: " << result.error << "\n";
      ++not_sites;
      continue;
    }
    const std::filesystem::path target = std::filesystem::path(out_dir) / (result.name + ".yaml");
    auto [previous, inserted] = written_from.emplace(target.string(), input);
    if (!inserted) {
      err << "error: " << input << ": not written: " << target.string() << " was already written from "
          << previous->second << " in this run\n";
      ++failed;
      continue;
    }
    std::string write_error;
    if (!WriteFileAtomically(target, ToYaml(result), write_error)) {
      err << "error: " << input << ": " << write_error << "\n";
      ++failed;
      continue;
    }
    ++imported;
    if (ConvertsFully(result)) ++fully;
    bool has_rules = false;
    for (const FtrDirective& directive : result.directives) {
      const std::string name = directive.name.empty() ? "(not a directive)" : directive.name;
      DirectiveCounts& counts = per_directive[name];
      ++counts.seen;
      switch (directive.outcome) {
        case FtrOutcome::kConverted:
          ++counts.converted;
          break;
        case FtrOutcome::kNoted:
          ++counts.noted;
          break;
        case FtrOutcome::kSkipped:
          ++counts.skipped;
          ++skip_reasons[ReasonCategory(directive.reason)];
          break;
      }
      if (IsFtrRuleDirective(directive.name)) has_rules = true;
    }
    if (!has_rules) ++without_rules;
    if (!summary_only) out << FileLine(result, target.string()) << "\n";
  }

  out << "\nrule directives (body, strip, strip_id_or_class, strip_image_src, title, date, author) "
      << "convert fully in " << fully << " of " << imported << " imported files (" << Percent(fully, imported) << ")";
  if (without_rules > 0) out << "; " << without_rules << " of them have no such directive";
  out << "\n";
  if (not_sites > 0) out << not_sites << " file(s) not imported: not site configs\n";
  if (failed > 0) out << failed << " file(s) could not be read or written\n";

  std::vector<std::pair<std::string, DirectiveCounts>> table(per_directive.begin(), per_directive.end());
  std::stable_sort(table.begin(), table.end(),
                   [](const auto& a, const auto& b) { return a.second.seen > b.second.seen; });
  out << "\n"
      << std::left << std::setw(28) << "directive" << std::right << std::setw(8) << "seen" << std::setw(11)
      << "converted" << std::setw(7) << "noted" << std::setw(9) << "skipped"
      << "\n";
  for (const auto& [name, counts] : table) {
    out << std::left << std::setw(28) << name << std::right << std::setw(8) << counts.seen << std::setw(11)
        << counts.converted << std::setw(7) << counts.noted << std::setw(9) << counts.skipped << "\n";
  }
  if (!skip_reasons.empty()) {
    std::vector<std::pair<std::string, int>> reasons(skip_reasons.begin(), skip_reasons.end());
    std::stable_sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    out << "\nskip reasons:\n";
    for (const auto& [reason, count] : reasons) out << std::setw(8) << count << "  " << reason << "\n";
  }
  return failed > 0 ? kExitSomeFailed : kExitOk;
}

}  // namespace pressoir::cli
