// The command line: one function per `pressoir` command, each in its own file of cli/
// (<name>_command.cc), dispatched by cli/main.cc.
//
// What cli/ does: parses arguments (args.h), loads configuration (config/), wires the
// modules together and turns their results into output and exit codes (exit_codes.h). It may
// depend on every other module (config, extractors, crawler, corpus, base); nothing depends on
// it. Logic that a command needs and another module could use (reading a manifest, a dump
// format, the run log) belongs to that module, not here.
//
// Each command takes its arguments (after the command name), writes results to `out` and
// messages to `err`, returns an exit code (exit_codes.h) and never throws.
#ifndef PRESSOIR_CLI_COMMANDS_H_
#define PRESSOIR_CLI_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

#include "cli/exit_codes.h"

namespace pressoir::cli {

using Args = std::vector<std::string>;

// `pressoir crawl`: crawls the configured sites into the corpus (crawl_command.cc).
int RunCrawlCommand(const Args& args, std::ostream& out, std::ostream& err);
// `pressoir extract`: extracts article text from saved pages (extract_command.cc).
int RunExtractCommand(const Args& args, std::ostream& out, std::ostream& err);
// `pressoir extract --warc FILE...` (extract_warc.cc): every HTML response record of WARC
// files; RunExtractCommand hands over to it when --warc is given.
int RunExtractWarc(const Args& args, std::ostream& out, std::ostream& err);
// `pressoir reextract`: re-cleans a corpus from the raw archive, or builds one from WARC files
// (reextract_command.cc).
int RunReextractCommand(const Args& args, std::ostream& out, std::ostream& err);
// `pressoir dump`: the corpus as clean text or JSON lines (dump_command.cc).
int RunDumpCommand(const Args& args, std::ostream& out, std::ostream& err);
// `pressoir stats`: articles per site and day, failures, the last run (stats_command.cc).
int RunStatsCommand(const Args& args, std::ostream& out, std::ostream& err);
// `pressoir rules check|import|draft|test` (rules_command.cc); `import` is RunRulesImport, `draft`
// RunRulesDraft, `test` RunRulesTest.
int RunRulesCommand(const Args& args, std::ostream& out, std::ostream& err);
// `pressoir rules import FILE.txt... --out DIR [--summary]` (rules_import_command.cc); `args`
// are the words after "rules import". Writes DIR/<name>.yaml per input (creating DIR,
// replacing existing files), prints one line per input (not with --summary) and then the share
// of inputs whose rule directives convert fully and a per-directive table. Files whose name is
// not a host name are reported and not written.
// Returns 0 when every input was read and written, 1 when one could not be, 2 on a usage error.
int RunRulesImport(const Args& args, std::ostream& out, std::ostream& err);
// `pressoir rules draft --name NAME [--domain D] [--urls FILE] [--out FILE] PAGE...`
// (rules_draft_command.cc); `args` are the words after "rules draft". Drafts a rule file from
// three or more saved pages of one site (extractors/rule_draft.h), checks that it loads as
// `rules check` would, and prints it or writes FILE.
// Returns 0 when the draft is written, 1 when it cannot be written (or fails the check), 2 on a
// usage error or pages that cannot make a draft (one "error: ..." line naming the file).
int RunRulesDraft(const Args& args, std::ostream& out, std::ostream& err);
// `pressoir rules test NAME [--config FILE] [--sites DIR] [--archive DIR] [--corpus DIR]
// [--state DIR]` (rules_test_command.cc); `args` are the words after "rules test". Runs the
// rule NAME on the latest archived response of each URL of its site, as `reextract` would,
// and prints pages, articles, hits per body selector, fallbacks to the generic extractor,
// empty bodies and how many corpus articles' text would change (with up to three short
// diffs). Writes nothing.
// Returns 0, 1 when a page with an article in the corpus would have none (one "error: URL"
// line each) or an archive record cannot be read, 2 on a usage or configuration error.
int RunRulesTest(const Args& args, std::ostream& out, std::ostream& err);

// `pressoir robots FILE --agent NAME URL...`: checks URLs against a local robots.txt with
// exactly the matcher the crawler uses (robots::RobotsTxt), to debug a site's rules offline
// (robots_command.cc).
//
// Options: `--agent NAME` or `--agent=NAME` (a product token or a whole User-Agent string),
// `--help`/`-h`, and `--` to end options. The first operand is FILE, the others are URLs or
// paths; options and operands may come in any order.
//
// Output: for each URL, in order, one line on `out`: "allowed URL" or "disallowed URL",
// where URL is echoed as given. The file is read like a 2xx body (RobotsTxt::Parse), so
// bytes past kMaxRobotsBytes are ignored; a warning line on `err` says so.
//
// Exit codes:
//   0  usage printed (--help), or every URL checked (whatever the verdicts)
//   2  bad usage (no FILE, no --agent, no URL, unknown option) or FILE unreadable; one
//      "error: ..." line is written to `err`, naming FILE when it is known
int RunRobotsCommand(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace pressoir::cli

#endif  // PRESSOIR_CLI_COMMANDS_H_
