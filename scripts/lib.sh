# Shared by scripts/parity.sh and scripts/test.sh: the one place that knows
# how to get the tools and build each part. Everything builds into the
# workspace's single cargo target directory, so the core compiles once per
# profile however many bindings use it.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TARGET_DIR="$ROOT/target"
TOOLS_VENV="$ROOT/target/tools-venv"
PY_VENV="$ROOT/target/py-venv"
# maturin finds zig as `python3 -m ziglang`, so the tools venv comes first.
export PATH="$TOOLS_VENV/bin:$PATH"

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

# The real OpenID provider (oidc-provider on loopback, Scalekit's paths)
# that the bindings' login tests run against; stopped when the script ends.
start_op() {
  step "starting the test OpenID provider (testing/op, oidc-provider on 127.0.0.1:9400)"
  # shellcheck source=../testing/op/start.sh
  source "$ROOT/testing/op/start.sh"
  # The bindings' tests come back to :9401; each example app has its port.
  local port
  OP_REDIRECT_URIS="http://127.0.0.1:9401/auth/callback"
  OP_POST_LOGOUT_URIS="http://127.0.0.1:9401/"
  for port in 9501 9502 9503 9504 9505 9506; do
    OP_REDIRECT_URIS+=",http://127.0.0.1:$port/auth/callback"
    OP_POST_LOGOUT_URIS+=",http://127.0.0.1:$port/"
  done
  export OP_REDIRECT_URIS OP_POST_LOGOUT_URIS
  op_start 9400
  trap op_stop EXIT
  export LOGINKIT_OP_ISSUER="$OP_ISSUER"
  echo "provider ready at $LOGINKIT_OP_ISSUER"
}

validate_case_files() {
  step "validating conformance case files against conformance/schema.json"
  "$TOOLS_VENV/bin/python" "$ROOT/conformance/validate.py"
}

build_rust() {
  step "building the core and CLI (release)"
  cargo build --release -p loginkit -p loginkit-cli
}

build_c_abi() {
  step "building the C ABI static library (release, glibc 2.17 via zig) into bindings-go/lib, where Go links it"
  # The build scripts/dist/go.sh ships for linux/amd64: after a release
  # run, cargo finds it fresh and builds nothing. The header goes with it.
  cargo zigbuild --release --target x86_64-unknown-linux-gnu.2.17 -p loginkit-c
  install -D -m 644 target/x86_64-unknown-linux-gnu/release/libloginkit_c.a bindings-go/lib/linux_amd64/libloginkit_c.a
  install -D -m 644 bindings-c/include/loginkit.h bindings-go/lib/include/loginkit.h
}

test_c_abi() {
  step "c: the C ABI test program (against the debug build, under valgrind when present)"
  cargo build -p loginkit-c
  cc -std=c11 -Wall -Wextra -Werror -I bindings-c/include bindings-c/tests/abi_test.c \
    target/debug/libloginkit_c.a -lpthread -ldl -lm -o target/abi_test
  if command -v valgrind >/dev/null; then
    valgrind -q --suppressions=bindings-c/tests/valgrind.supp --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=1 target/abi_test
  else
    echo "valgrind not installed: running without leak checks"
    target/abi_test
  fi
}

test_go() {
  step "go: vet, tests with -race, examples; vet of the benchmark module (golang-jwt)"
  (cd bindings-go && go vet ./... && go test -count=1 -race ./...)
  (cd bindings-go/benches && go vet ./...)
}

build_python() {
  # The release's x86_64 manylinux wheel (scripts/dist/python.sh), when
  # there, is the one tested: the same file a user installs, not built twice.
  # target/wheels is where the example apps' run.sh look for it.
  local released
  released="$(ls "${DIST:-$ROOT/target/dist}"/python/loginkit-*-cp310-abi3-manylinux2014_x86_64.*.whl 2>/dev/null | head -n 1 || true)"
  rm -rf target/wheels
  if [ -n "$released" ]; then
    step "python: the release wheel ${released#"$ROOT/"}, installed into a fresh venv"
    mkdir -p target/wheels
    cp "$released" target/wheels/
  else
    step "python: building the release abi3 wheel for manylinux2014 (zig), checking glibc, installing it into a fresh venv"
    maturin build --release --zig --compatibility manylinux2014 -m bindings-python/Cargo.toml -o target/wheels
  fi
  python3 scripts/check-glibc.py 2.17 target/wheels/loginkit-*.whl
  ls -l target/wheels/loginkit-*.whl | awk '{printf "wheel size: %.0f KiB\n", $5 / 1024}'
  rm -rf "$PY_VENV"
  python3 -m venv "$PY_VENV"
  "$PY_VENV/bin/pip" install --quiet --disable-pip-version-check pytest==8.4.2
  "$PY_VENV/bin/pip" install --quiet --disable-pip-version-check target/wheels/loginkit-*.whl
  # Flask, FastAPI and mypy for the integration tests and the type check.
  "$PY_VENV/bin/pip" install --quiet --disable-pip-version-check -r bindings-python/tests/requirements.txt
}

