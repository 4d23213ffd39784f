#!/usr/bin/env bash
# Stop interop test daemons started by up.sh.
#
#   bash test/daemons/down.sh                 stop every daemon
#   bash test/daemons/down.sh NAME...         stop only these (e.g. names from up.sh --started-file)
#   bash test/daemons/down.sh --purge         stop everything and delete the state directory
#
# Idempotent; only processes recorded in $INETLIB_DAEMONS_DIR/run/*.pid are touched.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PURGE=0
names=()
for a in "$@"; do
  case "$a" in
    --purge) PURGE=1 ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) names+=("$a") ;;
  esac
done
((EUID == 0)) || die "down.sh must run as root"
[[ -d "$STATE" ]] || exit 0
exec 9>"$STATE/.lock"
flock -w 600 9 || die "another up.sh/down.sh holds $STATE/.lock"

((${#names[@]})) || names=("${ALL_DAEMONS[@]}")
# Reverse start order.
for ((i = ${#ALL_DAEMONS[@]} - 1; i >= 0; i--)); do
  for n in "${names[@]}"; do
    [[ "$n" == "${ALL_DAEMONS[i]}" ]] && stop_daemon "$n"
  done
done
if ((PURGE)); then
  rm -rf "$STATE"
  log "removed $STATE"
fi
