#!/usr/bin/env bash
# End-to-end check of the test OpenID Provider and the login driver, with
# curl and node only (no loginkit involved): code flow with each client and
# authentication method, refresh, prompt=create, PKCE, RP-initiated logout,
# and the two opt-in strict modes. Usage: testing/op/selftest.sh [port]
# (uses port and port+10). Prints one line per check; exits 1 on a failure.

set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=start.sh
source "$HERE/start.sh"

PORT="${1:-9400}"
STRICT_PORT=$((PORT + 10))
CB="http://127.0.0.1:9401/auth/callback"
SECRET='s3cr3t:with/special+chars%'
WORK="$(mktemp -d "${TMPDIR:-/tmp}/loginkit-op-selftest.XXXXXX")"
FAILS=0

LOGDIRS=()
trap 'op_stop; rm -rf "$WORK" "${LOGDIRS[@]}"' EXIT

pass() { printf 'PASS  %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; FAILS=$((FAILS + 1)); }
check() { # check "description" command...
  local what="$1"; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

# --- helpers ---------------------------------------------------------------

pkce() { # sets VERIFIER and CHALLENGE
  VERIFIER="$(node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))')"
  CHALLENGE="$(node -e 'process.stdout.write(require("crypto").createHash("sha256").update(process.argv[1]).digest("base64url"))' "$VERIFIER")"
}

# auth_url client_id scope [extra query]
auth_url() {
  printf '%s/oauth/authorize?response_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=st-%s&nonce=n-%s&code_challenge=%s&code_challenge_method=S256%s' \
    "$OP_ISSUER" "$1" "$(urlenc "$CB")" "$(urlenc "$2")" "$RANDOM" "$RANDOM" "$CHALLENGE" "${3:-}"
}

urlenc() { node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$1"; }
# RFC 6749 2.3.1: application/x-www-form-urlencoded (space as +)
formenc() { node -e 'process.stdout.write(new URLSearchParams({v: process.argv[1]}).toString().slice(2))' "$1"; }

qparam() { # qparam URL name
  node -e 'process.stdout.write(new URL(process.argv[1]).searchParams.get(process.argv[2]) ?? "")' "$1" "$2"
}

json() { # json FILE js-expression-on-t
  node -e 'const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const r = (0, eval)("(t) => " + process.argv[2])(t); process.stdout.write(typeof r === "string" ? r : JSON.stringify(r))' "$1" "$2"
}

idclaims() { # idclaims FILE -> prints the ID token payload JSON
  node -e 'const t = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(Buffer.from(t.id_token.split(".")[1], "base64url").toString())' "$1"
}

# token OUTFILE curl-args... ; prints the HTTP status
token() {
  local out="$1"; shift
  curl -s -o "$out" -w '%{http_code}' "$OP_ISSUER/oauth/token" "$@"
}

drive() { node "$HERE/drive-login.mjs" "$@"; }

log_has() { grep -qF -- "$1" "$OP_LOG"; }

# --- provider (lenient defaults) --------------------------------------------

op_start "$PORT" || exit 1
LOGDIRS+=("$(dirname "$OP_LOG")")
echo "provider: $OP_ISSUER (pid $OP_PID, log $OP_LOG)"

curl -s "$OP_ISSUER/.well-known/openid-configuration" >"$WORK/disco.json"
check "discovery: Scalekit paths" test "$(json "$WORK/disco.json" '[t.authorization_endpoint, t.token_endpoint, t.end_session_endpoint, t.jwks_uri].join(" ")')" = \
  "$OP_ISSUER/oauth/authorize $OP_ISSUER/oauth/token $OP_ISSUER/oidc/logout $OP_ISSUER/keys"
curl -s "$OP_ISSUER/keys" >"$WORK/jwks.json"
check "jwks: one RS256 and one ES256 public key, no private parts" test \
  "$(json "$WORK/jwks.json" 't.keys.map(k => k.alg + (k.d ? "!private" : "")).join(",")')" = "RS256,ES256"

# 1. confidential client, client_secret_post
pkce
URL="$(auth_url skc_test_confidential 'openid profile email offline_access')"
NONCE="$(qparam "$URL" nonce)"; STATE="$(qparam "$URL" state)"
CALLBACK="$(OP_COOKIE_JAR="$WORK/jar.json" drive "$URL")"
check "driver: login + consent reach the callback" test "${CALLBACK%%\?*}" = "$CB"
check "callback: state and iss returned" test "$(qparam "$CALLBACK" state) $(qparam "$CALLBACK" iss)" = "$STATE $OP_ISSUER"
CODE="$(qparam "$CALLBACK" code)"
LINES_BEFORE=$(wc -l <"$OP_LOG")
STATUS="$(token "$WORK/t1.json" --data-urlencode grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$CB" --data-urlencode "code_verifier=$VERIFIER" \
  --data-urlencode client_id=skc_test_confidential --data-urlencode "client_secret=$SECRET")"
check "post: code exchange 200" test "$STATUS" = 200
check "post: access_token, id_token, refresh_token" test "$(json "$WORK/t1.json" '["access_token","id_token","refresh_token"].every(k => k in t)')" = true
idclaims "$WORK/t1.json" >"$WORK/id1.json"
check "post: ID token has sub, email, email_verified, name and the nonce" test \
  "$(json "$WORK/id1.json" '[t.sub, t.email, t.email_verified, t.name, t.nonce].join(" ")')" = "alice alice@example.com true Alice $NONCE"
check "log: token request used client_secret_post" bash -c "tail -n +$((LINES_BEFORE + 1)) '$OP_LOG' | grep -q 'OP token auth=client_secret_post client_id=skc_test_confidential grant_type=authorization_code'"
STATUS="$(token "$WORK/t1r.json" --data-urlencode grant_type=refresh_token --data-urlencode "refresh_token=$(json "$WORK/t1.json" t.refresh_token)" \
  --data-urlencode client_id=skc_test_confidential --data-urlencode "client_secret=$SECRET")"
check "post: refresh_token grant 200 with a new access token" test "$STATUS $(json "$WORK/t1r.json" '"access_token" in t')" = "200 true"
ID_TOKEN="$(json "$WORK/t1.json" t.id_token)"

# 2. basic client, client_secret_basic with form-urlencoded id and secret
pkce
URL="$(auth_url skc_test_basic 'openid profile email offline_access')"
CALLBACK="$(drive "$URL")"
CODE="$(qparam "$CALLBACK" code)"
BASIC="$(printf '%s:%s' "$(formenc skc_test_basic)" "$(formenc "$SECRET")" | base64 | tr -d '\n')"
LINES_BEFORE=$(wc -l <"$OP_LOG")
STATUS="$(token "$WORK/t2.json" -H "Authorization: Basic $BASIC" --data-urlencode grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$CB" --data-urlencode "code_verifier=$VERIFIER")"
check "basic: code exchange 200 with refresh_token" test "$STATUS $(json "$WORK/t2.json" '"refresh_token" in t && "id_token" in t')" = "200 true"
check "log: token request used client_secret_basic, no secret in the body" bash -c "tail -n +$((LINES_BEFORE + 1)) '$OP_LOG' | grep -q 'OP token auth=client_secret_basic client_id=skc_test_basic grant_type=authorization_code .*params=grant_type,code,redirect_uri,code_verifier\$'"
STATUS="$(token "$WORK/t2r.json" -H "Authorization: Basic $BASIC" --data-urlencode grant_type=refresh_token \
  --data-urlencode "refresh_token=$(json "$WORK/t2.json" t.refresh_token)")"
check "basic: refresh_token grant 200" test "$STATUS" = 200
RAW_BASIC="$(printf '%s:%s' skc_test_basic "$SECRET" | base64 | tr -d '\n')"
STATUS="$(token "$WORK/t2x.json" -H "Authorization: Basic $RAW_BASIC" --data-urlencode grant_type=refresh_token \
  --data-urlencode "refresh_token=$(json "$WORK/t2.json" t.refresh_token)")"
check "basic: secret NOT form-encoded is refused (400 invalid_request)" test "$STATUS $(json "$WORK/t2x.json" t.error)" = "400 invalid_request"

# 3. public client, PKCE only
pkce
URL="$(auth_url skc_test_public 'openid profile email offline_access')"
CODE="$(qparam "$(drive "$URL")" code)"
STATUS="$(token "$WORK/t3.json" --data-urlencode grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$CB" --data-urlencode "code_verifier=$VERIFIER" --data-urlencode client_id=skc_test_public)"
check "public: code exchange 200 with refresh_token" test "$STATUS $(json "$WORK/t3.json" '"refresh_token" in t')" = "200 true"
check "log: public client used auth=none" log_has "OP token auth=none client_id=skc_test_public"

