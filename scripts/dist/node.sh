# The Node release in the napi-rs layout, into $DIST/npm: one package per
# platform (`loginkit-linux-x64-gnu`, ...: the .node file with `os`, `cpu`
# and `libc`, so npm installs only the one that fits) and the main package
# `loginkit` (JavaScript, types, the loader) with `optionalDependencies` on
# all of them; and the check that installs them as a user would, from a
# local registry made of $DIST/npm and nothing else.
# Sourced by scripts/release.sh (and by test_node in scripts/lib.sh) after
# scripts/lib.sh and scripts/dist/common.sh.

# Each Rust target with the napi platform name, and the arch/libc
# scripts/check-native.py must find in its package. glibc targets are linked
# against glibc 2.17 by cargo-zigbuild (`<triple>.2.17`); musl ones are
# dynamically linked against musl, as Node on Alpine loads them.
NODE_TARGETS=(
  "x86_64-unknown-linux-gnu linux-x64-gnu x86_64 gnu"
  "aarch64-unknown-linux-gnu linux-arm64-gnu aarch64 gnu"
  "x86_64-unknown-linux-musl linux-x64-musl x86_64 musl"
  "aarch64-unknown-linux-musl linux-arm64-musl aarch64 musl"
)
# Build output of the release (never committed): the built .node files and
# the per-platform package directories napi generates.
NODE_STAGE="$ROOT/target/node-dist"
NAPI="$ROOT/bindings-node/node_modules/.bin/napi"

# The napi build of one target. The x86_64 glibc build goes where the tests
# load it from (bindings-node/, with the generated loader native.js and its
# types native.d.ts, which the main package ships); the others go to
# $NODE_STAGE/artifacts only.
node_build_target() {
  local target="$1" napi_target="$1"
  case "$target" in *-gnu) napi_target="$target.2.17" ;; esac
  if [ "$target" = x86_64-unknown-linux-gnu ]; then
    (cd "$ROOT/bindings-node" && "$NAPI" build --platform --release --strip \
      --js native.js --dts native.d.ts -x --target "$napi_target")
  else
    (cd "$ROOT/bindings-node" && "$NAPI" build --platform --release --strip \
      --no-js --dts native.d.ts -o "$NODE_STAGE/artifacts" -x --target "$napi_target")
  fi
}

# The dev dependencies: the napi CLI, and tsc for the install check.
node_dev_dependencies() {
  # npm install, not npm ci: npm 11 rejects this lock file (any freshly
  # generated one too) over the napi CLI's platform-specific optional
  # dependencies; install still resolves the locked versions. The
  # per-platform loginkit packages are not on any registry the tree's
  # install can reach; npm skips an optional dependency it cannot find.
  (cd "$ROOT/bindings-node" && npm install --no-audit --no-fund --loglevel=error)
}

# package.json must already say what the release is: the version, and one
# optional dependency per napi target at that same version (both written by
# scripts/stamp-version.py).
node_check_manifest() {
  node - "$ROOT/bindings-node/package.json" "$VERSION" <<'JS'
const [file, version] = process.argv.slice(2)
const pkg = require(file)
const problems = []
if (pkg.version !== version) problems.push(`version is ${pkg.version}, the release is ${version}`)
const wanted = Object.fromEntries(pkg.napi.targets.map((triple) => {
  const [arch, , , abi] = triple.split('-')
  return [`${pkg.name}-linux-${{ x86_64: 'x64', aarch64: 'arm64' }[arch]}-${abi}`, version]
}))
const have = pkg.optionalDependencies ?? {}
if (JSON.stringify(Object.entries(have).sort()) !== JSON.stringify(Object.entries(wanted).sort())) {
  problems.push(`optionalDependencies are ${JSON.stringify(have)}, the napi targets need ${JSON.stringify(wanted)}`)
}
for (const file of pkg.files) if (file.endsWith('.node')) problems.push(`"files" lists ${file}: the main package ships no native code`)
if (problems.length) {
  console.error(`FAIL: bindings-node/package.json: ${problems.join('; ')} (scripts/stamp-version.py writes both)`)
  process.exit(1)
}
console.log(`package.json: ${pkg.name}@${version}, optionalDependencies ${Object.keys(wanted).join(', ')}`)
JS
}

