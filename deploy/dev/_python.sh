# Shared by the two set-up scripts: find Python 3.11+, make .venv. Sourced, not run.
VENV="${VENV:-.venv}"

_have_python() {
  command -v python3 >/dev/null 2>&1 &&
    python3 -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

ensure_venv() {
  if [ -x "$VENV/bin/python" ]; then
    return
  fi
  if ! _have_python; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing Python 3 and venv with apt-get…"
      apt-get update -qq && apt-get install -y -qq python3 python3-venv python3-pip >/dev/null
    fi
  fi
  _have_python || { echo "Python 3.11 or newer with venv is required." >&2; exit 1; }
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
}
