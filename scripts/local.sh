#!/usr/bin/env bash
# Runs the bot locally on an embedded default: an embedded MongoDB, the bot on $PORT (3978) and
# Microsoft 365 Agents Playground on 56150, in the foreground until Ctrl+C. No accounts needed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec node --import tsx scripts/local.ts
