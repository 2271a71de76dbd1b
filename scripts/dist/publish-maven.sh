#!/usr/bin/env bash
# Release workflow only: adds the macOS and Windows native libraries to the
# jar built on Linux (JNA finds each under its resource prefix) and deploys
# it with its POM, sources and javadoc jars to Maven Central (signed by the
# GPG key that actions/setup-java imported).
# Usage: publish-maven.sh ARTIFACTS_DIR  (the downloaded workflow artifacts)
set -euo pipefail
artifacts="$1"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION="$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml")"
built="$artifacts/dist-linux/maven/dev/loginkit/loginkit/$VERSION"
work="$(mktemp -d)"
cp "$built/loginkit-$VERSION.jar" "$work/"
for platform in "$artifacts"/dist-*/jvm/*/; do
  (cd "$platform/.." && jar uf "$work/loginkit-$VERSION.jar" "$(basename "$platform")")
done
mvn -B -q org.apache.maven.plugins:maven-gpg-plugin:3.2.7:sign-and-deploy-file \
  -Durl=https://central.sonatype.com/repository/maven-releases/ -DrepositoryId=central \
  -DpomFile="$built/loginkit-$VERSION.pom" -Dfile="$work/loginkit-$VERSION.jar" \
  -Dsources="$built/loginkit-$VERSION-sources.jar" -Djavadoc="$built/loginkit-$VERSION-javadoc.jar"
