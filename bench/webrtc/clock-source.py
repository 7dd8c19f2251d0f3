#!/usr/bin/env python3
"""Writes raw 640x360 yuv420p frames at 30 fps to stdout, each carrying the wall-clock time it was made (ms mod 2^32)
as 32 black or white 20x20 blocks in its top row and their complement in the row below, for latency.html to read back
from the rendered picture. Runs until killed or stdout closes.

  clock-source.py [audio-fifo]

With a path (a FIFO ffmpeg reads as -f s16le -ar 48000 -ac 2), a 440 Hz tone is written there too, 1600 samples per
frame on the same schedule as the frames, as a camera and a microphone sharing one clock would: frame n and audio
chunk n both belong to start + n/30. Without it a publisher's audio would come from a clock of its own (ffmpeg's
lavfi with -re starts when ffmpeg does, the frames when this script did), and a receiver that lines audio and video up
would hold the video back by the difference, which is not the server's latency."""
import math, struct, sys, threading, time

W, H, B, FPS, RATE = 640, 360, 20, 30, 48000
start = time.monotonic()


def paced(write):
    """Calls write(n) for n = 0, 1, ... at start + n/FPS (at once when behind) until it returns False."""
    n = 0
    while True:
        delay = start + n / FPS - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        if not write(n):
            return
        n += 1


def audio(path):
    per_frame = RATE // FPS
    # 440 Hz fits 3 frames (4800 samples) exactly 44 times: three chunks made once serve the whole run
    chunks = [b''.join(struct.pack('<hh', v, v) for v in
                       (int(8000 * math.sin(2 * math.pi * 440 * (k * per_frame + i) / RATE)) for i in range(per_frame)))
              for k in range(3)]
    with open(path, 'wb') as out:
        def chunk(n):
            try:
                out.write(chunks[n % 3])
                out.flush()
                return True
            except BrokenPipeError:
                return False
        paced(chunk)


if len(sys.argv) > 1:
    threading.Thread(target=audio, args=(sys.argv[1],), daemon=True).start()

y = bytearray([128]) * (W * H)
uv = bytes([128]) * (W * H // 2)
black, white = bytes([16]) * B, bytes([235]) * B
out = sys.stdout.buffer


def frame(n):
    stamp = int(time.time() * 1000) & 0xFFFFFFFF
    for bit in range(32):
        on = (stamp >> (31 - bit)) & 1
        for row, value in ((0, on), (1, 1 - on)):
            block = white if value else black
            for line in range(row * B, row * B + B):
                at = line * W + bit * B
                y[at:at + B] = block
    # a moving bar below, so the encoder sees motion like a real picture
    bar = (n * 8) % W
    for line in range(100, 140):
        y[line * W:(line + 1) * W] = bytes([128]) * W
        y[line * W + bar:line * W + min(W, bar + 40)] = bytes([200]) * (min(W, bar + 40) - bar)
    try:
        out.write(y)
        out.write(uv)
        out.flush()
        return True
    except BrokenPipeError:
        return False


paced(frame)
