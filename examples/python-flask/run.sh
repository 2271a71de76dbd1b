#!/usr/bin/env bash
# Runs the Flask example in the foreground: APP_BASE_URL (default
# http://127.0.0.1:9501; the app binds to its host and port),
# LOGINKIT_ENV_URL, LOGINKIT_CLIENT_ID, LOGINKIT_CLIENT_SECRET, LOGINKIT_KEYS
# (comma-separated, newest first; one is generated when unset).
#
# Its virtual environment is target/examples/python-flask: the loginkit
# wheel from target/wheels (scripts/lib.sh build_python leaves it there;
# when it is missing it is built here with the same maturin command), and
# Flask from PyPI as pinned in requirements.txt.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$ROOT/target/examples/python-flask"
wheel() { ls "$ROOT"/target/wheels/loginkit-*.whl 2>/dev/null | head -n 1; }
if [ -z "$(wheel)" ]; then
  echo "run.sh: no wheel in target/wheels: building it (maturin, as scripts/lib.sh build_python does)"
  (
    # shellcheck source=../../scripts/lib.sh
    source "$ROOT/scripts/lib.sh"
    tools_venv
    maturin build --release --zig --compatibility manylinux2014 -m bindings-python/Cargo.toml -o target/wheels
  )
fi
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
# Reinstalled whenever the wheel or the pinned requirements change.
stamp="$(cat "$(wheel)" "$HERE/requirements.txt" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$VENV/.installed" 2>/dev/null)" != "$stamp" ]; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps "$(wheel)"
  echo "$stamp" > "$VENV/.installed"
fi
exec "$VENV/bin/python" "$HERE/app.py"
