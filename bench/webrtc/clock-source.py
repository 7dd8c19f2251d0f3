#!/usr/bin/env python3
"""Writes raw 640x360 yuv420p frames at 30 fps to stdout, each carrying the wall-clock time it was made (ms mod 2^32)
as 32 black or white 20x20 blocks in its top row and their complement in the row below, for latency.html to read back
from the rendered picture. Runs until killed or stdout closes."""
import sys, time

W, H, B, FPS = 640, 360, 20, 30
y = bytearray([128]) * (W * H)
uv = bytes([128]) * (W * H // 2)
black, white = bytes([16]) * B, bytes([235]) * B
out = sys.stdout.buffer
start = time.monotonic()
n = 0
while True:
    due = start + n / FPS
    delay = due - time.monotonic()
    if delay > 0:
        time.sleep(delay)
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
    except BrokenPipeError:
        break
    n += 1
