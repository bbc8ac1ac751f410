#!/usr/bin/env bash
# Shared by the end-to-end scripts: install the npm packages pinned beside a script
# (package.json + package-lock.json) into a cache folder outside the clone, reused while the
# lockfile stays the same (CODEX_CATALOG_CACHE moves it). Prints the cache folder.
install_pinned() { # $1: the folder of package.json and package-lock.json, $2: the cache's name
  local here=$1 name=$2
  local cache=${CODEX_CATALOG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/codex-catalog}/$name
  if ! cmp -s "$here/package-lock.json" "$cache/package-lock.json" || [ ! -d "$cache/node_modules" ]; then
    echo "installing $name into $cache" >&2
    mkdir -p "$cache"
    cp "$here/package.json" "$here/package-lock.json" "$cache/"
    (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  echo "$cache"
}

# Install the npm package $2 at the version pinned in $1/package.json (with install_pinned, into
# the cache folder `$4-<version>`) and print the path of its binary $3.
pinned_tool() { # $1: the folder of package.json, $2: the package, $3: its binary, $4: the cache's name
  local here=$1 package=$2 bin=$3 name=$4 version cache
  version=$(sed -n "s|.*\"$package\": \"\\([^\"]*\\)\".*|\\1|p" "$here/package.json")
  cache=$(install_pinned "$here" "$name-$version")
  echo "$cache/node_modules/.bin/$bin"
}
