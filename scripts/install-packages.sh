#!/usr/bin/env bash
# Installs the Debian packages given that are not installed yet: `scripts/install-packages.sh
# NAME PACKAGE...` (NAME prefixes the messages). Idempotent; `apt-get update` first when
# something is missing; as root or through sudo. Used by setup.sh, fuzz.sh and the benchmarks.
#
# Debian starts freshly installed servers (nginx, redis-server) as system services on their
# usual ports; a policy-rc.d answering 101 ("action forbidden") keeps them stopped while we
# install. Only the servers our tests and benchmarks start themselves, on 127.0.0.1, ever run.
set -euo pipefail
name=$1
shift
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "$name: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
policy_added=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod 755 /usr/sbin/policy-rc.d
  policy_added=1
fi
echo "$name: installing ${missing[*]}"
status=0
{ $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } ||
  status=$?
[ -n "$policy_added" ] && $SUDO rm -f /usr/sbin/policy-rc.d
[ "$status" -eq 0 ] || { echo "$name: apt-get failed" >&2; exit 2; }
