# The JVM release: dev.loginkit:loginkit, one jar carrying the native library
# for linux-x86-64 and linux-aarch64 (JNA's resource prefixes, both linked
# against glibc 2.17 by cargo-zigbuild), with its sources and javadoc jars
# and the POM, deployed into the file-based Maven repository $DIST/maven.
# Sourced by scripts/release.sh after scripts/lib.sh and scripts/dist/common.sh.

JVM_DIST_REPOSITORY_ID=loginkit-dist

# JNA's resource prefix for each Rust target (Platform.RESOURCE_PREFIX).
jvm_resource_prefix() {
  case "$1" in
    x86_64-unknown-linux-gnu) echo linux-x86-64 ;;
    aarch64-unknown-linux-gnu) echo linux-aarch64 ;;
    *) echo "jvm: no JNA resource prefix for $1" >&2; return 1 ;;
  esac
}

jvm_dist_dir() { echo "$DIST/maven/dev/loginkit/loginkit/$VERSION"; }

dist_jvm() {
  ensure_rust_targets
  local target start
  # cargo builds the libraries here rather than from Maven so that each
  # target's time shows; Maven then only packages them (-Dcargo.skip).
  for target in "${LINUX_GNU_TARGETS[@]}"; do
    step "jvm: the native library for $target against glibc 2.17 (cargo zigbuild)"
    start=$SECONDS
    cargo zigbuild --release -p loginkit-jvm --target "$target.2.17"
    echo "jvm: $target: $((SECONDS - start)) s"
  done
  step "jvm: the host build that uniffi-bindgen reads the exported API from, and uniffi-bindgen"
  start=$SECONDS
  cargo build --release -p loginkit-jvm
  cargo build -p loginkit-uniffi-bindgen
  echo "jvm: host library and generator: $((SECONDS - start)) s"

  step "jvm: mvn deploy -Prelease into $DIST/maven (jar, sources jar, javadoc jar by dokka, POM, checksums)"
  rm -rf "$DIST/maven"
  mkdir -p "$DIST/maven"
  start=$SECONDS
  # The tests run in scripts/test.sh (build_jvm), against the test provider.
  mvn -B -q -f bindings-jvm/pom.xml -Prelease -Dcargo.skip=true -DskipTests \
    -DaltDeploymentRepository="$JVM_DIST_REPOSITORY_ID::file://$DIST/maven" clean deploy
  echo "jvm: mvn deploy: $((SECONDS - start)) s"

  local dir jar scratch file prefix
  dir="$(jvm_dist_dir)"
  jar="$dir/loginkit-$VERSION.jar"
  step "jvm: the release files, their checksums, the jar's manifest and contents"
  for file in "loginkit-$VERSION.jar" "loginkit-$VERSION-sources.jar" "loginkit-$VERSION-javadoc.jar" "loginkit-$VERSION.pom"; do
    [ -s "$dir/$file" ] || { echo "jvm: $file is missing from $dir"; return 1; }
    # The checksums Maven's resolver verifies on download (-C makes a mismatch fatal).
    [ "$(cat "$dir/$file.sha1")" = "$(sha1sum "$dir/$file" | cut -d' ' -f1)" ] || { echo "jvm: $file.sha1 does not match"; return 1; }
    [ "$(cat "$dir/$file.md5")" = "$(md5sum "$dir/$file" | cut -d' ' -f1)" ] || { echo "jvm: $file.md5 does not match"; return 1; }
    printf '%-36s %8d bytes  sha1 %s\n' "$file" "$(stat -c %s "$dir/$file")" "$(cat "$dir/$file.sha1")"
  done
  local manifest listing
  manifest="$(unzip -p "$jar" META-INF/MANIFEST.MF | tr -d '\r')"
  listing="$(unzip -Z1 "$jar")"
  grep -qx "Automatic-Module-Name: dev.loginkit" <<<"$manifest" \
    || { echo "jvm: no Automatic-Module-Name: dev.loginkit in the manifest"; return 1; }
  if grep -q '^dev/loginkit/ffi/' <<<"$listing"; then
    echo "jvm: the jar still has the generated classes in dev.loginkit.ffi"; return 1
  fi
  for tag in "<licenses>" "<scm>" "<developers>" "<url>" "<description>"; do
    grep -q "$tag" "$dir/loginkit-$VERSION.pom" || { echo "jvm: the POM has no $tag"; return 1; }
  done
  grep '\.so$' <<<"$listing"
  [ "$(grep -c '\.so$' <<<"$listing")" = "${#LINUX_GNU_TARGETS[@]}" ] \
    || { echo "jvm: the jar should carry exactly one native library per target"; return 1; }
  echo "manifest: Automatic-Module-Name: dev.loginkit; packages: $(grep '\.class$' <<<"$listing" \
    | sed 's|/[^/]*$||' | sort -u | tr / . | tr '\n' ' ')"

  step "jvm: architecture, libc and newest glibc symbol of each native library in the jar"
  scratch="$(mktemp -d)"
  for target in "${LINUX_GNU_TARGETS[@]}"; do
    prefix="$(jvm_resource_prefix "$target")"
    # One directory at a time: check-native.py checks every library it is given against one architecture.
    unzip -q -o "$jar" "$prefix/libloginkit_jvm.so" -d "$scratch"
    printf 'loginkit-%s.jar, %s/: ' "$VERSION" "$prefix"
    python3 scripts/check-native.py --arch "${target%%-*}" --libc gnu "$scratch/$prefix/libloginkit_jvm.so"
  done
  rm -rf "$scratch"
}

