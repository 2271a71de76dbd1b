#!/usr/bin/env bash
# One command: build the loginkit wheel, install it and PyJWT[crypto] into
# target/py-bench-venv (the benchmark's own environment; PyJWT is no
# dependency of loginkit), and run bench_id_token.py.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="$ROOT/target"
VENV="$ROOT/target/py-bench-venv"
[ -x target/tools-venv/bin/maturin ] || { python3 -m venv target/tools-venv; target/tools-venv/bin/pip install -q -r scripts/tools-requirements.txt; }
target/tools-venv/bin/maturin build --release -m bindings-python/Cargo.toml -o target/wheels-bench >/dev/null
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check "PyJWT[crypto]==2.15.1"
"$VENV/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels-bench/loginkit-*.whl
cd "$VENV" && exec "$VENV/bin/python" "$ROOT/bindings-python/benches/bench_id_token.py"
