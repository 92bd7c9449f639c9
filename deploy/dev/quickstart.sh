#!/usr/bin/env bash
# Install and run the marketplace with demo data on the embedded PostgreSQL.
# Needs only Python 3.11+ (installed with apt-get when missing and running as root).
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/dev/_python.sh
ensure_venv
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e .
exec "$VENV/bin/ocop" quickstart "$@"
