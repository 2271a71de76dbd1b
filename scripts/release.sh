#!/usr/bin/env bash
# Builds every release artifact this Linux machine can build into
# target/dist/, the directory the install checks in scripts/test.sh use as
# their only registry:
#   target/dist/python/   abi3 wheels (manylinux2014, musllinux_1_2; x86_64, aarch64) + sdist
#   target/dist/npm/      the main npm package and its linux-{x64,arm64}-{gnu,musl} packages
#   target/dist/maven/    a file-based Maven repository with dev.loginkit:loginkit (+ sources, javadoc)
#   target/dist/goproxy/  a GOPROXY=file:// tree whose module zip carries the static libraries
# macOS and Windows artifacts come from .github/workflows/release.yml.
#
# Usage: scripts/release.sh [python] [node] [jvm] [go]   (default: all four)
source "$(dirname "$0")/lib.sh"
source "$ROOT/scripts/dist/common.sh"
for part in python node jvm go; do
  # shellcheck source=/dev/null
  source "$ROOT/scripts/dist/$part.sh"
done

parts=("$@")
[ "${#parts[@]}" -gt 0 ] || parts=(python node jvm go)

tools_venv
ensure_rust_targets
step "version $VERSION: every manifest stamped from Cargo.toml"
python3 "$ROOT/scripts/stamp-version.py"
mkdir -p "$DIST"
for part in "${parts[@]}"; do
  started=$SECONDS
  "dist_$part"   # each cleans its own directory under $DIST first
  echo "dist_$part: $((SECONDS - started)) s"
done

step "target/dist"
(cd "$DIST" && find . -type f \( -name '*.whl' -o -name '*.tar.gz' -o -name '*.tgz' -o -name '*.jar' -o -name '*.zip' \) -printf '%10s  %p\n' | sort -k2)
