// `pressoir rules check [PATH...]`: validates rule files, one "file:line: message" per error;
// `pressoir rules import` is in rules_import_command.cc, `rules draft` in rules_draft_command.cc,
// `rules test` in rules_test_command.cc.
#include <filesystem>

#include "cli/commands.h"
#include "config/config.h"

namespace pressoir::cli {
namespace {

constexpr char kRulesUsage[] =
    "usage: pressoir rules check [PATH...]\n"
    "       pressoir rules import FILE.txt... --out DIR [--summary]\n"
    "       pressoir rules draft --name NAME [--domain D] [--urls FILE] [--out FILE] PAGE...\n"
    "       pressoir rules test NAME [--config FILE] [--sites DIR] [--archive DIR] [--corpus DIR]\n"
    "\n"
    "check:  validates rule files: each PATH is a rule file or a directory whose *.yaml files\n"
    "        are checked (default: sites). Every error of every file is reported as\n"
    "        FILE:LINE: message: unknown keys (with the nearest known one), repeated keys, wrong\n"
    "        types, bad selectors, bad regular expressions, start URLs and feeds that are not\n"
    "        http(s) URLs, two files with the same site name or the same domain. Warnings\n"
    "        (a value YAML read as a comment: body: #main) do not fail the check.\n"
    "        Exit codes: 0 all files valid, 1 some file is invalid, 2 usage error (a PATH\n"
    "        that does not exist).\n"
    "import: converts FiveFilters Full-Text RSS site configs into pressoir rule files and\n"
    "        reports, per directive, what converted and what was skipped.\n"
    "draft:  drafts a rule file from three or more saved pages of one site\n"
    "        (pressoir rules draft --help).\n";

}  // namespace

int RunRulesCommand(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? err : out) << kRulesUsage;
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "import") return RunRulesImport({args.begin() + 1, args.end()}, out, err);
  if (args[0] == "draft") return RunRulesDraft({args.begin() + 1, args.end()}, out, err);
  if (args[0] == "test") return RunRulesTest({args.begin() + 1, args.end()}, out, err);
  if (args[0] != "check") {
    err << "error: unknown rules command '" << args[0] << "'\n" << kRulesUsage;
    return kExitUsage;
  }
  if (args.size() == 2 && (args[1] == "--help" || args[1] == "-h")) {
    out << kRulesUsage;
    return kExitOk;
  }
  std::vector<std::string> paths(args.begin() + 1, args.end());
  if (paths.empty()) paths.push_back("sites");
  // A path that is not there is a mistake in the command line, not an invalid rule file.
  bool missing = false;
  for (const std::string& path : paths) {
    if (path.starts_with("-")) {
      err << "error: unknown option '" << path << "'\n" << kRulesUsage;
      return kExitUsage;
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec) && !std::filesystem::is_regular_file(path, ec)) {
      err << "error: " << path << ": no such rule file or directory\n";
      missing = true;
    }
  }
  if (missing) return kExitUsage;
  config::SiteRulesLoad load = config::LoadSiteRules(paths);
  for (const std::string& error : load.errors) err << "error: " << error << "\n";
  for (const std::string& warning : load.warnings) err << "warning: " << warning << "\n";
  std::string named;
  for (const std::string& path : paths) named += (named.empty() ? "" : " ") + path;
  out << named << ": " << load.rules.size() << " rule file(s) valid, " << load.files_with_errors << " with errors";
  if (!load.warnings.empty()) out << ", " << load.warnings.size() << " warning(s)";
  out << "\n";
  return load.errors.empty() ? kExitOk : kExitSomeFailed;
}

}  // namespace pressoir::cli
