# Sourced by the bench scripts that run Java themselves: sets JAVA_HOME to a JDK 25 or newer (JAVA_HOME if it is one,
# else the first in /usr/lib/jvm), as bin/braid does. An empty or older JAVA_HOME is passed over: Debian's default
# java is 17, and class files built for 25 do not load there.
for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*26* /usr/lib/jvm/*27*; do
  [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
  major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [ "${major:-0}" -ge 25 ] 2>/dev/null; then export JAVA_HOME=$candidate; break; fi
done
"${JAVA_HOME:-/nonexistent}/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])' || { echo "JDK 25 or newer not found: set JAVA_HOME" >&2; exit 1; }
