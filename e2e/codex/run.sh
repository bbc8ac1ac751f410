#!/usr/bin/env bash
# End-to-end check: the real Codex CLI reads the catalog that `cargo xtask export codex` writes.
#
# Installs the pinned @openai/codex (package.json + package-lock.json beside this script) with
# npm into a cache folder outside the clone (about 400 MB, reused), exports our catalog with the
# CLI's own bundled catalog as base, has the CLI load it with a throw-away CODEX_HOME, and checks
# that it lists our models with our slugs, display names, order, visibility and upgrade targets.
# Run it with `cargo xtask e2e codex`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../install.sh
source "$here/../install.sh"
codex=$(pinned_tool "$here" @openai/codex codex codex-cli)
# Not under /tmp: the CLI refuses to create its helper binaries in a temporary folder.
work=$(mktemp -d "${codex%/node_modules/.bin/codex}/run.XXXXXX")
trap 'rm -rf "$work"' EXIT
export CODEX_HOME="$work/home"
mkdir -p "$CODEX_HOME"

echo "$("$codex" --version)"
"$codex" debug models --bundled > "$work/base.json"
cargo xtask export codex --base "$work/base.json" --out "$work/models.json"
"$codex" debug models -c model_catalog_json="$work/models.json" > "$work/printed.json"
cargo xtask e2e-verify "$work/models.json" "$work/printed.json"
