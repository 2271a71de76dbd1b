#!/usr/bin/env bash
# Runs the Jakarta Servlet example (embedded Jetty 12, ee10) in the
# foreground: APP_BASE_URL (default http://127.0.0.1:9504; the app binds to
# its host and port), LOGINKIT_ENV_URL, LOGINKIT_CLIENT_ID,
# LOGINKIT_CLIENT_SECRET, LOGINKIT_KEYS (comma-separated, newest first; one
# is generated when unset).
#
# It depends on dev.loginkit:loginkit:0.1.0 from the local Maven repository
# (~/.m2), as scripts/lib.sh build_jvm installs it; when it is missing it is
# installed here with the same mvn command (tests skipped). Jetty and the
# exec plugin come from Maven Central.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
M2="${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}"
if [ ! -f "$M2/dev/loginkit/loginkit/0.1.0/loginkit-0.1.0.jar" ]; then
  echo "run.sh: dev.loginkit:loginkit is not in $M2: installing it (as scripts/lib.sh build_jvm does, without the tests)"
  (
    cd "$ROOT"
    # shellcheck source=../../scripts/lib.sh
    source "$ROOT/scripts/lib.sh"
    tools_venv
    mvn -B -q -f bindings-jvm/pom.xml -Pglibc217 install -DskipTests
  )
fi
exec mvn -B -q -f "$HERE/pom.xml" compile exec:java
