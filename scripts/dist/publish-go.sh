#!/usr/bin/env bash
# Release workflow only: commits every platform's static library into the
# Go module on a detached release commit and tags it bindings-go/v<version>
# (the tag form Go requires for a module in a subdirectory), so `go get`
# from the module proxy brings the libraries and needs no Rust toolchain.
# Usage: publish-go.sh ARTIFACTS_DIR  (the downloaded workflow artifacts)
set -euo pipefail
artifacts="$1"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
VERSION="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)"
zip="$artifacts/dist-linux/goproxy/github.com/loginkit/loginkit/bindings-go/@v/v$VERSION.zip"
unpacked="$(mktemp -d)"
unzip -q "$zip" -d "$unpacked"
cp -r "$unpacked"/*/lib/. bindings-go/lib/
for platform in "$artifacts"/dist-*/go/*/; do
  cp "$platform/libloginkit_c.a" "bindings-go/lib/$(basename "$platform")/"
done
git config user.name "loginkit release"
git config user.email "release@loginkit.dev"
git checkout --detach
git add -f bindings-go/lib
git commit -q -m "bindings-go v$VERSION: the static library of every platform"
git tag "bindings-go/v$VERSION"
git push origin "bindings-go/v$VERSION"
