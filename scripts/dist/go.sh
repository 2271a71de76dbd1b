# The Go release: the module github.com/loginkit/loginkit/bindings-go with
# the C ABI's static library for linux/amd64 and linux/arm64 inside it, as
# a GOPROXY=file:// tree in $DIST/goproxy; and the check that a fresh module
# gets it from there alone, without Rust, and runs the seed example.
# Sourced by scripts/release.sh after scripts/lib.sh and scripts/dist/common.sh.

GO_MODULE="github.com/loginkit/loginkit/bindings-go"
# Each Rust target, the module's directory for its library (<goos>_<goarch>,
# as the #cgo lines of bindings-go/loginkit.go name it) and the ELF machine
# scripts/check-native.py must find. darwin and windows: release.yml.
GO_LIB_TARGETS=(
  "x86_64-unknown-linux-gnu linux_amd64 x86_64"
  "aarch64-unknown-linux-gnu linux_arm64 aarch64"
)
# The module's root as its zip holds it: the committed files of
# bindings-go, the libraries, the header and the repository's LICENSE.
GO_STAGE="$ROOT/target/go-module"

# llvm-objcopy, which every Rust toolchain carries as rust-objcopy (linked
# against the toolchain's libLLVM) and which reads any ELF machine, so the
# aarch64 library is stripped on this x86-64 machine too.
go_objcopy() {
  local sysroot host
  sysroot="$(rustc --print sysroot)"
  host="$(rustc -vV | sed -n 's/^host: //p')"
  LD_LIBRARY_PATH="$sysroot/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    "$sysroot/lib/rustlib/$host/bin/rust-objcopy" "$@"
}

# The library of one target, built against glibc 2.17 as every Linux
# artifact is: the C parts of the core's dependencies (ring) then compile
# against glibc 2.17's headers, so the archive references no newer symbol
# and links on any glibc since 2.17.
go_build_library() {
  cargo zigbuild --release --target "$1.2.17" -p loginkit-c
}

