#!/usr/bin/env bash
# Install and run the marketplace with demo data on the embedded PostgreSQL.
# Needs only Python 3.11+ (installed with apt-get when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/dev/_python.sh
# A development machine: a random secret key kept in var/, local host names only. A public
# server must run in production mode instead (README: "Production settings").
export OCOP_ENV="${OCOP_ENV:-development}"
ensure_venv
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e .
exec "$VENV/bin/ocop" quickstart "$@"
