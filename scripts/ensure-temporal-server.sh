#!/usr/bin/env bash
# Builds (once) the Temporal server and its SQL schema tool at a pinned version, from the Go module proxy,
# into .tools/temporal-server/<version>/, and copies beside them the PostgreSQL schema files that ship in
# the module source. Also builds the Temporal UI server when TEMPORAL_UI=1 (optional, best effort).
#
# Prints, on stdout only, KEY=VALUE lines a caller can read:
#   TEMPORAL_SERVER_BIN=.../bin/temporal-server
#   TEMPORAL_SQL_TOOL=.../bin/temporal-sql-tool
#   TEMPORAL_SCHEMA_DIR=.../schema/postgresql/v12   (temporal/versioned, visibility/versioned)
#   TEMPORAL_UI_BIN=.../bin/ui-server                (only when built)
# Idempotent: a complete install (marker file) is reused without touching the network or the compiler.
# Progress and the build log go to stderr / .tools/temporal-server/<version>/build.log.
set -euo pipefail

TEMPORAL_SERVER_VERSION="v1.29.1"
TEMPORAL_UI_SERVER_VERSION="${TEMPORAL_UI_SERVER_VERSION:-v2.39.0}"

root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=lib/go-install.sh
source "$root/scripts/lib/go-install.sh"
dest="$root/.tools/temporal-server/$TEMPORAL_SERVER_VERSION"
bin="$dest/bin"
log="$dest/build.log"
marker="$dest/.complete"

mkdir -p "$bin"

if [[ ! -f "$marker" ]]; then
  echo "Building Temporal server $TEMPORAL_SERVER_VERSION into $dest (a few minutes; log: $log)" >&2
  gobuild="$dest/gobin"
  # Both binaries in one go install: they share the compile of the server packages.
  if ! go_install_into "$gobuild" "$log" \
    "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"; then
    echo "go install failed; see $log" >&2
    exit 1
  fi
  mv -f "$gobuild/server" "$bin/temporal-server"
  mv -f "$gobuild/sql" "$bin/temporal-sql-tool"
  rmdir "$gobuild" 2>/dev/null || true

  modroot="$(go env GOMODCACHE)/go.temporal.io/server@$TEMPORAL_SERVER_VERSION"
  [[ -d "$modroot/schema/postgresql/v12" ]] || { echo "schema files not found under $modroot" >&2; exit 1; }
  rm -rf "$dest/schema" "$dest/config"
  mkdir -p "$dest/schema/postgresql" "$dest/config"
  cp -R "$modroot/schema/postgresql/v12" "$dest/schema/postgresql/v12"
  cp "$modroot/config/development-postgres12.yaml" "$dest/config/"
  chmod -R u+w "$dest/schema" "$dest/config"
  "$bin/temporal-server" --version >>"$log" 2>&1 || true
  touch "$marker"
fi

echo "TEMPORAL_SERVER_BIN=$bin/temporal-server"
echo "TEMPORAL_SQL_TOOL=$bin/temporal-sql-tool"
echo "TEMPORAL_SCHEMA_DIR=$dest/schema/postgresql/v12"

# The UI: optional, built only when asked, cached per version; a failure is reported, not fatal.
if [[ "${TEMPORAL_UI:-0}" == "1" ]]; then
  uidest="$root/.tools/temporal-ui/$TEMPORAL_UI_SERVER_VERSION"
  if [[ ! -x "$uidest/bin/ui-server" ]]; then
    mkdir -p "$uidest/bin"
    echo "Building Temporal UI server $TEMPORAL_UI_SERVER_VERSION into $uidest (log: $uidest/build.log)" >&2
    if go_install_into "$uidest/gobin" "$uidest/build.log" "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_SERVER_VERSION"; then
      mv -f "$uidest/gobin/server" "$uidest/bin/ui-server"
      rmdir "$uidest/gobin" 2>/dev/null || true
    else
      echo "UI server build failed (optional); see $uidest/build.log" >&2
    fi
  fi
  [[ -x "$uidest/bin/ui-server" ]] && echo "TEMPORAL_UI_BIN=$uidest/bin/ui-server"
fi
exit 0
