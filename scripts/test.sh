#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what it needs, type-checks, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
npx tsc -p tsconfig.json --noEmit
npx tsc -p tsconfig.build.json
npx vitest run
