# Helpers to run testing/op/server.mjs from test scripts. Source this file
# (from any directory), then:
#
#   source testing/op/start.sh
#   op_start 9400 || exit 1      # port optional: $OP_PORT, else 9400
#   trap op_stop EXIT            # your choice; this file sets no traps
#   ... "$OP_ISSUER" ... grep 'OP token auth=client_secret_basic' "$OP_LOG"
#   op_stop
#
# op_start installs node_modules on first use (npm install), starts the
# provider in the background, waits up to $OP_START_TIMEOUT (default 30) s
# (not counting the install) for its "OP ready" line and
# exports OP_ISSUER, OP_PID, OP_PORT and OP_LOG (the provider's stderr: one
# line per request, see README.md). Other OP_* variables in the environment
# (OP_REDIRECT_URIS, OP_POST_LOGOUT_URIS, ...) are passed to the provider.
# Both functions return non-zero on failure instead of exiting.

OP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

op_start() {
  local port="${1:-${OP_PORT:-9400}}"
  if [ -n "${OP_PID:-}" ] && kill -0 "$OP_PID" 2>/dev/null; then
    echo "op_start: provider already running (pid $OP_PID, $OP_ISSUER)" >&2
    return 1
  fi
  if ! command -v node >/dev/null 2>&1; then
    echo "op_start: node is not on PATH" >&2
    return 1
  fi
  if [ ! -d "$OP_DIR/node_modules/oidc-provider" ]; then
    echo "op_start: installing $OP_DIR/node_modules" >&2
    (cd "$OP_DIR" && npm install --no-audit --no-fund >&2) || {
      echo "op_start: npm install failed" >&2
      return 1
    }
  fi

  local logdir
  logdir="$(mktemp -d "${TMPDIR:-/tmp}/loginkit-op.XXXXXX")" || return 1
  export OP_LOG="$logdir/op.stderr"
  OP_PORT="$port" node "$OP_DIR/server.mjs" >"$logdir/op.stdout" 2>"$OP_LOG" &
  export OP_PID=$!
  export OP_PORT="$port"

  local i limit=$(( ${OP_START_TIMEOUT:-30} * 10 ))
  for ((i = 0; i < limit; i++)); do
    if grep -q '^OP ready ' "$logdir/op.stdout" 2>/dev/null; then
      export OP_ISSUER
      OP_ISSUER="$(sed -n 's/^OP ready //p' "$logdir/op.stdout" | head -n1)"
      return 0
    fi
    if ! kill -0 "$OP_PID" 2>/dev/null; then
      echo "op_start: provider exited before it was ready; its stderr:" >&2
      cat "$OP_LOG" >&2
      unset OP_PID
      return 1
    fi
    sleep 0.1
  done
  echo "op_start: provider (pid $OP_PID) not ready after ${OP_START_TIMEOUT:-30} s; its stderr:" >&2
  cat "$OP_LOG" >&2
  op_stop
  return 1
}

op_stop() {
  [ -n "${OP_PID:-}" ] || return 0
  local pid="$OP_PID" i
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
  unset OP_PID OP_ISSUER
  return 0
}
