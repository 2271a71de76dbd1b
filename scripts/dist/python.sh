# The Python release: abi3 wheels (CPython 3.10+) for the Linux targets this
# machine cross-compiles with zig, and the sdist, into $DIST/python (a
# find-links directory); and the check that installs them as a user would.
# Sourced by scripts/release.sh after scripts/lib.sh and scripts/dist/common.sh.

# Each Rust target with the wheel platform maturin must tag it with, and the
# arch/libc scripts/check-native.py must then find inside.
PYTHON_WHEEL_TARGETS=(
  "x86_64-unknown-linux-gnu manylinux2014 manylinux2014_x86_64.manylinux_2_17_x86_64 x86_64 gnu"
  "aarch64-unknown-linux-gnu manylinux2014 manylinux2014_aarch64.manylinux_2_17_aarch64 aarch64 gnu"
  "x86_64-unknown-linux-musl musllinux_1_2 musllinux_1_2_x86_64 x86_64 musl"
  "aarch64-unknown-linux-musl musllinux_1_2 musllinux_1_2_aarch64 aarch64 musl"
)
# The seed example every language's tests assert byte for byte
# (conformance case authz.seed-example).
PYTHON_SEED_URL="https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

# The build backend for installing the sdist offline: pip builds an sdist in
# an isolated environment and installs its [build-system] requirements
# there, from the same --no-index/--find-links as the package. The maturin
# wheel is kept out of $DIST/python so that directory holds only loginkit.
PYTHON_BUILD_DEPS="$DIST/python-build"

dist_python() {
  local out="$DIST/python" spec target compat platform arch libc wheel started seconds
  rm -rf "$out" "$PYTHON_BUILD_DEPS"
  mkdir -p "$out" "$PYTHON_BUILD_DEPS"
  ensure_rust_targets
  for spec in "${PYTHON_WHEEL_TARGETS[@]}"; do
    read -r target compat platform arch libc <<<"$spec"
    step "python: abi3 wheel for $target ($compat, zig)"
    started=$SECONDS
    maturin build --release --zig --target "$target" --compatibility "$compat" \
      -m bindings-python/Cargo.toml -o "$out"
    seconds=$((SECONDS - started))
    wheel="$out/loginkit-$VERSION-cp310-abi3-$platform.whl"
    if [ ! -f "$wheel" ]; then
      echo "FAIL: maturin did not write $wheel"
      ls -l "$out"
      return 1
    fi
    python3 "$ROOT/scripts/check-native.py" --arch "$arch" --libc "$libc" "$wheel"
    printf 'python wheel %s: built in %d s, %d KiB\n' "$target" "$seconds" "$(($(stat -c %s "$wheel") / 1024))"
  done

  step "python: sdist (the binding, the core crate it builds from, the pruned workspace and lock file)"
  maturin sdist -m bindings-python/Cargo.toml -o "$out"
  local sdist="$out/loginkit-$VERSION.tar.gz" member
  # A source build compiles the core from inside the sdist, so it must be there.
  for member in pyproject.toml Cargo.toml Cargo.lock LICENSE core/Cargo.toml core/src/lib.rs \
    bindings-python/Cargo.toml bindings-python/src/lib.rs python/loginkit/__init__.py python/loginkit/_loginkit.pyi; do
    tar -tzf "$sdist" "loginkit-$VERSION/$member" >/dev/null
  done
  echo "sdist: $(tar -tzf "$sdist" | wc -l) files, core crate included"

  step "python: the build backend for the offline sdist install (maturin, as pinned in scripts/tools-requirements.txt)"
  local maturin_pin
  maturin_pin="$(grep -E '^maturin==' "$ROOT/scripts/tools-requirements.txt")"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary :all: \
    -d "$PYTHON_BUILD_DEPS" "$maturin_pin"
  ls "$out" "$PYTHON_BUILD_DEPS"
}

# The seed example, run by the installed package from outside the source tree.
_python_seed_check() {
  local venv="$1" url
  url="$(cd "$venv" && "$venv/bin/python" - <<'PY'
import loginkit
from loginkit import AuthorizationUrlOptions, Client

client = Client("https://acme.scalekit.dev", "skc_1234567890")
options = AuthorizationUrlOptions(scopes=["openid", "profile", "email", "offline_access"],
                                  state="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
print(client.get_authorization_url("https://yourapp.com/auth/callback", options))
PY
)"
  if [ "$url" != "$PYTHON_SEED_URL" ]; then
    printf 'FAIL: the seed URL differs\n  got:      %s\n  expected: %s\n' "$url" "$PYTHON_SEED_URL"
    return 1
  fi
  echo "seed URL: $url"
}

# Which file pip installed loginkit from, by its own report (pip >= 22.2).
_python_installed_from() {
  python3 - "$1" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print(next(i["download_info"]["url"].rsplit("/", 1)[-1] for i in report["install"] if i["metadata"]["name"] == "loginkit"))
PY
}

install_check_python() {
  local scratch venv file version
  scratch="$(mktemp -d)"

  step "python: pip install --no-index --find-links \$DIST/python loginkit into a fresh venv"
  venv="$scratch/wheel-venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-cache-dir --no-index --find-links "$DIST/python" \
    --report "$scratch/wheel.json" loginkit
  file="$(_python_installed_from "$scratch/wheel.json")"
  version="$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("loginkit"))')"
  echo "installed loginkit $version from $file"
  if [ "$file" != "loginkit-$VERSION-cp310-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl" ] || [ "$version" != "$VERSION" ]; then
    echo "FAIL: expected the manylinux2014 x86_64 wheel of $VERSION"
    return 1
  fi
  _python_seed_check "$venv"

  step "python: pip install --no-binary loginkit: the sdist builds from source (maturin from \$DIST/python-build, cargo)"
  venv="$scratch/sdist-venv"
  python3 -m venv "$venv"
  local started=$SECONDS
  # A cargo target directory of its own, emptied first: the core compiles
  # from the sdist's copy, never from the workspace's build, and not from an
  # earlier sdist's either (maturin dates every file in the sdist 2006, so
  # cargo would take a changed source for an unchanged one). The crates
  # come from cargo's local cache (CARGO_NET_OFFLINE), as locked by the
  # sdist's Cargo.lock.
  rm -rf "$ROOT/target/sdist-build"
  # --no-cache-dir: pip would otherwise reuse a wheel it built from an
  # earlier sdist of the same file name, and build nothing.
  CARGO_TARGET_DIR="$ROOT/target/sdist-build" CARGO_NET_OFFLINE=true \
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-cache-dir --no-index \
      --find-links "$DIST/python" --find-links "$PYTHON_BUILD_DEPS" --no-binary loginkit \
      --report "$scratch/sdist.json" loginkit
  file="$(_python_installed_from "$scratch/sdist.json")"
  echo "built from $file and installed in $((SECONDS - started)) s"
  if [ "$file" != "loginkit-$VERSION.tar.gz" ]; then
    echo "FAIL: expected pip to build loginkit-$VERSION.tar.gz"
    return 1
  fi
  _python_seed_check "$venv"
  rm -rf "$scratch"
  echo "proved: the release wheel and the sdist each install offline from \$DIST and print the seed URL"
}
