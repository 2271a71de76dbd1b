#!/usr/bin/env bash
# The main job: build the core and every binding, run every language's
# conformance runner over the same case files, and prove the results are
# byte-identical. Options go to conformance/parity.py, e.g.
#   scripts/parity.sh --cases my-cases.json
source "$(dirname "$0")/lib.sh"
tools_venv
validate_case_files
start_op  # the JVM build's tests log in against it
build_rust
build_c_abi
build_python
build_node
build_jvm
step "parity run"
"$TOOLS_VENV/bin/python" conformance/parity.py "$@"
