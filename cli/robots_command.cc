// `pressoir robots`: reads a robots.txt file and prints, for each URL, the verdict of
// robots::RobotsTxt::IsAllowed(). Usage and exit codes: commands.h.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ascii.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "crawler/robots.h"

namespace pressoir::cli {
namespace {

using robots::kMaxRobotsBytes;
using robots::RobotsTxt;

constexpr std::string_view kUsage =
    "usage: pressoir robots FILE --agent NAME URL...\n"
    "\n"
    "Checks each URL against the robots.txt in FILE (RFC 9309) for the user agent NAME and\n"
    "prints one line per URL: \"allowed URL\" or \"disallowed URL\".\n"
    "\n"
    "  FILE          a robots.txt body, read as if served with status 200\n"
    "  --agent NAME  product token (\"pressoir\") or full User-Agent string\n"
    "  URL           absolute URL, or path with optional query (\"/a?b=c\")\n"
    "  -h, --help    print this help\n"
    "\n"
    "Exit status: 0 when every URL was checked, 2 on bad usage or an unreadable FILE.\n";

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

// LLVM-style diagnostics start in lower case; strerror() texts start with a capital.
std::string LowerFirst(std::string text) {
  if (!text.empty()) text[0] = ascii::ToLower(text[0]);
  return text;
}

struct ReadResult {
  std::string body;
  std::string error;  // empty on success
};

// Reads at most kMaxRobotsBytes + 1 bytes: one more than Parse() uses, so that it can tell
// a cut line from a complete one, while a huge file is never loaded whole.
ReadResult ReadRobotsFile(const std::string& path) {
  ReadResult result;
  errno = 0;
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    result.error = LowerFirst(std::strerror(errno));
    return result;
  }
  result.body.resize(kMaxRobotsBytes + 1);
  const std::size_t read = std::fread(result.body.data(), 1, result.body.size(), file.get());
  if (std::ferror(file.get())) {  // e.g. EISDIR: fopen() succeeds on a directory
    result.error = LowerFirst(std::strerror(errno));
    return result;
  }
  result.body.resize(read);
  return result;
}

void PrintError(std::ostream& err, std::string_view message) { err << "error: " << message << "\n"; }

}  // namespace

int RunRobotsCommand(const Args& args, std::ostream& out, std::ostream& err) {
  // --help and -h are answered wherever they appear before "--".
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (arg == "--help" || arg == "-h") {
      out << kUsage;
      return kExitOk;
    }
  }
  ParsedArgs parsed;
  try {
    parsed = ParseArgs(args, {"--agent"}, {});
  } catch (const UsageError& e) {
    PrintError(err, std::string(e.what()) + " (see pressoir robots --help)");
    return kExitUsage;
  }
  std::optional<std::string> file;
  std::optional<std::string> agent;
  std::vector<std::string> urls;
  if (!parsed.positional.empty()) {
    file = parsed.positional.front();
    urls.assign(parsed.positional.begin() + 1, parsed.positional.end());
  }
  if (parsed.values.count("--agent") > 0) agent = parsed.Value("--agent");

  if (!file) {
    PrintError(err, "missing robots.txt FILE (usage: pressoir robots FILE --agent NAME URL...)");
    return kExitUsage;
  }
  if (!agent || agent->empty()) {
    PrintError(err, *file +
                        ": missing --agent NAME (usage: pressoir robots FILE --agent NAME "
                        "URL...)");
    return kExitUsage;
  }
  if (urls.empty()) {
    PrintError(err, *file +
                        ": no URL to check (usage: pressoir robots FILE --agent NAME "
                        "URL...)");
    return kExitUsage;
  }

  const ReadResult read = ReadRobotsFile(*file);
  if (!read.error.empty()) {
    PrintError(err, *file + ": cannot read robots.txt: " + read.error);
    return kExitUsage;
  }

  const RobotsTxt robots = RobotsTxt::Parse(read.body);
  if (robots.truncated()) {
    err << "warning: " << *file << ": only the first " << kMaxRobotsBytes << " bytes are used (RFC 9309 section 2.5)\n";
  }
  for (const std::string& url : urls) {
    out << (robots.IsAllowed(*agent, url) ? "allowed " : "disallowed ") << url << "\n";
  }
  return kExitOk;
}

}  // namespace pressoir::cli
