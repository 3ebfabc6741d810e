#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs, type-checks, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
# Headless Chromium (Debian's package) for the browser tests of the published overview.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: /usr/bin/chromium is missing and this user cannot install it; the browser tests will be skipped" >&2
  fi
fi
npx tsc -p tsconfig.json --noEmit
npx tsc -p tsconfig.build.json
npx vitest run
