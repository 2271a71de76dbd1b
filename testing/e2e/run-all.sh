#!/usr/bin/env bash
# The browser run: every example app, started with its own one command
# (examples/<name>/run.sh), driven through testing/e2e/run.mjs in Debian's
# headless Chromium against the test OpenID provider, which must already
# be running with every example's callback registered (scripts/lib.sh
# start_op). Screenshots land in target/e2e/. Every example in EXAMPLES
# runs; a missing one is a failure, never a skip.
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
: "${LOGINKIT_OP_ISSUER:?start the provider first (scripts/lib.sh start_op)}"
# name:port, one per example; the provider registers each port's callback.
EXAMPLES=(${E2E_EXAMPLES:-rust-axum:9506 go-nethttp:9505 python-flask:9501 python-fastapi:9502 node-express:9503 jvm-servlet:9504})
[ -d testing/e2e/node_modules/playwright-core ] || (cd testing/e2e && npm install --no-audit --no-fund --loglevel=error)
mkdir -p target/e2e
failed=()
for entry in "${EXAMPLES[@]}"; do
  name="${entry%%:*}" port="${entry##*:}" base="http://127.0.0.1:${entry##*:}"
  echo "--> $name on $base"
  if [ ! -x "examples/$name/run.sh" ]; then
    echo "FAIL $name: examples/$name/run.sh is missing"; failed+=("$name"); continue
  fi
  APP_BASE_URL="$base" LOGINKIT_ENV_URL="$LOGINKIT_OP_ISSUER" LOGINKIT_CLIENT_ID=skc_test_confidential \
    LOGINKIT_CLIENT_SECRET='s3cr3t:with/special+chars%' \
    setsid "examples/$name/run.sh" > "target/e2e/$name.log" 2>&1 &
  app=$!
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "$base/" && break
    kill -0 "$app" 2>/dev/null || break
    sleep 0.5
  done
  if node testing/e2e/run.mjs "$name" "$base"; then :; else failed+=("$name"); tail -20 "target/e2e/$name.log"; fi
  kill -- -"$app" 2>/dev/null; wait "$app" 2>/dev/null
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "e2e: failed: ${failed[*]}"; exit 1
fi
echo "e2e: all ${#EXAMPLES[@]} examples passed in Chromium"
