// Options several commands share (see command_options.h).
#include "cli/command_options.h"

#include "config/config.h"

namespace pressoir::cli {

std::optional<corpus::OutputFormat> FormatOption(const ParsedArgs& parsed, std::ostream& err) {
  std::optional<corpus::OutputFormat> format = corpus::ParseOutputFormat(parsed.Value("--format", "txt"));
  if (!format) err << "error: --format: '" << parsed.Value("--format") << "' is not txt or jsonl\n";
  return format;
}

std::optional<std::vector<rules::SiteRules>> LoadRules(const std::string& directory, std::ostream& err) {
  config::SiteRulesLoad load = config::LoadSiteRulesDirectory(directory);
  if (!load.errors.empty()) {
    for (const std::string& error : load.errors) err << "error: " << error << "\n";
    return std::nullopt;
  }
  return std::move(load.rules);
}

}  // namespace pressoir::cli
