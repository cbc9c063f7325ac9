// `pressoir rules draft`: drafts a rule file from saved pages of one site (extractors/rule_draft.h
// does the drafting; this file reads the pages, checks the draft loads, and writes it).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/args.h"
#include "cli/commands.h"
#include "config/config.h"
#include "extractors/charset.h"
#include "extractors/rule_draft.h"

namespace pressoir::cli {
namespace {

constexpr char kDraftUsage[] =
    "usage: pressoir rules draft --name NAME [--domain D] [--urls FILE] [--out FILE] PAGE...\n"
    "\n"
    "Drafts a rule file from three or more saved article pages of one site: the body selector\n"
    "that finds the article on all of them, remove selectors for blocks that repeat inside it,\n"
    "drop_lines, title/date/author/lede selectors where the pages' metadata is, and\n"
    "article_urls generalised from the pages' URLs. Each value has a comment saying on how many\n"
    "pages it matched. Check it with `pressoir extract --explain`, then edit it.\n"
    "\n"
    "  --name NAME   the rule's name (letters, digits, '.', '-', '_')\n"
    "  --domain D    the site's domain (default: the pages' host without www.); needed when a\n"
    "                page has no <link rel=canonical> or og:url\n"
    "  --urls FILE   lines 'PAGE URL': the URL of each PAGE, for pages saved without a\n"
    "                canonical link\n"
    "  --out FILE    write the rule there (default: standard output)\n"
    "\n"
    "Exit codes: 0 draft written, 1 the draft could not be written (or did not pass the rule\n"
    "checker: a bug), 2 usage error or pages that cannot make a draft (fewer than three, a\n"
    "file that cannot be read, pages of different hosts, a page without URL and no --domain).\n";

std::optional<std::string> ReadFile(const std::string& path, std::string& error) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = path + ": is a directory, not a page";
    return std::nullopt;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read file: " + (errno != 0 ? std::strerror(errno) : "open failed");
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = path + ": cannot read file: read error";
    return std::nullopt;
  }
  return buffer.str();
}

// The --urls file: "PAGE URL" per line (blank lines and '#' comments skipped).
bool ReadUrlList(const std::string& path, std::map<std::string, std::string>& urls, std::string& error) {
  std::optional<std::string> contents = ReadFile(path, error);
  if (!contents.has_value()) return false;
  std::istringstream lines(*contents);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    std::istringstream fields(line);
    std::string page, url, extra;
    fields >> page;
    if (page.empty() || page.starts_with("#")) continue;
    fields >> url >> extra;
    if (url.empty() || !extra.empty()) {
      error = path + ":" + std::to_string(number) + ": expected 'PAGE URL'";
      return false;
    }
    urls[page] = url;
  }
  return true;
}

// Writes `text` to `path` through a temporary name in the same directory, then renames it.
bool WriteFileAtomically(const std::string& path, const std::string& text, std::string& error) {
  std::string temporary = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      error = path + ": cannot write: " + std::strerror(errno);
      std::filesystem::remove(temporary);
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    error = path + ": cannot write: " + ec.message();
    std::filesystem::remove(temporary, ec);
    return false;
  }
  return true;
}

// Loads `yaml` with the rule loader, as `rules check` would: the draft must never be a file the
// crawler refuses. Returns the loader's errors.
std::vector<std::string> CheckDraft(const std::string& yaml) {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("pressoir-draft-" + std::to_string(::getpid()) + ".yaml");
  std::string error;
  if (!WriteFileAtomically(path.string(), yaml, error)) return {error};
  config::SiteRulesLoad load = config::LoadSiteRules({path.string()});
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return load.errors;
}

}  // namespace

int RunRulesDraft(const Args& args, std::ostream& out, std::ostream& err) {
  ParsedArgs parsed;
  try {
    parsed = ParseArgs(args, {"--name", "--domain", "--out", "--urls"}, {"--help", "-h"});
  } catch (const UsageError& error) {
    err << "error: " << error.what() << "\n" << kDraftUsage;
    return kExitUsage;
  }
  if (parsed.Has("--help") || parsed.Has("-h")) {
    out << kDraftUsage;
    return kExitOk;
  }
  if (parsed.Value("--name").empty()) {
    err << "error: rules draft needs --name NAME\n" << kDraftUsage;
    return kExitUsage;
  }
  std::map<std::string, std::string> urls;
  std::string error;
  if (std::string list = parsed.Value("--urls"); !list.empty() && !ReadUrlList(list, urls, error)) {
    err << "error: " << error << "\n";
    return kExitUsage;
  }
  std::vector<draft::DraftPage> pages;
  for (const std::string& path : parsed.positional) {
    std::optional<std::string> bytes = ReadFile(path, error);
    if (!bytes.has_value()) {
      err << "error: " << error << "\n";
      return kExitUsage;
    }
    draft::DraftPage page;
    page.source = path;
    page.utf8_html = charset::DecodeToUtf8(*bytes, "").utf8;
    if (auto it = urls.find(path); it != urls.end()) page.url = it->second;
    pages.push_back(std::move(page));
  }
  draft::DraftOptions options;
  options.name = parsed.Value("--name");
  options.domain = parsed.Value("--domain");
  draft::DraftOutcome outcome = draft::DraftRule(pages, options);
  if (!outcome.draft.has_value()) {
    err << "error: " << outcome.error << "\n";
    return kExitUsage;
  }
  std::string yaml = draft::RenderYaml(*outcome.draft);
  if (std::vector<std::string> problems = CheckDraft(yaml); !problems.empty()) {
    for (const std::string& problem : problems)
      err << "error: the draft does not pass the rule checker: " << problem << "\n";
    return kExitSomeFailed;
  }
  if (std::string path = parsed.Value("--out"); !path.empty()) {
    if (!WriteFileAtomically(path, yaml, error)) {
      err << "error: " << error << "\n";
      return kExitSomeFailed;
    }
    return kExitOk;
  }
  out << yaml;
  return kExitOk;
}

}  // namespace pressoir::cli
