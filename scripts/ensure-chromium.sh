#!/usr/bin/env bash
# Prints the path of a Chromium for the browser tests (playwright-core drives it; npm's Playwright
# browser download is not used). Order: $CHROMIUM_PATH, then `chromium`, `chromium-browser`,
# `google-chrome` on PATH, then macOS's Chromium or Chrome application; else, as root on Debian, Debian's `chromium` package (apt-get, logged to
# .tools/chromium-install.log). Idempotent, and silent on stdout except for the path.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  [[ -x "$CHROMIUM_PATH" ]] || { echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2; exit 1; }
  echo "$CHROMIUM_PATH"; exit 0
fi
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; exit 0; fi
done
# macOS keeps browsers in application bundles, off PATH.
for app in "/Applications/Chromium.app/Contents/MacOS/Chromium" "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"; do
  if [[ -x "$app" ]]; then echo "$app"; exit 0; fi
done

if [[ "$(id -u)" == "0" && -f /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1; then
  mkdir -p "$tools"
  log="$tools/chromium-install.log"
  echo "Installing Debian's chromium package with apt-get (log: $log)" >&2
  # One install at a time: two test runs starting together must not race on dpkg's lock.
  exec 9>"$tools/chromium-install.lock"
  flock 9
  if ! command -v chromium >/dev/null 2>&1; then
    if ! { apt-get update >>"$log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >>"$log" 2>&1; }; then
      echo "apt-get could not install chromium; see $log" >&2
      exit 1
    fi
  fi
  command -v chromium; exit 0
fi

cat >&2 <<'EOF'
No Chromium found for the browser tests. Install one and run the tests again:
  - Debian/Ubuntu: sudo apt-get install chromium   (or chromium-browser)
  - or point CHROMIUM_PATH at a Chromium or Chrome executable.
EOF
exit 1
