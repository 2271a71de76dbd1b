#!/usr/bin/env bash
# Runs the Express example in the foreground: APP_BASE_URL (default
# http://127.0.0.1:9503; the app binds to its host and port),
# LOGINKIT_ENV_URL, LOGINKIT_CLIENT_ID, LOGINKIT_CLIENT_SECRET, LOGINKIT_KEYS
# (comma-separated, newest first; one is generated when unset).
#
# loginkit comes from the tree (bindings-node, a file: dependency): when its
# native module is missing it is built here exactly as scripts/lib.sh
# build_node builds it. Express comes from the npm registry as locked in
# package-lock.json, installed into examples/node-express/node_modules.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
if [ ! -f "$ROOT/bindings-node/native.js" ] || ! ls "$ROOT"/bindings-node/loginkit.*.node >/dev/null 2>&1; then
  echo "run.sh: no native module in bindings-node: building it (scripts/lib.sh build_node)"
  (
    # shellcheck source=../../scripts/lib.sh
    source "$ROOT/scripts/lib.sh"
    tools_venv
    build_node
  )
fi
# Installed again whenever package.json or the lock file change. npm
# install, not npm ci: the lock records bindings-node's own package.json,
# which changes with the tree; install still takes the locked versions.
stamp() { cat "$HERE/package.json" "$HERE/package-lock.json" 2>/dev/null | sha256sum | cut -d' ' -f1; }
if [ "$(cat "$HERE/node_modules/.loginkit-installed" 2>/dev/null)" != "$(stamp)" ]; then
  (cd "$HERE" && npm install --no-audit --no-fund --loglevel=error)
  stamp > "$HERE/node_modules/.loginkit-installed"
fi
exec node "$HERE/app.js"
