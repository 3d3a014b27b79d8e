#!/usr/bin/env bash
# Everything CI checks. Runs on the embedded database, and on PostgreSQL too when
# TEST_DATABASE_URL points at a server whose user may create databases.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Type check"
npm run --silent typecheck

echo "== Unit and route tests on the embedded database (PGlite)"
npx vitest run

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== Unit and route tests on PostgreSQL"
  TEST_DB=postgres npx vitest run
fi

echo "== Compiled start-up (as npm start runs it)"
npm run --silent build
npx tsx scripts/smoke-start.ts

bash scripts/ensure-chromium.sh
echo "== Browser tests (Chromium, axe)"
npm run --silent test:e2e
