#!/usr/bin/env bash
# Installs (or replaces) a crontab line that runs `pressoir crawl` on a schedule.
#
# Usage: scripts/install-cron.sh [--dry-run] "SCHEDULE" PRESSOIR CONFIG [WORKDIR] [TIME_LIMIT]
#   --dry-run   check everything, print the crontab line, install nothing
#   SCHEDULE    five cron fields, e.g. "*/15 * * * *"
#   PRESSOIR    path to the pressoir executable
#   CONFIG      path to the crawler config (its relative paths are relative to WORKDIR)
#   WORKDIR     directory the crawl runs in (default: the current directory)
#   TIME_LIMIT  --time-limit for each run, so it ends before the next slot (default: 14m)
#
# Relative PRESSOIR, CONFIG and WORKDIR are resolved against the current directory, so that
# `scripts/install-cron.sh "*/15 * * * *" build-release/pressoir config/crawler.yaml` run from
# the repository uses its sites/ directory, as `pressoir crawl --config config/crawler.yaml`
# run there does. The line is tagged "# pressoir:<CONFIG>" so that running the script again
# replaces it. A run that starts while the previous one still works exits at once with code 3
# (the state directory is locked); cron mails only what a run prints to stderr: errors.
# Exit codes: 0 installed (or printed), 2 usage error or a check failed.
set -euo pipefail
usage() { sed -n '4,10p' "$0" | sed 's/^# \{0,1\}//' >&2; }
dry_run=false
if [ "${1:-}" = "--dry-run" ]; then
  dry_run=true
  shift
fi
if [ $# -lt 3 ] || [ $# -gt 5 ]; then
  usage
  exit 2
fi
fail() {
  echo "install-cron: $*" >&2
  exit 2
}
schedule=$1
time_limit=${5:-14m}
[ -e "$2" ] || fail "$2: no such file (the pressoir executable)"
[ -e "$3" ] || fail "$3: no such file (the crawler config)"
workdir_arg=${4:-.}
[ -d "$workdir_arg" ] || fail "$workdir_arg: no such directory (the working directory)"
pressoir=$(realpath "$2")
config=$(realpath "$3")
workdir=$(realpath "$workdir_arg")

[ -x "$pressoir" ] || fail "$pressoir is not executable"
[ -f "$config" ] || fail "$config: not a regular file"
fields=$(echo "$schedule" | wc -w)
[ "$fields" -eq 5 ] || fail "the schedule needs 5 fields, got '$schedule'"
[[ $time_limit =~ ^[0-9.]+[a-z]*$ ]] || fail "time limit '$time_limit' is not a duration like 14m"
# The line quotes paths with '...'; cron turns an unescaped % into a newline.
for path in "$pressoir" "$config" "$workdir"; do
  [[ $path != *[\'%$'\n']* ]] || fail "$path: a path with ', % or a newline cannot go in a crontab line"
done
$dry_run || command -v crontab >/dev/null || fail "crontab not found (Debian package: cron)"

# Validate the config, the rules and the time limit before cron ever runs them, from the
# directory cron will run in (relative paths in the config are relative to it). With
# --dry-run, stdout holds the crontab line alone.
check() { (cd "$workdir" && "$pressoir" crawl --config "$config" --time-limit "$time_limit" --check); }
if $dry_run; then check >&2; else check; fi || fail "$config: the check failed (see above)"

tag="# pressoir:$config"
line="$schedule cd '$workdir' && '$pressoir' crawl --config '$config' --time-limit $time_limit >/dev/null $tag"
if $dry_run; then
  printf '%s\n' "$line"
  exit 0
fi
current=$(crontab -l 2>/dev/null || true)
{ printf '%s\n' "$current" | grep -vF "$tag" | sed '/^$/d'; printf '%s\n' "$line"; } | crontab -
echo "install-cron: installed: $line"