# 4. wrong code_verifier
pkce
URL="$(auth_url skc_test_public 'openid')"
CODE="$(qparam "$(drive "$URL")" code)"
STATUS="$(token "$WORK/t4.json" --data-urlencode grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$CB" --data-urlencode "code_verifier=${VERIFIER}x" --data-urlencode client_id=skc_test_public)"
check "pkce: wrong code_verifier gives 400 invalid_grant" test "$STATUS $(json "$WORK/t4.json" t.error)" = "400 invalid_grant"

# 4b. redirect_uri required at the token endpoint
pkce
URL="$(auth_url skc_test_public 'openid')"
CODE="$(qparam "$(drive "$URL")" code)"
STATUS="$(token "$WORK/t4b.json" --data-urlencode grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "code_verifier=$VERIFIER" --data-urlencode client_id=skc_test_public)"
check "token request without redirect_uri gives 400 invalid_request" test "$STATUS $(json "$WORK/t4b.json" t.error)" = "400 invalid_request"

# 5. PKCE required
NO_PKCE="$OP_ISSUER/oauth/authorize?response_type=code&client_id=skc_test_confidential&redirect_uri=$(urlenc "$CB")&scope=openid&state=s5"
CALLBACK="$(drive "$NO_PKCE")"
check "pkce: request without code_challenge comes back with error=invalid_request" test "$(qparam "$CALLBACK" error)" = invalid_request

