// `pressoir rules check [PATH...]`: validates rule files, one "file:line: message" per error;
// `pressoir rules import` is in rules_import_command.cc, `rules draft` in rules_draft_command.cc,
// `rules test` in rules_test_command.cc.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "config/config.h"
#include "crawler/url.h"
#include "extractors/charset.h"
#include "extractors/extract.h"
#include "extractors/html_parser.h"
#include "extractors/metadata.h"
#include "extractors/selector_report.h"

namespace pressoir::cli {
namespace {

constexpr char kRulesUsage[] =
    "usage: pressoir rules check [PATH...] [--pages PAGE...]\n"
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
    "        --pages PAGE...: also match each valid rule's selectors against saved pages (the\n"
    "        rule of each page's canonical or og:url host; every page when one rule is checked)\n"
    "        and print, per selector, how many elements it matched and what looks wrong (the\n"
    "        explanations the extract --html preview shows). A page that cannot be read is\n"
    "        an error (exit 1).\n"
    "import: converts FiveFilters Full-Text RSS site configs into pressoir rule files and\n"
    "        reports, per directive, what converted and what was skipped.\n"
    "draft:  drafts a rule file from three or more saved pages of one site\n"
    "        (pressoir rules draft --help).\n";

// Reads a saved page as UTF-8; false with a message naming it when it cannot be read.
bool ReadPage(const std::string& path, std::string& utf8, std::ostream& err) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  if (in) bytes << in.rdbuf();
  if (!in || std::filesystem::is_directory(path) || bytes.str().empty()) {
    err << "error: " << path << ": cannot read a page there\n";
    return false;
  }
  utf8 = charset::DecodeToUtf8(bytes.str(), "").utf8;
  return true;
}

// `rules check --pages`: the selector explanations of each rule on its pages
// (selector_report.h). Returns false when a page could not be read.
bool ReportSelectors(const std::vector<rules::SiteRules>& all, const std::vector<std::string>& pages, std::ostream& out,
                     std::ostream& err) {
  bool ok = true;
  std::vector<std::vector<dom::Document>> documents(all.size());
  std::vector<std::vector<std::string>> names(all.size());
  for (const std::string& path : pages) {
    std::string utf8;
    if (!ReadPage(path, utf8, err)) {
      ok = false;
      continue;
    }
    size_t index = 0;
    if (all.size() > 1) {
      std::string page_url = metadata::ExtractMetadata(html::ParseHtml(utf8)).canonical_url;
      const rules::SiteRules* rule = page_url.empty() ? nullptr : rules::FindRulesForHost(all, url::Host(page_url));
      if (rule == nullptr) {
        err << "warning: " << path << ": no rule for its URL ('" << page_url << "'), not matched\n";
        continue;
      }
      index = static_cast<size_t>(rule - all.data());
    }
    documents[index].push_back(extract::ParseForRules(utf8, &all[index]));
    names[index].push_back(path);
  }
  for (size_t i = 0; i < all.size(); ++i) {
    if (documents[i].empty()) continue;
    std::vector<const dom::Document*> parsed;
    for (const dom::Document& document : documents[i]) parsed.push_back(&document);
    out << all[i].name << " (" << all[i].file << ") on " << parsed.size() << " page(s):\n";
    for (const selector_report::SelectorLine& line : selector_report::Report(all[i], parsed)) {
      out << "  " << selector_report::FormatLine(line) << "\n";
    }
  }
  return ok;
}

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
  std::vector<std::string> pages;
  if (auto flag = std::find(paths.begin(), paths.end(), "--pages"); flag != paths.end()) {
    pages.assign(flag + 1, paths.end());
    paths.erase(flag, paths.end());
    if (pages.empty()) {
      err << "error: --pages needs at least one PAGE\n" << kRulesUsage;
      return kExitUsage;
    }
  }
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
  bool pages_read = pages.empty() || ReportSelectors(load.rules, pages, out, err);
  return load.errors.empty() && pages_read ? kExitOk : kExitSomeFailed;
}

}  // namespace pressoir::cli
