// Internal to cli/: options and inputs that several commands read the same way, so that they
// say the same thing about the same mistake.
#ifndef PRESSOIR_CLI_COMMAND_OPTIONS_H_
#define PRESSOIR_CLI_COMMAND_OPTIONS_H_

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "extractors/site_rules.h"
#include "store/output_format.h"

namespace pressoir::cli {

// --format: txt (the default) or jsonl (`extract`, `extract --warc`). nullopt after an
// "error: --format: ..." line on `err`.
std::optional<corpus::OutputFormat> FormatOption(const ParsedArgs& parsed, std::ostream& err);

// The rule files of `directory` (`reextract`, `rules test`, `extract --warc`). nullopt after one
// "error: ..." line per problem on `err` (a rule file that does not load is a usage error: the
// command would run with the rule missing).
std::optional<std::vector<rules::SiteRules>> LoadRules(const std::string& directory, std::ostream& err);

}  // namespace pressoir::cli

#endif  // PRESSOIR_CLI_COMMAND_OPTIONS_H_
