#!/usr/bin/env bash
# Builds (once per source change) scripts/compose-check, a small Go program that loads a compose file
# with compose-go (the library Docker Compose itself loads files with), into .tools/compose-check/.
# Prints the binary's path on stdout. Needs Go (as the Temporal server build does); modules come from
# the Go module proxy, pinned by scripts/compose-check/go.sum.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/scripts/compose-check"
# Rebuilt when its source or pinned modules change.
stamp="$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" | sha256sum | cut -c1-16)"
dest="$root/.tools/compose-check/$stamp"
bin="$dest/compose-check"

if [[ ! -x "$bin" ]]; then
  command -v go >/dev/null 2>&1 || { echo "go is required to build scripts/compose-check" >&2; exit 1; }
  mkdir -p "$dest"
  echo "Building scripts/compose-check into $dest (log: $dest/build.log)" >&2
  if ! (cd "$src" && go build -mod=readonly -o "$bin.tmp" .) >"$dest/build.log" 2>&1; then
    echo "compose-check build failed; see $dest/build.log" >&2
    tail -20 "$dest/build.log" >&2
    exit 1
  fi
  mv "$bin.tmp" "$bin"
fi
echo "$bin"