# 6. prompt=create (sign-up)
pkce
URL="$(auth_url skc_test_confidential 'openid profile email' '&prompt=create')"
CALLBACK="$(OP_LOGIN=bob OP_NAME='Bob Builder' drive "$URL")"
CODE="$(qparam "$CALLBACK" code)"
STATUS="$(token "$WORK/t6.json" --data-urlencode grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$CB" --data-urlencode "code_verifier=$VERIFIER" \
  --data-urlencode client_id=skc_test_confidential --data-urlencode "client_secret=$SECRET")"
idclaims "$WORK/t6.json" >"$WORK/id6.json"
check "create: sign-up page then code; ID token for the new account" test \
  "$STATUS $(json "$WORK/id6.json" '[t.sub, t.email, t.name].join("|")')" = "200 bob|bob@example.com|Bob Builder"
check "log: the sign-up interaction was used" log_has 'OP interaction GET prompt=create'

# 7. RP-initiated logout (same browser session: confirmation form)
LOGOUT="$OP_ISSUER/oidc/logout?id_token_hint=$ID_TOKEN&post_logout_redirect_uri=$(urlenc 'http://127.0.0.1:9401/')&state=bye1"
BACK="$(OP_COOKIE_JAR="$WORK/jar.json" drive "$LOGOUT")"
check "logout with session: confirmation then redirect to post_logout_redirect_uri with state" test "$BACK" = "http://127.0.0.1:9401/?state=bye1"
BACK="$(drive "${LOGOUT/bye1/bye2}")"
check "logout without session: redirect to post_logout_redirect_uri with state" test "$BACK" = "http://127.0.0.1:9401/?state=bye2"
drive "$OP_ISSUER/oidc/logout?post_logout_redirect_uri=$(urlenc 'http://127.0.0.1:9401/')" >/dev/null 2>&1
check "logout with post_logout_redirect_uri but no id_token_hint/client_id: ends on the OP's success page (exit 3)" test $? = 3

op_stop

# --- provider in strict modes -----------------------------------------------

OP_STRICT_CLIENT_AUTH=1 OP_OFFLINE_ACCESS_NEEDS_CONSENT=1 op_start "$STRICT_PORT" || exit 1
LOGDIRS+=("$(dirname "$OP_LOG")")
echo "provider (strict): $OP_ISSUER"
pkce
URL="$(auth_url skc_test_basic 'openid profile email offline_access')"
CODE="$(qparam "$(drive "$URL")" code)"
STATUS="$(token "$WORK/s1.json" --data-urlencode grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$CB" --data-urlencode "code_verifier=$VERIFIER" \
  --data-urlencode client_id=skc_test_basic --data-urlencode "client_secret=$SECRET")"
check "strict: basic client using client_secret_post is refused (401 invalid_client)" test "$STATUS $(json "$WORK/s1.json" t.error)" = "401 invalid_client"
BASIC="$(printf '%s:%s' "$(formenc skc_test_basic)" "$(formenc "$SECRET")" | base64 | tr -d '\n')"
STATUS="$(token "$WORK/s2.json" -H "Authorization: Basic $BASIC" --data-urlencode grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$CB" --data-urlencode "code_verifier=$VERIFIER")"
check "strict: offline_access without prompt=consent gives no refresh_token" test \
  "$STATUS $(json "$WORK/s2.json" '"refresh_token" in t') $(json "$WORK/s2.json" t.scope)" = "200 false openid profile email"
pkce
URL="$(auth_url skc_test_basic 'openid profile email offline_access' '&prompt=consent')"
CODE="$(qparam "$(drive "$URL")" code)"
STATUS="$(token "$WORK/s3.json" -H "Authorization: Basic $BASIC" --data-urlencode grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$CB" --data-urlencode "code_verifier=$VERIFIER")"
check "strict: offline_access with prompt=consent gives a refresh_token" test "$STATUS $(json "$WORK/s3.json" '"refresh_token" in t')" = "200 true"
op_stop

echo
if [ "$FAILS" -eq 0 ]; then echo "all checks passed"; else echo "$FAILS check(s) failed"; exit 1; fi
