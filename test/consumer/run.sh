#!/usr/bin/env bash
# The consumer test: the packages as a user outside the repository gets them. Builds, packs every
# package in packages/ with npm (its prepack script makes the published package.json), checks
# each tarball's manifest, installs the tarballs with npm into a fresh project in a temporary
# directory (the @inetlib packages from the tarballs only; typescript, @types/node and the
# packages' own dependencies from the registry), type-checks a program that imports every
# package under strict NodeNext without skipLibCheck, runs it (TLS servers from
# @inetlib/testing and clients verifying them with the CA it ships), and runs the installed
# `inetlib tour`. Ends with `consumer: N passed, N failed`; exit status 1 when any failed.
#
#   bash test/consumer/run.sh            (KEEP=1 keeps the temporary project and prints its path)
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/inetlib-consumer.XXXXXX")
if [ "${KEEP:-}" = 1 ]; then echo "consumer: keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

passed=0
failed=0
log="$work/step.log"
# step NAME COMMAND...: one check; its output is shown only when it fails.
step() {
  local name=$1
  shift
  local start=$SECONDS
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "ok $name ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    echo "FAIL $name ($((SECONDS - start)) s)"
    tail -n 60 "$log" | sed 's/^/  | /'
  fi
}
# counted COMMAND...: runs a command that prints its own "ok ..."/"FAIL ..." lines, and counts them.
counted() {
  local name=$1
  shift
  "$@" >"$log" 2>&1
  local status=$?
  cat "$log"
  local oks fails
  oks=$(grep -c '^ok ' "$log")
  fails=$(grep -c '^FAIL ' "$log")
  passed=$((passed + oks))
  failed=$((failed + fails))
  if [ "$status" -ne 0 ] && [ "$fails" -eq 0 ]; then
    failed=$((failed + 1))
    echo "FAIL $name: exit status $status"
  fi
}
finish() {
  echo "consumer: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}
version_of() { node -p "require('$repo/package.json').devDependencies['$1']"; }

# Every package of the workspace that is published (not private), found afresh each run.
packages=()
for manifest in packages/*/package.json; do
  if [ "$(node -p "require('./$manifest').private === true")" = false ]; then
    packages+=("./$(dirname "$manifest")")
  fi
done
echo "consumer: ${#packages[@]} packages: ${packages[*]}"

step "build (tsc -b)" node_modules/.bin/tsc -b packages/*/tsconfig.build.json
[ "$failed" -eq 0 ] || finish

mkdir -p "$work/tarballs" "$work/app/src"
step "npm pack of ${#packages[@]} packages" \
  npm pack --pack-destination "$work/tarballs" --loglevel=error "${packages[@]}"
[ "$failed" -eq 0 ] || finish
counted "tarball manifests" node test/consumer/check-tarballs.mjs "$work/tarballs" "${packages[@]}"

cd "$work/app"
cat >package.json <<'EOF'
{ "name": "inetlib-consumer", "version": "1.0.0", "private": true, "type": "module" }
EOF
step "npm install of the tarballs" npm install --no-audit --no-fund --prefer-offline --loglevel=error \
  "$work"/tarballs/*.tgz "typescript@$(version_of typescript)" "@types/node@$(version_of @types/node)"
[ "$failed" -eq 0 ] || finish

# No development tool came along as a dependency of a package.
step "no development tool installed with the packages" \
  bash -c '! ls -d node_modules/tsx node_modules/vitest node_modules/@biomejs node_modules/fast-check 2>/dev/null'

cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023", "ESNext.Disposable"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "noUncheckedIndexedAccess": true,
    "skipLibCheck": false,
    "types": ["node"],
    "rootDir": "src",
    "outDir": "dist"
  },
  "include": ["src"]
}
EOF
cp "$repo/test/consumer/program.ts" src/program.ts
# One import of each installed package, whatever packages/ holds today.
node "$repo/test/consumer/check-tarballs.mjs" --imports "$work/tarballs" >src/imports.ts

step "tsc: strict NodeNext, no skipLibCheck" node_modules/.bin/tsc -p .
[ "$failed" -eq 0 ] || finish

counted "import every package" node dist/imports.js
counted "the program" node dist/program.js

step "installed inetlib --version" bash -c \
  "test \"\$(node_modules/.bin/inetlib --version)\" = \"$(node -p "require('$repo/packages/cli/package.json').version")\""
step "installed inetlib tour" node_modules/.bin/inetlib tour
finish
