#!/usr/bin/env bash
# Every test: the case-file schema check, every language's own tests, and
# the cross-language parity run.
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/dist/common.sh"
for part in python node jvm go; do source "$ROOT/scripts/dist/$part.sh"; done
tools_venv
validate_case_files

step "rust: clippy on the core, no panicking construct on input-derived data (issue 10)"
cargo clippy -q -p loginkit -- -D warnings -D clippy::unwrap_used -D clippy::expect_used -D clippy::indexing_slicing -D clippy::string_slice -D clippy::panic

step "test OpenID provider: its own checks (login, code and refresh grants per client, prompt=create, logout)"
bash testing/op/selftest.sh 9410
start_op

step "rust: cargo test --workspace"
cargo test --workspace --exclude loginkit-fuzz-checks

step "rust: complete logins against the real provider (feature http: post, basic, public client, the web routes)"
cargo test -p loginkit --features http --test op_login

step "fuzz corpus replay: every committed input of every fuzz target through the same checks, on stable"
cargo test -p loginkit-fuzz-checks -- --nocapture

step "release: one version in every manifest, the release workflow lints clean"
python3 scripts/stamp-version.py --check
GOBIN="$ROOT/target/tools-go/bin" go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
"$ROOT/target/tools-go/bin/actionlint" .github/workflows/release.yml && echo "release.yml: actionlint clean"

# Every artifact a user installs, built once into target/dist; the
# language steps below test these same builds and then install each one
# from target/dist alone into a fresh project (issue 14).
bash scripts/release.sh

build_c_abi
test_c_abi
test_go
install_check_go
build_python
test_python
install_check_python
build_node
test_node
build_jvm
test_jvm
install_check_jvm

step "browser: every example app logs in, signs up, runs two tabs and refuses a tampered callback in headless Chromium"
bash testing/e2e/run-all.sh

step "parity tool: its own tests (agreement, wrong expectations, skipped cases, stale expected failures)"
"$TOOLS_VENV/bin/python" -m pytest -q -p no:cacheprovider conformance/tests

step "parity run over a case file with one deliberately wrong expectation: it must fail and name the case"
wrong="$(mktemp -d)/wrong.json"
"$TOOLS_VENV/bin/python" - "$wrong" <<'PY'
import json, sys
case = next(c for c in json.load(open("conformance/cases/authorization_url.json"))["cases"] if c["id"] == "authz.seed-example")
case["expect"] = {"url": case["expect"]["url"].replace("scope=openid+profile", "scope=openid%20profile")}
json.dump({"suite": "deliberately-wrong", "cases": [case]}, open(sys.argv[1], "w"))
PY
if "$TOOLS_VENV/bin/python" conformance/parity.py --cases "$wrong" > target/parity-wrong.txt 2>&1; then
  cat target/parity-wrong.txt
  echo "FAIL: the parity run accepted a wrong expectation"
  exit 1
fi
grep -E "^  authz.seed-example: (rust|python|node|jvm|go) expected" target/parity-wrong.txt
echo "the parity run refused the wrong expectation, naming the case and every language"

# Last, so that the run ends on the parity table and its "N passed, M failed".
step "parity run"
"$TOOLS_VENV/bin/python" conformance/parity.py
