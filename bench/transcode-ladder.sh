#!/usr/bin/env bash
# Transcoder benchmark: the 1080p30 -> {720p, 480p, 360p} ladder through Braid's pipeline (the code the transcoder
# service runs, in a JVM) and through the ffmpeg program bundled with bytedeco, with the same settings, in one run.
# Prints wall time, real-time factor (media seconds per wall second, the source read as fast as it decodes), CPU
# seconds, and CPU seconds per media second (= cores one live stream needs), then the ratio of the real-time factors.
#   bench/transcode-ladder.sh [rounds]        default 2
# Env: BENCH_MEDIA_SECONDS (length of the 1080p sample, default 20).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$ROOT/bench/target/transcode
MEDIA=${BENCH_MEDIA_SECONDS:-20}
ROUNDS=${1:-2}
command -v ffmpeg >/dev/null || { echo "ffmpeg is needed to make the sample (apt-get install -y ffmpeg)" >&2; exit 1; }
. "$ROOT/bench/jdk.sh"
mkdir -p "$WORK"

SAMPLE=$WORK/sample-1080p30-${MEDIA}s.flv
if [ ! -f "$SAMPLE" ]; then
  echo "encoding the sample ($MEDIA s of 1920x1080@30, 4500k, 2 s GOP, AAC 48 kHz)..."
  ffmpeg -nostdin -v error -y -f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 -t "$MEDIA" \
    -c:v libx264 -preset veryfast -b:v 4500k -maxrate 4500k -bufsize 4500k -g 60 -pix_fmt yuv420p -c:a aac -b:a 128k -f flv "$SAMPLE"
fi

cd "$ROOT"
if [ ! -f transcoder/target/test-classes/io/braid/transcode/LadderBench.class ] || [ ! -f "$WORK/classpath.txt" ]; then
  ./mvnw -q -o -pl transcoder test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" \
    || ./mvnw -q -pl transcoder test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt"
fi
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "transcoder/target/classes:transcoder/target/test-classes:$(cat "$WORK/classpath.txt")" \
  io.braid.transcode.LadderBench "$SAMPLE" "$MEDIA" "$WORK/out" "$ROUNDS"
