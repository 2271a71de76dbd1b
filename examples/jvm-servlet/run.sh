#!/usr/bin/env bash
# Runs the Jakarta Servlet example (embedded Jetty 12, ee10) in the
# foreground: APP_BASE_URL (default http://127.0.0.1:9504; the app binds to
# its host and port), LOGINKIT_ENV_URL, LOGINKIT_CLIENT_ID,
# LOGINKIT_CLIENT_SECRET, LOGINKIT_KEYS (comma-separated, newest first; one
# is generated when unset). `run.sh --compile` resolves and compiles only,
# and prints the loginkit jar it resolved.
#
# dev.loginkit:loginkit comes, as for an application, from a Maven
# repository: the release's (target/dist/maven, scripts/release.sh) when it
# holds this version, through a local repository of the example's own
# (target/m2) from which loginkit is removed before every start, so that a
# copy installed in ~/.m2 never stands in for the release. Without a
# release, from ~/.m2, as scripts/lib.sh build_jvm installs it; when it is
# missing there it is installed here with the same mvn command (tests
# skipped). Jetty and the exec plugin come from Maven Central.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# VERSION and DIST, as the release command has them.
# shellcheck source=../../scripts/dist/common.sh
source "$ROOT/scripts/dist/common.sh"
repository=()
if [ -f "$DIST/maven/dev/loginkit/loginkit/$VERSION/loginkit-$VERSION.jar" ]; then
  M2="$HERE/target/m2"
  if [ ! -d "$M2" ]; then
    mkdir -p "$M2"
    # Jetty and the plugins from the machine's local repository when it has them (hard links: nothing is copied).
    if [ -d "$HOME/.m2/repository" ]; then
      cp -al "$HOME/.m2/repository/." "$M2/" 2>/dev/null || cp -a "$HOME/.m2/repository/." "$M2/"
    fi
  fi
  rm -rf "$M2/dev/loginkit"
  repository=(-Dmaven.repo.local="$M2")
  echo "run.sh: dev.loginkit:loginkit:$VERSION from the release, $DIST/maven"
else
  M2="${MAVEN_LOCAL_REPOSITORY:-$HOME/.m2/repository}"
  if [ ! -f "$M2/dev/loginkit/loginkit/$VERSION/loginkit-$VERSION.jar" ]; then
    echo "run.sh: dev.loginkit:loginkit:$VERSION is neither released in $DIST/maven nor in $M2: installing it (as scripts/lib.sh build_jvm does, without the tests)"
    (
      cd "$ROOT"
      # shellcheck source=../../scripts/lib.sh
      source "$ROOT/scripts/lib.sh"
      tools_venv
      mvn -B -q -f bindings-jvm/pom.xml -Pglibc217 install -DskipTests
    )
  fi
  echo "run.sh: dev.loginkit:loginkit:$VERSION from $M2"
fi
if [ "${1:-}" = --compile ]; then
  mvn -B -q -f "$HERE/pom.xml" "${repository[@]}" compile dependency:build-classpath -Dmdep.outputFile="$HERE/target/classpath.txt"
  tr ':' '\n' < "$HERE/target/classpath.txt" | grep '/loginkit-[^/]*\.jar$'
  exit 0
fi
exec mvn -B -q -f "$HERE/pom.xml" "${repository[@]}" compile exec:java
