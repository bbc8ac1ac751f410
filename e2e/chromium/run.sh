#!/usr/bin/env bash
# Browser check of `cargo xtask preview`: headless Chromium draws the preview of the real catalog
# and of every fixture catalog (hostile texts included), and the DOM it makes of each holds one
# card per card of that catalog's page, in order, with the card's slug, name, description and
# features, and nothing that loads from anywhere; the comparison page marks the cards added and
# removed between the 2026-04-03 fixture and the catalog. Writes screenshots of the catalog's
# preview and of the comparison to target/preview/ (CODEX_CATALOG_PREVIEW_OUT moves them) for
# the CI artifact.
#
# Chromium comes from Debian's packages at the version in debian-version beside this script,
# installed with apt-get when another or none is installed (as root, or with sudo). Where
# Debian no longer offers that version, its current one is installed and the drift reported.
# CODEX_CATALOG_CHROMIUM names another browser binary instead. Run it with
# `cargo xtask e2e chromium`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pinned=$(cat "$here/debian-version")
chromium=${CODEX_CATALOG_CHROMIUM:-}
if [ -z "$chromium" ]; then
  # The version of the chromium package when it is installed (a removed one keeps a record).
  installed=$(dpkg-query -W -f='${Status}|${Version}' chromium 2>/dev/null | sed -n 's/^install ok installed|//p' || true)
  if [ "$installed" != "$pinned" ] || ! command -v chromium > /dev/null; then
    sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
    echo "installing Debian's chromium $pinned (installed: ${installed:-none})" >&2
    $sudo apt-get update -qq >&2
    if apt-cache madison chromium | grep -qF "| $pinned |"; then
      package="chromium=$pinned"
    else
      echo "warning: Debian no longer offers chromium $pinned; installing its current one" \
           "(update e2e/chromium/debian-version)" >&2
      package=chromium
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$package" >&2
  fi
  chromium=chromium
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${CODEX_CATALOG_PREVIEW_OUT:-$root/target/preview}
mkdir -p "$out"
# Root has no user namespace sandbox here; the pages are our own and load nothing.
browser() { "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run "$@" 2>>"$work/browser.log"; }
echo "$(browser --version)"
cargo xtask e2e-previews "$work"
for page in "$work"/*.html; do
  if ! browser --dump-dom "file://$page" > "${page%.html}.dom"; then
    cat "$work/browser.log" >&2
    exit 1
  fi
done
cargo xtask e2e-dom "$work"
browser --window-size=1280,2400 --screenshot="$out/preview.png" "file://$work/catalog.html" > /dev/null
browser --window-size=1600,2400 --screenshot="$out/compare.png" "file://$work/compare.html" > /dev/null
cp "$work/catalog.html" "$out/preview.html"
echo "screenshots: $out/preview.png, $out/compare.png"
