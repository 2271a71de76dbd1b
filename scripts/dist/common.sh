# Shared by scripts/release.sh and the per-language parts in scripts/dist/:
# the version, the release directory, the Linux targets built here, and the
# cross-compilation toolchain (rustup targets, zig through cargo-zigbuild).
# Sourced after scripts/lib.sh (ROOT, CARGO_TARGET_DIR, PATH with the tools venv).

# The one version: [workspace.package] in Cargo.toml. Every manifest is
# stamped from it by scripts/stamp-version.py.
VERSION="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml")"
export VERSION
# Everything a user installs lands here; the install checks in
# scripts/test.sh use this directory as their only registry.
DIST="$ROOT/target/dist"
export DIST

# The Linux targets this machine builds (zig links them against glibc 2.17
# or statically against musl). macOS and Windows: .github/workflows/release.yml.
LINUX_GNU_TARGETS=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu)
LINUX_MUSL_TARGETS=(x86_64-unknown-linux-musl aarch64-unknown-linux-musl)

ensure_rust_targets() {
  local installed missing=()
  installed="$(rustup target list --installed)"
  for target in "${LINUX_GNU_TARGETS[@]}" "${LINUX_MUSL_TARGETS[@]}"; do
    grep -qx "$target" <<<"$installed" || missing+=("$target")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    step "rustup: adding the standard library for ${missing[*]}"
    rustup target add "${missing[@]}"
  fi
}
