#!/usr/bin/env bash
# Runs the net/http example in the foreground: APP_BASE_URL (default
# http://127.0.0.1:9505), LOGINKIT_ENV_URL, LOGINKIT_CLIENT_ID,
# LOGINKIT_CLIENT_SECRET, LOGINKIT_KEYS. Needs Go and a C compiler; the Go
# module is bindings-go through a replace directive, and its cgo links the
# C ABI's static library from bindings-go/lib, built here when missing
# (cargo and cargo-zigbuild, as scripts/lib.sh's build_c_abi does).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
if [ ! -f "$ROOT/bindings-go/lib/linux_amd64/libloginkit_c.a" ]; then
  (source "$ROOT/scripts/lib.sh" && tools_venv && build_c_abi)
fi
cd "$ROOT/examples/go-nethttp"
exec go run .
