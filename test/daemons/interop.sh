#!/usr/bin/env bash
# pnpm test:interop: start (or reuse) the daemons, run the interop tests with
# vitest, then stop only the daemons this run started.  Exits with vitest's
# exit code (or up.sh's, if the daemons could not be started).
# Extra arguments go to vitest, e.g. `bash test/daemons/interop.sh test/interop/smoke`.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
T0=$SECONDS
STARTED="$(mktemp "${TMPDIR:-/tmp}/inetlib-started.XXXXXX")"
cleanup() {
  if [[ -s "$STARTED" ]]; then
    # shellcheck disable=SC2046
    bash "$HERE/down.sh" $(cat "$STARTED") || true
  fi
  rm -f "$STARTED"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

bash "$HERE/up.sh" --started-file "$STARTED" </dev/null
rc=$?
if ((rc != 0)); then
  echo "interop: up.sh failed with exit code $rc" >&2
  exit "$rc"
fi
cd "$ROOT" || exit 1
# The project's own vitest: pnpm need not be on PATH (CI and the README run it through npx).
node_modules/.bin/vitest run --config vitest.interop.config.ts "$@" </dev/null
rc=$?
echo "interop: vitest exit code $rc after $((SECONDS - T0))s" >&2
exit "$rc"
