#!/usr/bin/env bash
# Install what the tests need and run them (lint first). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/dev/_python.sh
ensure_venv
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e ".[test]"
echo "== ruff"
"$VENV/bin/ruff" check .
echo "== pytest"
exec "$VENV/bin/pytest" "$@"
