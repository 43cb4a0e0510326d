#!/usr/bin/env bash
# Builds (once) Prometheus's promtool at a pinned version from the Go module proxy into
# .tools/promtool/<version>/promtool, to validate deploy/prometheus/alerts.yml (test/unit/ops).
#
# Prints, on stdout only, one line a caller can read: PROMTOOL_BIN=.../promtool
# Idempotent: a built binary is reused without touching the network or the compiler. Progress and the
# build log go to stderr / .tools/promtool/<version>/build.log.
set -euo pipefail

# Prometheus 3.x is published as Go module versions v0.3xx.y (v0.316.0 is Prometheus 3.16.0).
PROMTOOL_VERSION="${PROMTOOL_VERSION:-v0.316.0}"

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=lib/go-install.sh
source "$root/scripts/lib/go-install.sh"
dest="$root/.tools/promtool/$PROMTOOL_VERSION"
log="$dest/build.log"

mkdir -p "$dest"
if [[ ! -x "$dest/promtool" ]]; then
  echo "Building promtool $PROMTOOL_VERSION into $dest (several minutes the first time; log: $log)" >&2
  if ! go_install_into "$dest/gobin" "$log" "github.com/prometheus/prometheus/cmd/promtool@$PROMTOOL_VERSION"; then
    echo "go install failed; see $log" >&2
    exit 1
  fi
  mv -f "$dest/gobin/promtool" "$dest/promtool"
  rmdir "$dest/gobin" 2>/dev/null || true
fi
echo "PROMTOOL_BIN=$dest/promtool"