dist_node() {
  local spec target platform arch libc started seconds file times=()
  step "node: dev dependencies (napi CLI) and the manifest"
  ensure_rust_targets
  node_dev_dependencies
  node_check_manifest
  rm -rf "$NODE_STAGE"
  mkdir -p "$NODE_STAGE/artifacts"
  # What node_dist_current compares the sources with: a file changed while
  # the builds ran makes the release stale.
  touch "$NODE_STAGE/build-started"
  for spec in "${NODE_TARGETS[@]}"; do
    read -r target platform arch libc <<<"$spec"
    step "node: $platform.node ($target, napi build -x: cargo-zigbuild + zig)"
    started=$SECONDS
    node_build_target "$target"
    seconds=$((SECONDS - started))
    file="loginkit.$platform.node"
    if [ "$target" = x86_64-unknown-linux-gnu ]; then
      cp "$ROOT/bindings-node/$file" "$NODE_STAGE/artifacts/$file"
    fi
    python3 "$ROOT/scripts/check-native.py" --arch "$arch" --libc "$libc" "$NODE_STAGE/artifacts/$file"
    times+=("$(printf 'node %s: built in %d s, %d KiB' "$platform" "$seconds" "$(($(stat -c %s "$NODE_STAGE/artifacts/$file") / 1024))")")
    echo "${times[-1]}"
  done
  # Type definitions of the other builds: the x86_64 one in the tree is the one shipped.
  rm -f "$NODE_STAGE/artifacts/native.d.ts"
  node_package "$DIST/npm" "$NODE_STAGE" "${NODE_TARGETS[@]}"
  printf '%s\n' "${times[@]}" | tee "$NODE_STAGE/build-times.txt"
}

# Packs the main package and the per-platform packages of the given
# NODE_TARGETS entries into $1 (emptied first), from the .node files in
# $2/artifacts, with napi's own commands in $2.
node_package() {
  local out="$1" stage="$2" spec target platform arch libc tgz file
  shift 2
  rm -rf "$out" "$stage/napi" "$stage/main"
  mkdir -p "$out" "$stage/napi" "$stage/main"

  step "node: the per-platform packages (napi create-npm-dirs + napi artifacts, in $stage)"
  # napi writes the package directories next to the package.json it reads,
  # and copies every artifact into that package's root too: a copy of the
  # manifest (with the targets packed here) keeps both out of the source tree.
  node - "$ROOT/bindings-node/package.json" "$stage/napi/package.json" "$@" <<'JS'
const [from, to, ...specs] = process.argv.slice(2)
const pkg = require(from)
pkg.napi.targets = specs.map((spec) => spec.split(' ')[0])
require('fs').writeFileSync(to, JSON.stringify(pkg, null, 2))
JS
  "$NAPI" create-npm-dirs --cwd "$stage/napi" --npm-dir npm
  "$NAPI" artifacts --cwd "$stage/napi" --npm-dir npm --output-dir "$stage/artifacts"
  for spec in "$@"; do
    read -r target platform arch libc <<<"$spec"
    cp "$ROOT/LICENSE" "$stage/napi/npm/$platform/LICENSE"
    (cd "$stage/napi/npm/$platform" && npm pack --silent --pack-destination "$out" >/dev/null)
    tgz="$out/loginkit-$platform-$VERSION.tgz"
    node_check_platform_package "$tgz" "$platform" "$arch" "$libc"
    python3 "$ROOT/scripts/check-native.py" --arch "$arch" --libc "$libc" "$tgz"
  done

  step "node: the main package (JavaScript, types, loader; no native code)"
  # Packed from a copy of exactly what the tree's package would ship, plus
  # the repository's LICENSE (npm takes it only from the package directory).
  (cd "$ROOT/bindings-node" && npm pack --dry-run --json 2>/dev/null) \
    | node -e 'for (const f of JSON.parse(require("fs").readFileSync(0, "utf8"))[0].files) console.log(f.path)' \
    | (cd "$ROOT/bindings-node" && xargs cp --parents -t "$stage/main")
  cp "$ROOT/LICENSE" "$stage/main/LICENSE"
  (cd "$stage/main" && npm pack --silent --pack-destination "$out" >/dev/null)
  tgz="$out/loginkit-$VERSION.tgz"
  if tar -tzf "$tgz" | grep -E '\.(node|so)$'; then
    echo "FAIL: the main package $tgz carries native code (above)"
    return 1
  fi
  for file in package/native.js package/native.d.ts package/index.js package/index.d.ts package/LICENSE; do
    tar -tzf "$tgz" "$file" >/dev/null
  done
  echo "main package: $(tar -tzf "$tgz" | wc -l) files, no .node, loader and types included"
  ls -l "$out" | awk 'NR > 1 {printf "%-40s %6d KiB\n", $9, $5 / 1024}'
}

