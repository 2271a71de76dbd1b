#!/usr/bin/env bash
# Runs the net/http example in the foreground: APP_BASE_URL (default
# http://127.0.0.1:9505), LOGINKIT_ENV_URL, LOGINKIT_CLIENT_ID,
# LOGINKIT_CLIENT_SECRET, LOGINKIT_KEYS. Needs Go, cargo and a C compiler;
# the Go module is bindings-go through a replace directive, and its cgo
# links the C ABI's static library, built here when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="$ROOT/target"
if [ ! -f "$ROOT/target/release/libloginkit_c.a" ]; then
  (cd "$ROOT" && cargo build --release -p loginkit-c)
fi
cd "$ROOT/examples/go-nethttp"
exec go run .
