# Shared by scripts/parity.sh and scripts/test.sh: the one place that knows
# how to get the tools and build each part. Everything builds into the
# workspace's single cargo target directory, so the core compiles once per
# profile however many bindings use it.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="$ROOT/target"
TOOLS_VENV="$ROOT/target/tools-venv"

step() { printf '\n==> %s\n' "$*"; }

# Python tools the build and checks need (jsonschema, and later maturin),
# in a virtual environment of their own so nothing touches the system.
tools_venv() {
  if [ ! -x "$TOOLS_VENV/bin/python" ]; then
    step "creating the tools virtual environment"
    python3 -m venv "$TOOLS_VENV"
  fi
  "$TOOLS_VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/scripts/tools-requirements.txt"
}

validate_case_files() {
  step "validating conformance case files against conformance/schema.json"
  "$TOOLS_VENV/bin/python" "$ROOT/conformance/validate.py"
}

build_rust() {
  step "building the core and CLI (release)"
  cargo build --release -p loginkit -p loginkit-cli
}
