#!/usr/bin/env bash
# Install what the tests need and run them (lint first). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source deploy/dev/_python.sh
# The suite runs as a development machine (tests/settings.py sets the same).
export OCOP_ENV="${OCOP_ENV:-development}"
ensure_venv
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e ".[test]"
# Browser tests drive Debian's Chromium (never Playwright's own download).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "== installing Debian's chromium for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
# The background-work tests start a Redis server of their own (redis-server).
if ! command -v redis-server >/dev/null && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "== installing Debian's redis-server for the background-work tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server
fi
echo "== ruff"
"$VENV/bin/ruff" check .
echo "== pytest"
exec "$VENV/bin/pytest" "$@"
