#!/usr/bin/env bash
# JMH benchmarks of the hot codecs (bench/jmh): RTMP chunk decode/encode, FLV to frames, frames to MPEG-TS, playlist
# render, each on 10 s of a real 720p publish made once by ffmpeg. Prints JMH's table (microseconds per 10 s of
# media, or per playlist). Arguments go to JMH, e.g. bench/jmh.sh MediaBench -f 1 -wi 2 -i 3.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. "$ROOT/bench/jdk.sh"
# One reactor build: the benchmarks, what they test (media, rtmp) and their classpath (offline first, as bin/braid does).
build() { ./mvnw -B -q "$@" package dependency:build-classpath -pl bench/jmh -am -DskipTests -Dmdep.outputFile=target/jmh.classpath; }
build -o >/dev/null 2>&1 || build
mkdir -p bench/target
exec "$JAVA_HOME/bin/java" -Dbraid.bench.dir="$ROOT/bench/target" -cp "bench/jmh/target/classes:$(cat bench/jmh/target/jmh.classpath)" \
  org.openjdk.jmh.Main "$@"