test_python() {
  step "python: tests against the installed wheel, run from outside the source tree"
  (cd target && "$PY_VENV/bin/python" -m pytest -q -p no:cacheprovider "$ROOT/bindings-python/tests")
  step "python: mypy --strict over the installed package (stubs and integrations)"
  (cd target && "$PY_VENV/bin/python" -m mypy --strict --no-incremental -p loginkit)
}

build_node() {
  # shellcheck source=dist/common.sh
  source "$ROOT/scripts/dist/common.sh"
  # shellcheck source=dist/node.sh
  source "$ROOT/scripts/dist/node.sh"
  if node_dist_current; then
    step "node: npm install; the x86_64 glibc build from $DIST/npm (scripts/release.sh built it from this tree)"
    node_dev_dependencies
    node_use_dist_build
  else
    step "node: npm install, release build against glibc 2.17 (napi -x: cargo-zigbuild + zig), native check"
    node_dev_dependencies
    node_build_target x86_64-unknown-linux-gnu
    python3 scripts/check-native.py --arch x86_64 --libc gnu bindings-node/loginkit.linux-x64-gnu.node
  fi
}

test_node() {
  step "node: tests in the tree"
  (cd bindings-node && node --test --test-reporter=spec test/api.test.js test/token.test.js test/web.test.js test/conformance.test.js test/op.test.js)
  # The packaging check is the release's install check: npm install from a
  # local registry, the platform package, require + import + tsc. Without a
  # current release it packs the x86_64 build just made (the main package and
  # its linux-x64-gnu package; npm skips the other platforms' packages, which
  # that registry does not have).
  if node_dist_current; then
    install_check_node "$DIST/npm"
  else
    local packed="$ROOT/target/node-test-pack"
    rm -rf "$packed"
    mkdir -p "$packed/stage/artifacts"
    cp bindings-node/loginkit.linux-x64-gnu.node "$packed/stage/artifacts/"
    node_package "$packed/npm" "$packed/stage" "${NODE_TARGETS[0]}"
    install_check_node "$packed/npm"
  fi
}

# The release jar in target/dist/maven (scripts/dist/jvm.sh), when it is
# newer than every Rust source: its native libraries are then the ones in
# target/, and the tests use them rather than building them again.
jvm_release_jar() {
  [ -n "${VERSION:-}" ] || source "$ROOT/scripts/dist/common.sh"
  local jar="$DIST/maven/dev/loginkit/loginkit/$VERSION/loginkit-$VERSION.jar"
  [ -f "$jar" ] && [ -f target/x86_64-unknown-linux-gnu/release/libloginkit_jvm.so ] \
    && [ -z "$(find core bindings-jvm Cargo.toml Cargo.lock -path bindings-jvm/target -prune -o -newer "$jar" \
      \( -name '*.rs' -o -name Cargo.toml -o -name Cargo.lock \) -print -quit)" ] \
    && echo "$jar"
}

build_jvm() {
  local jar
  [ -n "${VERSION:-}" ] || source "$ROOT/scripts/dist/common.sh"
  if jar="$(jvm_release_jar)"; then
    step "jvm: JUnit tests, with the linux-x86-64 library of the release jar ($jar), not built again"
    # clean: nothing of a release build (linux-aarch64, the sources jar) stays in target/classes.
    mvn -B -q -f bindings-jvm/pom.xml -Pglibc217 -Dcargo.skip=true clean verify
  else
    step "jvm: mvn install (Rust library against glibc 2.17 via zig, Kotlin generated by the workspace's uniffi-bindgen, tests)"
    mvn -B -q -f bindings-jvm/pom.xml -Pglibc217 clean install
    python3 scripts/check-native.py --arch x86_64 --libc gnu "bindings-jvm/target/loginkit-$VERSION.jar"
  fi
}

test_jvm() {
  step "jvm: JUnit results"
  cat bindings-jvm/target/surefire-reports/*.txt | grep "Tests run"
  if jvm_release_jar >/dev/null; then
    # The consumer project runs in install_check_jvm (scripts/dist/jvm.sh),
    # fresh, against the release's Maven repository.
    echo "jvm: the consumer project runs against the release in install_check_jvm"
  else
    step "jvm: a separate project that depends on dev.loginkit:loginkit by coordinates (from ~/.m2)"
    mvn -B -q -f bindings-jvm/consumer/pom.xml test
    cat bindings-jvm/consumer/target/surefire-reports/*.txt | grep "Tests run"
  fi
}
