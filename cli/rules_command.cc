// `pressoir rules check [DIR]`: validates every rule file, one "file:line: message" per error;
// `pressoir rules import` is in rules_import_command.cc.
#include "cli/commands.h"
#include "config/config.h"

namespace pressoir::cli {
namespace {

constexpr char kRulesUsage[] =
    "usage: pressoir rules check [DIR]\n"
    "       pressoir rules import FILE.txt... --out DIR [--summary]\n"
    "\n"
    "check:  validates every rule file (*.yaml) of DIR (default: sites): unknown keys, wrong\n"
    "        types, bad selectors and bad regular expressions are reported as FILE:LINE: message.\n"
    "        Exit codes: 0 all files valid, 1 some file is invalid, 2 usage error.\n"
    "import: converts FiveFilters Full-Text RSS site configs into pressoir rule files and\n"
    "        reports, per directive, what converted and what was skipped.\n";

}  // namespace

int RunRulesCommand(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? err : out) << kRulesUsage;
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "import") return RunRulesImport({args.begin() + 1, args.end()}, out, err);
  if (args[0] != "check") {
    err << "error: unknown rules command '" << args[0] << "'\n" << kRulesUsage;
    return kExitUsage;
  }
  if (args.size() == 2 && (args[1] == "--help" || args[1] == "-h")) {
    out << kRulesUsage;
    return kExitOk;
  }
  if (args.size() > 2 || (args.size() == 2 && args[1].starts_with("-"))) {
    err << "error: rules check takes at most one directory\n";
    return kExitUsage;
  }
  std::string directory = args.size() == 2 ? args[1] : "sites";
  config::SiteRulesLoad load = config::LoadSiteRulesDirectory(directory);
  for (const std::string& error : load.errors) err << "error: " << error << "\n";
  out << directory << ": " << load.rules.size() << " rule file(s) valid, " << load.errors.size() << " with errors\n";
  return load.errors.empty() ? kExitOk : kExitSomeFailed;
}

}  // namespace pressoir::cli
