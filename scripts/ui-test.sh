#!/usr/bin/env bash
# UI checks: clean install from package-lock.json, type check (svelte-check),
# unit tests (Vitest: keyboard navigation, TSV paste parsing, undo).
# Usage: scripts/ui-test.sh
set -euo pipefail
cd "$(dirname "$0")/../ui"
npm ci --no-audit --no-fund --loglevel=error
npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings
npx vitest run
