#!/usr/bin/env bash
# Prints the Python of a venv holding the public SCIM conformance tools (scim2-tester with
# scim2-client and httpx2, and scim-sanity), installing them first when needed: the pinned
# versions of test/conformance/requirements.txt, from PyPI, into .tools/conformance-venv.
# Idempotent (a venv built from the same requirements is reused as it is; other requirements
# rebuild it), safe to run concurrently (a lock), and silent on stdout except for the path.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
venv="$tools/conformance-venv"
requirements="$root/test/conformance/requirements.txt"
python="$venv/bin/python"

mkdir -p "$tools"
exec 9>"$tools/conformance-venv.lock"
flock 9

wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
stamp="$venv/.requirements.sha256"
if [[ -x "$python" && -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
  echo "$python"; exit 0
fi

log="$tools/conformance-install.log"
echo "Installing the SCIM conformance tools into $venv (log: $log)" >&2
rm -rf "$venv"
if python3 -m venv "$venv" >>"$log" 2>&1 \
  && "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --only-binary :all: \
    -r "$requirements" >>"$log" 2>&1 \
  && "$python" -c 'import scim2_tester, scim2_client.engines.httpx2, scim_sanity' >>"$log" 2>&1; then
  # Written last: an interrupted install is never taken for a finished one.
  echo "$wanted" >"$stamp"
  echo "$python"; exit 0
fi
echo "Could not install the SCIM conformance tools; see $log" >&2
exit 1
