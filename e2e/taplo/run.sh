#!/usr/bin/env bash
# Editor check: the schemas `cargo xtask gen` writes to schema/ are what an editor sees through
# each file's `#:schema` line. With the pinned taplo (the engine of the Even Better TOML editor
# extension), the real catalog has no error, and a broken copy has exactly one error per
# mistake, at the mistake: a misspelt surface id, a rating over the scale's maximum, a source
# that names no document, a misspelt key in a model file and one in catalog.toml.
#
# Installs taplo (package.json + package-lock.json beside this script) with npm into a cache
# folder outside the clone (reused). Run it with `cargo xtask e2e taplo`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=../install.sh
source "$here/../install.sh"
taplo=$(pinned_tool "$here" @taplo/cli taplo taplo)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "$("$taplo" --version)"

# `file:line:col message` for each error taplo reports (its exit status is left to the caller,
# in $work/status).
lint() { # $@: the files, relative to $work
  (cd "$work" && { RUST_LOG=warn "$taplo" check --no-auto-config --colors never "$@" 2>&1; echo $? > status; }) |
    awk '/^error: /{msg=substr($0, 8); next} msg != "" && /┌─/{sub(/.*┌─ /, ""); print $0 " " msg; msg=""}' |
    sed "s|$work/||"
}

cp -r "$root/catalog" "$root/schema" "$work/"
files=(catalog/catalog.toml)
for f in "$work"/catalog/models/*.toml; do files+=("catalog/models/${f##*/}"); done
found=$(lint "${files[@]}")
if [ -n "$found" ] || [ "$(cat "$work/status")" != 0 ]; then
  echo "taplo reports errors in the committed catalog:" >&2
  echo "$found" >&2
  exit 1
fi
echo "taplo: the ${#files[@]} catalog files match schema/ with no error"

# The broken copy: one mistake per file, each on a known line.
sed -i '1a titel = "Models"' "$work/catalog/catalog.toml"
document=$(sed -n '/^\[\[documents\]\]/,/^id = /s/^id = "\(.*\)"/\1/p' "$root/catalog/catalog.toml" | head -1)
model() { printf '#:schema ../../schema/model.schema.json\n%s\n[sources]\ndefault = "%s"\n' "$2" "${3:-$document}" \
  > "$work/catalog/models/$1.toml"; }
model broken-surface $'[availability]\ncodex_clii = true'
model broken-rating 'capability = 9'
model broken-key 'sped = 3'
model broken-source 'speed = 1' 'no-such-document'
expected=(
  "catalog/catalog.toml:2:9 "*"not a key of this table; those are: title, "*
  "catalog/models/broken-surface.toml:3:14 "*"not a surface id declared in catalog.toml; those are: "*"codex_cli"*
  "catalog/models/broken-rating.toml:2:14 9 is greater than the maximum of "*
  "catalog/models/broken-key.toml:2:8 "*"not a key of this table; those are: name, "*
  "catalog/models/broken-source.toml:4:11 \"no-such-document\" is not one of "*"\"$document\""*
)
found=$(lint catalog/catalog.toml catalog/models/broken-{surface,rating,key,source}.toml)
reported() { # $1: a glob pattern; whether a line of $found matches it
  local line
  while read -r line; do
    # shellcheck disable=SC2053 # the pattern is a glob
    [[ $line == $1 ]] && return 0
  done <<<"$found"
  return 1
}
problems=0
for pattern in "${expected[@]}"; do
  if ! reported "$pattern"; then
    echo "taplo did not report: $pattern" >&2
    problems=1
  fi
done
if [ "$(grep -c . <<<"$found")" != "${#expected[@]}" ]; then
  echo "taplo reported $(grep -c . <<<"$found") errors for ${#expected[@]} mistakes:" >&2
  problems=1
fi
if [ "$problems" != 0 ]; then
  echo "$found" >&2
  exit 1
fi
echo "taplo: the broken copy has ${#expected[@]} errors, one per mistake, each where the mistake is"