# The release's x86_64 glibc packages, when they were built from the tree
# as it is now: no source of the package or the core changed since
# dist_node started.
node_dist_current() {
  local main="$DIST/npm/loginkit-$VERSION.tgz" platform="$DIST/npm/loginkit-linux-x64-gnu-$VERSION.tgz"
  local stamp="$NODE_STAGE/build-started" newer
  [ -f "$main" ] && [ -f "$platform" ] && [ -f "$stamp" ] && [ "$stamp" -ot "$main" ] || return 1
  newer="$(find "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" "$ROOT/core/Cargo.toml" "$ROOT/core/src" \
    "$ROOT/bindings-node" \( -path "$ROOT/bindings-node/node_modules" -o -path "$ROOT/bindings-node/test" \) -prune \
    -o -type f ! -name '*.node' ! -name 'native.js' ! -name 'native.d.ts' ! -name 'package-lock.json' \
    -newer "$stamp" -print | head -5)"
  if [ -n "$newer" ]; then
    echo "$DIST/npm is older than the tree (e.g. ${newer//$'\n'/, }): building again"
    return 1
  fi
}

# Puts the release's x86_64 glibc build where the tests load it from: the
# .node from its platform package, the loader and its types from the main one.
node_use_dist_build() {
  tar -xzf "$DIST/npm/loginkit-linux-x64-gnu-$VERSION.tgz" -O package/loginkit.linux-x64-gnu.node \
    >"$ROOT/bindings-node/loginkit.linux-x64-gnu.node"
  tar -xzf "$DIST/npm/loginkit-$VERSION.tgz" -O package/native.js >"$ROOT/bindings-node/native.js"
  tar -xzf "$DIST/npm/loginkit-$VERSION.tgz" -O package/native.d.ts >"$ROOT/bindings-node/native.d.ts"
  python3 "$ROOT/scripts/check-native.py" --arch x86_64 --libc gnu "$ROOT/bindings-node/loginkit.linux-x64-gnu.node"
}

# A per-platform package's manifest: what npm selects it by and what the
# main package's loader requires.
node_check_platform_package() {
  local tgz="$1" platform="$2" arch="$3" libc="$4"
  node - "$platform" "$arch" "$libc" "$VERSION" "$(tar -xOzf "$tgz" package/package.json)" "$(tar -tzf "$tgz" | tr '\n' ' ')" <<'JS'
const [platform, arch, libc, version, manifest, members] = process.argv.slice(2)
const pkg = JSON.parse(manifest)
const want = {
  name: `loginkit-${platform}`, version, os: ['linux'], cpu: [{ x86_64: 'x64', aarch64: 'arm64' }[arch]],
  libc: [{ gnu: 'glibc', musl: 'musl' }[libc]], main: `loginkit.${platform}.node`, license: 'Apache-2.0',
}
const problems = Object.entries(want)
  .filter(([key, value]) => JSON.stringify(pkg[key]) !== JSON.stringify(value))
  .map(([key, value]) => `${key} is ${JSON.stringify(pkg[key])}, expected ${JSON.stringify(value)}`)
if (!pkg.repository?.url) problems.push('no repository')
if (!members.split(' ').includes(`package/${want.main}`)) problems.push(`${want.main} is not in the tarball`)
if (problems.length) {
  console.error(`FAIL: ${want.name}: ${problems.join('; ')}`)
  process.exit(1)
}
console.log(`${want.name}@${version}: os ${pkg.os}, cpu ${pkg.cpu}, libc ${pkg.libc}, main ${pkg.main}`)
JS
}

# The seed example every language's tests assert byte for byte
# (conformance case authz.seed-example).
NODE_SEED_URL="https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

# `npm install loginkit` in a fresh project from a local registry serving
# the tarballs of $1 (default $DIST/npm) and nothing else, with a fresh npm
# cache and no user configuration; then the platform package, the seed
# example through require and import, the package's own smoke tests and
# its types. Runs in a subshell so the registry stops however it ends.
install_check_node() {
  local npm_dir="${1:-$DIST/npm}"
  step "node: npm install loginkit from a local registry made of $npm_dir only, into a fresh project"
  (
    work="$(mktemp -d)"
    python3 "$ROOT/scripts/dist/npm-registry.py" "$npm_dir" "$work/port" "$work/requests.log" &
    registry_pid=$!
    trap 'status=$?; kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; rm -rf "$work"; exit "$status"' EXIT
    for _ in $(seq 100); do
      [ -s "$work/port" ] && break
      kill -0 "$registry_pid"
      sleep 0.1
    done
    registry="http://127.0.0.1:$(cat "$work/port")/"
    echo "registry: $registry ($(ls "$npm_dir"/*.tgz | wc -l) tarballs)"
    # No ~/.npmrc, no global one: only this registry, only this cache.
    printf 'registry=%s\ncache=%s\naudit=false\nfund=false\nupdate-notifier=false\n' "$registry" "$work/cache" >"$work/npmrc"
    : >"$work/global-npmrc"
    export npm_config_userconfig="$work/npmrc" npm_config_globalconfig="$work/global-npmrc"
    mkdir "$work/project"
    cd "$work/project"
    npm init -y >/dev/null
    npm install --loglevel=error --registry "$registry" --cache "$work/cache" loginkit
    node_check_installed "$npm_dir" "$registry" "$work/requests.log"
    cp "$ROOT/bindings-node/test/package/"* .
    node smoke.cjs
    node smoke.mjs
    "$ROOT/bindings-node/node_modules/.bin/tsc" --noEmit --strict --module nodenext --moduleResolution nodenext types-check.ts
    echo "installed package: index.d.ts type-checks (tsc --strict)"
  )
}

