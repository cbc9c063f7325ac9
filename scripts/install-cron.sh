#!/usr/bin/env bash
# Installs (or replaces) a crontab line that runs `pressoir crawl` on a schedule.
#
# Usage: scripts/install-cron.sh "SCHEDULE" PRESSOIR CONFIG [WORKDIR] [TIME_LIMIT]
#   SCHEDULE    five cron fields, e.g. "*/15 * * * *"
#   PRESSOIR    path to the pressoir executable
#   CONFIG      path to the crawler config (its relative paths are relative to WORKDIR)
#   WORKDIR     directory the crawl runs in (default: the config's directory)
#   TIME_LIMIT  --time-limit for each run, so it ends before the next slot (default: 14m)
#
# The line is tagged "# pressoir:<CONFIG>" so that running the script again replaces it.
# A run that starts while the previous one still works exits at once with code 3 (the state
# directory is locked); cron mails only what a run prints to stderr: errors.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
schedule=$1
pressoir=$(realpath "$2")
config=$(realpath "$3")
workdir=$(realpath "${4:-$(dirname "$config")}")
time_limit=${5:-14m}

[ -x "$pressoir" ] || { echo "install-cron: $pressoir is not executable" >&2; exit 2; }
[ -f "$config" ] || { echo "install-cron: $config: no such file" >&2; exit 2; }
fields=$(echo "$schedule" | wc -w)
[ "$fields" -eq 5 ] || { echo "install-cron: the schedule needs 5 fields, got '$schedule'" >&2; exit 2; }
command -v crontab >/dev/null || { echo "install-cron: crontab not found (Debian package: cron)" >&2; exit 2; }

# Validate the config, the rules and the time limit (a duration needs its unit) before cron
# ever runs them.
(cd "$workdir" && "$pressoir" crawl --config "$config" --time-limit "$time_limit" --check)

tag="# pressoir:$config"
line="$schedule cd '$workdir' && '$pressoir' crawl --config '$config' --time-limit $time_limit >/dev/null $tag"
current=$(crontab -l 2>/dev/null || true)
{ printf '%s\n' "$current" | grep -vF "$tag" | sed '/^$/d'; printf '%s\n' "$line"; } | crontab -
echo "install-cron: installed: $line"
