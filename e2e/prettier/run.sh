#!/usr/bin/env bash
# Prettier check: every card of the generated pages is exactly as prettier 3 prints it.
#
# Installs the pinned prettier (package.json + package-lock.json beside this script) with npm
# into a cache folder outside the clone (reused), writes the page of the real catalog and of
# every fixture catalog, formats each with prettier (MDX, print width 80) and fails if prettier
# would change any card. (Prettier re-indents a top-level card to column 0; cards are compared
# without their indentation. The prose around them is the page's own and is not compared.)
# Run it with `cargo xtask e2e prettier`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../install.sh
source "$here/../install.sh"
prettier=$(pinned_tool "$here" prettier prettier prettier)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "prettier $("$prettier" --version)"
cargo xtask e2e-pages "$work"
for page in "$work"/*.mdx; do
  "$prettier" --parser mdx --print-width 80 "$page" > "${page%.mdx}.prettier"
done
cargo xtask e2e-cards "$work"