# A user's Maven project, made fresh in a temporary directory from
# bindings-jvm/consumer, whose only repository besides Maven Central is
# $DIST/maven: it resolves dev.loginkit:loginkit:$VERSION from there (a fresh
# local repository, so no copy installed in ~/.m2 can answer), checks its
# checksums, and runs the seed example against it.
install_check_jvm() {
  step "jvm: a fresh Maven project resolves dev.loginkit:loginkit:$VERSION from $DIST/maven and runs the seed example"
  local dir work project repository start
  dir="$(jvm_dist_dir)"
  [ -f "$dir/loginkit-$VERSION.jar" ] || { echo "jvm: no dev.loginkit:loginkit:$VERSION in $DIST/maven: run dist_jvm first"; return 1; }
  mkdir -p "$ROOT/target/tmp"
  work="$(mktemp -d "$ROOT/target/tmp/jvm-install.XXXXXX")"
  project="$work/project"
  repository="$work/repository"
  mkdir -p "$project" "$repository"
  cp -r bindings-jvm/consumer/pom.xml bindings-jvm/consumer/build.gradle bindings-jvm/consumer/src "$project/"
  sed -i "s|<loginkit.repository>[^<]*</loginkit.repository>|<loginkit.repository>file://$DIST/maven</loginkit.repository>|" "$project/pom.xml"
  grep -q "<loginkit.repository>file://$DIST/maven</loginkit.repository>" "$project/pom.xml" \
    || { echo "jvm: the consumer POM has no loginkit.repository property to point at $DIST/maven"; return 1; }
  # Everything but loginkit may come from the local repository already on
  # this machine (hard links, so nothing is copied); loginkit must not.
  if [ -d "$HOME/.m2/repository" ]; then
    cp -al "$HOME/.m2/repository/." "$repository/" 2>/dev/null || cp -a "$HOME/.m2/repository/." "$repository/"
  fi
  rm -rf "$repository/dev/loginkit"
  start=$SECONDS
  # -C: a checksum that does not match fails the download.
  mvn -B -q -C -f "$project/pom.xml" -Dmaven.repo.local="$repository" -Dloginkit.version="$VERSION" test
  echo "jvm: mvn test of the fresh project: $((SECONDS - start)) s"
  cat "$project"/target/surefire-reports/*.txt | grep "Tests run"

  local resolved="$repository/dev/loginkit/loginkit/$VERSION"
  grep -qx "loginkit-$VERSION.jar>$JVM_DIST_REPOSITORY_ID=" "$resolved/_remote.repositories" \
    || { echo "jvm: loginkit was not resolved from $DIST/maven:"; cat "$resolved/_remote.repositories"; return 1; }
  cmp -s "$resolved/loginkit-$VERSION.jar" "$dir/loginkit-$VERSION.jar" \
    || { echo "jvm: the resolved jar differs from $dir/loginkit-$VERSION.jar"; return 1; }
  echo "proved: dev.loginkit:loginkit:$VERSION resolved from file://$DIST/maven (repository $JVM_DIST_REPOSITORY_ID, checksums verified, the same bytes) into a fresh local repository; the seed example built the seed URL with it"

  jvm_gradle_check "$work"
  rm -rf "$work"
}

# The same project built by Gradle, with a fresh Gradle home. Debian's
# gradle (4.4.1, `apt-get install gradle`) runs on Java 17; the Gradle
# distribution server is not reachable from here, so no newer Gradle is tried.
jvm_gradle_check() {
  local work="$1" project="$1/project" output seed jar start
  if ! command -v gradle >/dev/null; then
    if [ "${LOGINKIT_SKIP_GRADLE:-}" = 1 ]; then
      echo "jvm: Gradle check skipped on purpose (LOGINKIT_SKIP_GRADLE=1)"
      return 0
    fi
    echo "jvm: no gradle on PATH: apt-get install gradle (Debian's 4.4.1 runs on Java 17), or LOGINKIT_SKIP_GRADLE=1"
    return 1
  fi
  step "jvm: the same project with Gradle ($(gradle --version 2>/dev/null | sed -n 's/^Gradle //p')): dev.loginkit:loginkit:$VERSION from $DIST/maven, gradle run"
  grep -q "implementation 'dev.loginkit:loginkit:$VERSION'" "$project/build.gradle" \
    || { echo "jvm: bindings-jvm/consumer/build.gradle does not depend on dev.loginkit:loginkit:$VERSION"; return 1; }
  sed -i "s|^ext.loginkitRepository = .*|ext.loginkitRepository = 'file://$DIST/maven'|" "$project/build.gradle"
  start=$SECONDS
  output="$(cd "$project" && gradle -q --no-daemon -g "$work/gradle-home" run loginkitJar 2>&1)" \
    || { echo "$output"; echo "jvm: gradle run failed"; return 1; }
  echo "jvm: gradle run of the fresh project: $((SECONDS - start)) s"
  seed="$(python3 -c 'import json, sys
print(next(c for c in json.load(open(sys.argv[1]))["cases"] if c["id"] == "authz.seed-example")["expect"]["url"])' conformance/cases/authorization_url.json)"
  grep -qxF "$seed" <<<"$output" || { echo "$output"; echo "jvm: gradle run did not print the seed URL $seed"; return 1; }
  jar="$(sed -n 's/^loginkit jar: //p' <<<"$output")"
  [ "$jar" = "$(jvm_dist_dir)/loginkit-$VERSION.jar" ] || { echo "jvm: Gradle took loginkit from $jar"; return 1; }
  echo "proved: Gradle resolved dev.loginkit:loginkit:$VERSION from $jar and the seed example printed the seed URL"
}