# What the install left: which packages, from where, with what in them,
# and the seed URL through require and import.
node_check_installed() {
  local npm_dir="$1" registry="$2" log="$3" platform spec target other arch libc url
  platform="linux-x64-gnu"
  [ "$(node -p 'process.arch')" = x64 ] || { echo "FAIL: this check expects an x86-64 host"; return 1; }
  for spec in "${NODE_TARGETS[@]}"; do
    read -r target other arch libc <<<"$spec"
    if [ "$other" = "$platform" ]; then
      [ -f "node_modules/loginkit-$other/loginkit.$other.node" ] || { echo "FAIL: loginkit-$other was not installed"; return 1; }
    elif [ -e "node_modules/loginkit-$other" ]; then
      echo "FAIL: loginkit-$other was installed on a $platform host"
      return 1
    fi
  done
  if find node_modules/loginkit -name '*.node' | grep .; then
    echo "FAIL: the main package carries native code (above)"
    return 1
  fi
  # Both packages came from this registry as the very tarballs of $npm_dir.
  node - "$registry" "$npm_dir" "$VERSION" "$platform" <<'JS'
const [registry, dir, version, platform] = process.argv.slice(2)
const { createHash } = require('node:crypto')
const { readFileSync } = require('node:fs')
const lock = require(`${process.cwd()}/package-lock.json`)
for (const name of ['loginkit', `loginkit-${platform}`]) {
  const entry = lock.packages[`node_modules/${name}`]
  const file = `${dir}/${name}-${version}.tgz`
  const integrity = `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`
  if (entry?.version !== version || !entry.resolved?.startsWith(registry) || entry.integrity !== integrity) {
    console.error(`FAIL: ${name} in package-lock.json is ${JSON.stringify(entry)}; expected ${version} from ${registry} with the integrity of ${file}`)
    process.exit(1)
  }
  console.log(`${name}@${version}: resolved from ${entry.resolved}, integrity = sha512 of ${file}`)
}
JS
  grep -q "^GET /loginkit-$platform/-/loginkit-$platform-$VERSION.tgz 200" "$log"
  if grep -E "^GET /loginkit-linux-[a-z0-9]+-[a-z]+/-/" "$log" | grep -v "loginkit-$platform/"; then
    echo "FAIL: npm downloaded another platform's package (above)"
    return 1
  fi
  echo "registry log: $(grep -c ' 200$' "$log") answers, one platform tarball (loginkit-$platform) downloaded"
  # The seed through both module systems; each also says which .node file
  # it loaded, which must be the platform package's.
  local seed='
    const client = new Client("https://acme.scalekit.dev", "skc_1234567890")
    const native = Object.keys(require.cache).filter((f) => f.endsWith(".node"))
    const expected = `${process.cwd()}/node_modules/loginkit-PLATFORM/loginkit.PLATFORM.node`
    if (native.length !== 1 || native[0] !== expected) throw new Error(`native code from ${native}, not ${expected}`)
    console.error(`${HOW}: native code from ${native[0]}`)
    console.log(client.getAuthorizationUrl("https://yourapp.com/auth/callback", {
      scopes: ["openid", "profile", "email", "offline_access"],
      state: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" }))'
  seed="${seed//PLATFORM/$platform}"
  url="$(node -e "const HOW = 'require'; const { Client } = require('loginkit'); $seed")"
  node_compare_seed "require('loginkit')" "$url"
  url="$(node --input-type=module -e "import { createRequire } from 'node:module'; import { Client } from 'loginkit'
    const HOW = 'import', require = createRequire(import.meta.url); $seed")"
  node_compare_seed "import 'loginkit'" "$url"
}

node_compare_seed() {
  if [ "$2" != "$NODE_SEED_URL" ]; then
    printf 'FAIL: the seed URL through %s differs\n  got:      %s\n  expected: %s\n' "$1" "$2" "$NODE_SEED_URL"
    return 1
  fi
  echo "$1: the seed URL, byte for byte"
}
