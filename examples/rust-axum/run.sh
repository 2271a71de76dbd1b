#!/usr/bin/env bash
# Runs the axum example: APP_BASE_URL (default http://127.0.0.1:9506),
# LOGINKIT_ENV_URL, LOGINKIT_CLIENT_ID, LOGINKIT_CLIENT_SECRET, LOGINKIT_KEYS.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -q -p loginkit-example-axum
exec target/debug/loginkit-example-axum