dist_go() {
  local out="$DIST/goproxy" spec target platform arch built shipped started seconds file
  rm -rf "$out" "$GO_STAGE"
  mkdir -p "$GO_STAGE"
  ensure_rust_targets

  step "go: staging the module (the files git tracks or would track in bindings-go, and LICENSE)"
  # Build output already in the tree (a library or header copied there by
  # build_c_abi) is never staged: the module gets this run's.
  while IFS= read -r -d '' file; do
    case "$file" in lib/*/libloginkit_c.a | lib/include/loginkit.h) continue ;; esac
    if [ -f "bindings-go/$file" ]; then
      install -D -m 644 "bindings-go/$file" "$GO_STAGE/$file"
    fi
  done < <(git -C bindings-go ls-files -z --cached --others --exclude-standard .)
  # The proxy adds the repository's LICENSE to a module in a subdirectory
  # that has none; pkg.go.dev shows a module only with a license.
  if [ ! -f "$GO_STAGE/LICENSE" ]; then
    install -m 644 LICENSE "$GO_STAGE/LICENSE"
  fi
  install -D -m 644 bindings-c/include/loginkit.h "$GO_STAGE/lib/include/loginkit.h"

  for spec in "${GO_LIB_TARGETS[@]}"; do
    read -r target platform arch <<<"$spec"
    step "go: libloginkit_c.a for $target (cargo zigbuild, glibc 2.17) into lib/$platform"
    started=$SECONDS
    go_build_library "$target"
    seconds=$((SECONDS - started))
    built="target/$target/release/libloginkit_c.a"
    shipped="$GO_STAGE/lib/$platform/libloginkit_c.a"
    # Debug info (the standard library's, mostly) and the LLVM bitcode
    # rustc embeds for cross-crate LTO are read by no C or Go linker: three
    # quarters of the archive. The symbols the link needs stay.
    go_objcopy --strip-debug --remove-section=.llvmbc --remove-section=.llvmcmd "$built" "$shipped"
    python3 "$ROOT/scripts/check-native.py" --arch "$arch" --libc gnu "$shipped"
    printf 'go library %s: built in %d s, %d KiB, %d KiB shipped (no debug info, no LLVM bitcode)\n' \
      "$target" "$seconds" "$(($(stat -c %s "$built") / 1024))" "$(($(stat -c %s "$shipped") / 1024))"
  done

  step "go: the module zip (golang.org/x/mod/zip) and the GOPROXY=file:// tree in $out"
  local when
  when="$(git log -1 --format=%cI 2>/dev/null || date -u +%Y-%m-%dT%H:%M:%SZ)"
  (cd scripts/dist/gomodproxy && GOWORK=off GOFLAGS=-mod=readonly go run . \
    -module "$GO_MODULE" -version "v$VERSION" -dir "$GO_STAGE" -proxy "$out" -time "$when")
  local zip="$out/$GO_MODULE/@v/v$VERSION.zip"
  python3 - "$zip" "$GO_MODULE@v$VERSION" <<'PY'
import sys, zipfile
path, prefix = sys.argv[1], sys.argv[2] + "/"
names = zipfile.ZipFile(path).namelist()
assert names and all(n.startswith(prefix) for n in names), "a file outside " + prefix
files = [n[len(prefix):] for n in names]
for needed in ("go.mod", "LICENSE", "loginkit.go", "lib/include/loginkit.h",
               "lib/linux_amd64/libloginkit_c.a", "lib/linux_arm64/libloginkit_c.a"):
    assert needed in files, "missing from the module zip: " + needed
stray = [f for f in files if f.startswith(("benches/", "target/")) or "/target/" in f or f.endswith("go.sum")]
assert not stray, f"not part of the module: {stray}"
print(f"module zip: {len(files)} files under {prefix}, both libraries and the header; no nested module, no target directory")
PY
  printf 'go module zip: %d KiB\n' "$(($(stat -c %s "$zip") / 1024))"
  ls -l "$out/$GO_MODULE/@v"
}

install_check_go() {
  step "go: a fresh module gets $GO_MODULE@v$VERSION from $DIST/goproxy alone, without Rust, and runs the seed example"
  local proxy="$DIST/goproxy" work expected
  if [ ! -f "$proxy/$GO_MODULE/@v/v$VERSION.zip" ]; then
    echo "FAIL: no v$VERSION of $GO_MODULE in $proxy (run dist_go first)"
    return 1
  fi
  # What every Go test asserts: the seed example's output (example_test.go).
  expected="$(sed -n 's|^\t// Output: \(https://acme\.scalekit\.dev/oauth/authorize?.*\)$|\1|p' bindings-go/example_test.go)"
  if [ -z "$expected" ]; then
    echo "FAIL: no seed URL in the Output line of bindings-go/example_test.go's Example"
    return 1
  fi
  work="$(mktemp -d)"
  mkdir -p "$work/app" "$work/gopath" "$work/bin"

  # PATH without any directory that holds cargo or rustc.
  local dir clean_path=""
  local -a path_dirs
  IFS=: read -r -a path_dirs <<<"$PATH"
  for dir in "${path_dirs[@]}"; do
    if [ -n "$dir" ] && [ ! -e "$dir/cargo" ] && [ ! -e "$dir/rustc" ]; then
      clean_path="${clean_path:+$clean_path:}$dir"
    fi
  done

  # zig as the C compiler for the cross-compiled checks: each targets glibc
  # 2.17, so linking proves the library needs nothing newer.
  local zig_arch
  for zig_arch in x86_64 aarch64; do
    printf '#!/bin/sh\nexec "%s" -m ziglang cc -target %s-linux-gnu.2.17 "$@"\n' \
      "$TOOLS_VENV/bin/python" "$zig_arch" >"$work/bin/zigcc-$zig_arch"
    chmod +x "$work/bin/zigcc-$zig_arch"
  done

  cat >"$work/app/main.go" <<'EOF'
// The seed example: the authorization URL with the state kept in the session.
package main

import (
	"fmt"

	loginkit "github.com/loginkit/loginkit/bindings-go"
)

func main() {
	client, err := loginkit.NewClient("https://acme.scalekit.dev", "skc_1234567890")
	if err != nil {
		panic(err)
	}
	url, err := client.AuthorizationURL("https://yourapp.com/auth/callback", loginkit.AuthorizationURLOptions{
		Scopes: []string{"openid", "profile", "email", "offline_access"},
		State:  "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(url)
}
EOF

  # GOPROXY: this directory and nothing else (no ",direct": no VCS, no
  # network). GONOSUMDB: the module is in no checksum database, so the go
  # command must not ask one for it; go.sum still records and checks its
  # hash. GOFLAGS=-mod=mod: go.mod and go.sum may be written; -modcacherw
  # lets the temporary module cache be deleted. GOENV=off and
  # GOTOOLCHAIN=local: no setting of this machine's `go env -w`, no
  # toolchain download. The build cache is kept: it is keyed by content.
  # Every step checks its own result: set -e is off in a function called
  # from a condition.
  local -a isolated=(env -u GOOS -u GOARCH -u CC -u CGO_CFLAGS -u CGO_LDFLAGS
    PATH="$clean_path" GOPROXY="file://$proxy" GONOSUMDB="github.com/loginkit/loginkit"
    GOFLAGS="-mod=mod -modcacherw" GOENV=off GOTOOLCHAIN=local GOWORK=off
    GOPATH="$work/gopath" GOMODCACHE="$work/gopath/pkg/mod" CGO_ENABLED=1)
  if "${isolated[@]}" sh -c 'command -v cargo || command -v rustc'; then
    echo "FAIL: cargo or rustc is still on PATH"
    return 1
  fi
  echo "no cargo, no rustc on PATH; GOPROXY=file://$proxy; module cache $work/gopath/pkg/mod"
  local app="$work/app" started got spec goarch arch
  (cd "$app" && "${isolated[@]}" go mod init example.com/seed 2>/dev/null) || { echo "FAIL: go mod init"; return 1; }
  started=$SECONDS
  (cd "$app" && "${isolated[@]}" go get "$GO_MODULE@v$VERSION") || { echo "FAIL: go get $GO_MODULE@v$VERSION"; return 1; }
  echo "go get: $((SECONDS - started)) s"
  grep -F "$GO_MODULE v$VERSION h1:" "$app/go.sum" || { echo "FAIL: go.sum has no hash of the module"; return 1; }
  if [ "$(grep -c . "$app/go.sum")" != 2 ]; then
    echo "FAIL: go.sum lists more than loginkit:"
    cat "$app/go.sum"
    return 1
  fi

  started=$SECONDS
  got="$(cd "$app" && "${isolated[@]}" go run .)" || { echo "FAIL: go run ."; return 1; }
  echo "go run: $((SECONDS - started)) s"
  if [ "$got" != "$expected" ]; then
    printf 'FAIL: go run printed\n  %s\nexpected\n  %s\n' "$got" "$expected"
    return 1
  fi
  echo "go run . printed the seed URL: $got"

  # Vendored, the libraries must come along (lib/*/doc.go and includelib.go).
  (cd "$app" && "${isolated[@]}" go mod vendor) || { echo "FAIL: go mod vendor"; return 1; }
  if [ ! -f "$app/vendor/$GO_MODULE/lib/linux_amd64/libloginkit_c.a" ] || [ ! -f "$app/vendor/$GO_MODULE/lib/include/loginkit.h" ]; then
    echo "FAIL: go mod vendor left the library or the header behind"
    return 1
  fi
  got="$(cd "$app" && "${isolated[@]}" GOFLAGS=-mod=vendor go run .)" || { echo "FAIL: go run . (vendored)"; return 1; }
  [ "$got" = "$expected" ] || { echo "FAIL: the vendored build printed $got"; return 1; }
  rm -rf "$app/vendor"
  echo "go mod vendor keeps the libraries and the header; the vendored build prints the seed URL"

  for spec in "amd64 x86_64" "arm64 aarch64"; do
    read -r goarch arch <<<"$spec"
    started=$SECONDS
    (cd "$app" && "${isolated[@]}" GOARCH="$goarch" CC="$work/bin/zigcc-$arch" go build -o "seed-$goarch" .) \
      || { echo "FAIL: go build GOARCH=$goarch with zig cc"; return 1; }
    echo "go build GOARCH=$goarch with zig cc: $((SECONDS - started)) s"
    readelf -h "$app/seed-$goarch" | grep -E '^\s*Machine:'
    python3 "$ROOT/scripts/check-native.py" --arch "$arch" --libc gnu "$app/seed-$goarch" \
      || { echo "FAIL: seed-$goarch is not an $arch executable for glibc 2.17"; return 1; }
    echo "GOARCH=$goarch with zig cc for glibc 2.17: an $arch executable, no glibc symbol newer than 2.17"
  done
  got="$("$app/seed-amd64")" || { echo "FAIL: the zig-linked x86_64 executable"; return 1; }
  [ "$got" = "$expected" ] || { echo "FAIL: the zig-linked x86_64 executable printed $got"; return 1; }
  echo "the zig-linked x86_64 executable prints the seed URL"
  # The executable needs an aarch64 glibc to run under qemu-user.
  if command -v qemu-aarch64 >/dev/null && [ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ]; then
    got="$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$app/seed-arm64")" || { echo "FAIL: seed-arm64 under qemu-aarch64"; return 1; }
    [ "$got" = "$expected" ] || { echo "FAIL: seed-arm64 under qemu-aarch64 printed $got"; return 1; }
    echo "the aarch64 executable prints the seed URL under qemu-aarch64"
  else
    echo "qemu-aarch64 or an aarch64 glibc is not installed: the aarch64 executable was checked, not run"
  fi

  rm -rf "$work"
  echo "go: go get of v$VERSION from $proxy alone, without Rust, gave a module whose seed example prints the seed URL (linux/amd64; linux/arm64 cross-compiled and checked)"
}
