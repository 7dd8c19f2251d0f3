#!/usr/bin/env bash
# Checks that Quarkus' native build steps pass for the services meant to run native, without GraalVM: with
# quarkus.native.sources-only Quarkus runs every build step of a native build and writes
# <module>/target/native-sources/ (native-image.args, the runner jar, lib/), which a machine with Mandrel/GraalVM 25
# turns into an executable with `cd target/native-sources && native-image $(cat native-image.args)`.
#   docker/native-sources.sh [module...]     default: registry-service edge-service gateway
# ingest-service (FFM downcalls and upcalls into libsrt) and transcode-service (bytedeco JNI) stay JVM-only: see
# docs/containers.md. Afterwards the JVM packages are rebuilt, as the check replaces target/quarkus-app.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEFAULT_MODULES=(registry-service edge-service gateway)
LOGS=$ROOT/docker/target/native-sources

find_java() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*26*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then export JAVA_HOME=$candidate; return; fi
  done
  echo "native-sources: JDK 25 not found: set JAVA_HOME" >&2
  exit 1
}

check_module() { # check_module <module>: 0 when the native sources were generated
  local module=$1 start=$SECONDS
  if (cd "$ROOT" && ./mvnw -B -q -pl "$module" -am package -DskipTests -Dquarkus.native.enabled=true \
      -Dquarkus.native.sources-only=true -Dquarkus.package.jar.enabled=false) >"$LOGS/$module.log" 2>&1 \
      && [ -f "$ROOT/$module/target/native-sources/native-image.args" ]; then
    echo "PASS $module ($((SECONDS - start)) s): $module/target/native-sources/native-image.args"
  else
    echo "FAIL $module ($((SECONDS - start)) s): $(grep -m1 -E '^\[ERROR\]' "$LOGS/$module.log" || tail -n 1 "$LOGS/$module.log")"
    echo "     log: $LOGS/$module.log"
    return 1
  fi
}

rebuild_jvm_packages() { # rebuild_jvm_packages <module>...: the images and bin/braid run the JVM packages
  local modules
  modules=$(IFS=,; echo "$*")
  (cd "$ROOT" && ./mvnw -B -q -pl "$modules" -am package -DskipTests) >"$LOGS/jvm-package.log" 2>&1 \
    || { echo "native-sources: rebuilding the JVM packages failed, see $LOGS/jvm-package.log" >&2; return 1; }
}

main() {
  local modules=("$@") failed=0 module
  [ ${#modules[@]} -gt 0 ] || modules=("${DEFAULT_MODULES[@]}")
  find_java
  mkdir -p "$LOGS"
  for module in "${modules[@]}"; do check_module "$module" || failed=1; done
  rebuild_jvm_packages "${modules[@]}"
  return $failed
}

main "$@"
