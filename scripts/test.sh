#!/usr/bin/env bash
# Every test: the case-file schema check, every language's own tests, and
# the cross-language parity run.
source "$(dirname "$0")/lib.sh"
tools_venv
validate_case_files

step "rust: cargo test --workspace"
cargo test --workspace

build_c_abi
test_c_abi
test_go
build_python
test_python
build_node
test_node

step "parity run"
"$TOOLS_VENV/bin/python" conformance/parity.py
