#!/usr/bin/env bash
# TypeScript check: exports/models.d.ts types the real exports/models.json, and a misspelt
# property or surface id is a type error.
#
# Installs the pinned TypeScript (package.json + package-lock.json beside this script) with npm
# into a cache folder outside the clone (reused), copies the generated declarations and JSON
# beside the consumers in consumer/, then runs tsc (strict): good.ts must compile (it assigns
# the JSON, as TypeScript infers it, to ModelCatalog), misspelt.ts must fail with exactly the
# errors its comments name. Run it with `cargo xtask e2e typescript`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../install.sh
source "$here/../install.sh"
tsc=$(pinned_tool "$here" typescript tsc typescript)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "tsc $("$tsc" --version)"
cp "$here"/consumer/*.ts "$work/"
cp "$root/exports/models.d.ts" "$root/exports/models.json" "$work/"
flags=(--noEmit --strict --target es2022 --module esnext --moduleResolution bundler --resolveJsonModule)
(cd "$work" && "$tsc" "${flags[@]}" good.ts)
echo "good.ts type-checks against exports/models.d.ts (the real models.json is a ModelCatalog)"
if (cd "$work" && "$tsc" "${flags[@]}" misspelt.ts) > "$work/misspelt.out" 2>&1; then
  echo "misspelt.ts type-checked: the declarations let misspellings through" >&2
  exit 1
fi
for expected in "error TS2551: Property 'capabilty' does not exist" \
                "error TS2551: Property 'succeded_by' does not exist" \
                "Type '\"codex_clii\"' is not assignable to type 'KnownSurfaceId'"; do
  if ! grep -qF "$expected" "$work/misspelt.out"; then
    echo "misspelt.ts: expected \"$expected\"; tsc said:" >&2
    cat "$work/misspelt.out" >&2
    exit 1
  fi
done
echo "misspelt.ts fails as it must: $(grep -c 'error TS' "$work/misspelt.out") errors, each one expected"
