#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; no test tool may download a browser of its own.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== Installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
  exit 0
fi
echo "The browser tests need Chromium at $chromium_path. Install it with: sudo apt-get install -y chromium" >&2
echo "(or set CHROMIUM_PATH to another Chromium binary)." >&2
exit 1
