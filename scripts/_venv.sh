# Sourced by scripts/run and scripts/test: make .venv with the project installed, quietly and once.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: TPI Desktop needs Python 3.11 or newer (found: $("$PY" --version 2>&1))" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv; then
    echo "error: could not create .venv; on Debian/Ubuntu: sudo apt-get install python3-venv" >&2
    exit 2
  fi
fi
STAMP=.venv/.tpi-installed
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  echo "Setting up .venv (first run only) ..." >&2
  .venv/bin/python -m pip install --quiet --upgrade pip >&2
  .venv/bin/python -m pip install --quiet -e '.[dev]' >&2
  touch "$STAMP"
fi
export PATH="$ROOT/.venv/bin:$PATH"
