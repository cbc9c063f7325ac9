// The exit codes of every `pressoir` command: what cron and scripts act on. The one table;
// commands return these, usage texts describe them, the README lists them.
#ifndef PRESSOIR_CLI_EXIT_CODES_H_
#define PRESSOIR_CLI_EXIT_CODES_H_

namespace pressoir::cli {

inline constexpr int kExitOk = 0;
// The command ran, but some pages failed, a host could not be reached, a rule looks rotten
// (its body selectors no longer find the articles), or a fault of the state, the frontier or
// the page stage stopped the run (crawl), some rule files are invalid (rules check),
// some files could not be read, extracted or written (extract, rules import), some corpus
// file or line is unreadable (dump, stats).
inline constexpr int kExitSomeFailed = 1;
// Usage or configuration error, reported before any work (or fetch) starts.
inline constexpr int kExitUsage = 2;
// crawl: another run holds the lock on the state directory (cron started it while the last
// run was still working) or on the corpus directory (a run with another state directory).
inline constexpr int kExitLocked = 3;

// The table as usage texts print it.
inline constexpr char kExitCodesHelp[] =
    "Exit codes: 0 success, 1 some pages or files failed, 2 usage or configuration error,\n"
    "3 another crawl holds the lock on the state or the corpus directory.\n";

}  // namespace pressoir::cli

#endif  // PRESSOIR_CLI_EXIT_CODES_H_
