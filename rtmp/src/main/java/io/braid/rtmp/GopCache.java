package io.braid.rtmp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fans one published stream out to its RTMP players and keeps what a new player needs to start at once on a
 * keyframe: the metadata, both sequence headers and the messages since the latest video keyframe. The cache is
 * bounded; a GOP too large for it is not cached (players then wait for the next keyframe).
 *
 * <p>A message goes out to all players the way nginx-rtmp and SRS send it: chunked once ({@link SharedMessage}), and
 * handed to each event loop in one task that queues it for that loop's players, rather than one encode and one task
 * (with its thread wake-up) per player per message. What is queued is sent every {@link #MERGED_WRITE_MS}, SRS's
 * "merged write": a socket write per player per message was the origin's cost (each one wakes that player's
 * process), and one write per 100 ms instead of one per frame (about 73 a second at 30 fps with AAC) is what
 * takes RTMP fan-out past nginx-rtmp. It adds at most that much to a player's latency.
 */
public final class GopCache {
    /** How long a fan-out message may wait to share a socket write with the ones after it. */
    public static final long MERGED_WRITE_MS = 100;

    /** One event loop's players of the stream, and whether a flush of them is already scheduled (loop thread only). */
    private static final class LoopPlayers {
        final ScheduledExecutorService loop;
        final List<RtmpPlayer> players;
        boolean flushScheduled;

        LoopPlayers(ScheduledExecutorService loop, List<RtmpPlayer> players) {
            this.loop = loop;
            this.players = players;
        }

        void deliver(SharedMessage shared) {
            for (RtmpPlayer p : players) {
                p.deliver(shared);
            }
            if (!flushScheduled) {
                flushScheduled = true;
                loop.schedule(this::flush, MERGED_WRITE_MS, TimeUnit.MILLISECONDS);
            }
        }

        void flush() {
            flushScheduled = false;
            for (RtmpPlayer p : players) {
                p.flush();
            }
        }
    }

    private final long maxGopBytes;
    private final List<RtmpPlayer> players = new CopyOnWriteArrayList<>();
    /** The players that have a {@link RtmpPlayer#loop()}, by loop; rebuilt when players come and go (rare). */
    private volatile List<LoopPlayers> byLoop = List.of();
    private volatile List<RtmpPlayer> loopless = List.of();
    private final List<RtmpMessage> gop = new ArrayList<>();
    private long gopBytes;
    private boolean gopOverflowed;
    private RtmpMessage metadata;
    private RtmpMessage videoHeader;
    private RtmpMessage audioHeader;
    /** A WHIP stream's Opus sequence start, beside the AAC one: sent first, so a player that takes Opus knows at once. */
    private RtmpMessage opusHeader;

    public GopCache(long maxGopBytes) {
        this.maxGopBytes = maxGopBytes;
    }

    /** A publisher's message: remembered as needed, then sent to every player. */
    public synchronized void publish(RtmpMessage m) {
        if (m.typeId() == RtmpMessage.DATA_AMF0) {
            metadata = m;
        } else if (m.isSequenceHeader()) {
            if (m.typeId() == RtmpMessage.VIDEO) {
                videoHeader = m;
            } else if (m.isOpusAudio()) {
                opusHeader = m;
            } else {
                audioHeader = m;
            }
        } else if (m.isVideoKeyframe()) {
            gop.clear();
            gopBytes = 0;
            gopOverflowed = false;
            add(m);
        } else if (m.isMedia() && !gop.isEmpty() && !gopOverflowed) {
            add(m);
        }
        fanOut(m);
    }

    private void fanOut(RtmpMessage m) {
        for (RtmpPlayer p : loopless) {
            p.send(m);
        }
        List<LoopPlayers> groups = byLoop;
        if (groups.isEmpty()) {
            return;
        }
        SharedMessage shared = new SharedMessage(m);
        for (LoopPlayers group : groups) {
            shared.retain();
            try {
                group.loop.execute(() -> {
                    try {
                        group.deliver(shared);
                    } finally {
                        shared.release();
                    }
                });
            } catch (RuntimeException loopGone) { // an event loop shutting down: its players are closing anyway
                shared.release();
            }
        }
        shared.release();
    }

    private void regroup() {
        Map<ScheduledExecutorService, List<RtmpPlayer>> groups = new LinkedHashMap<>();
        List<RtmpPlayer> rest = new ArrayList<>();
        for (RtmpPlayer p : players) {
            ScheduledExecutorService loop = p.loop();
            if (loop == null) {
                rest.add(p);
            } else {
                groups.computeIfAbsent(loop, l -> new ArrayList<>()).add(p);
            }
        }
        List<LoopPlayers> loops = new ArrayList<>();
        groups.forEach((loop, list) -> loops.add(new LoopPlayers(loop, List.copyOf(list))));
        byLoop = List.copyOf(loops);
        loopless = List.copyOf(rest);
    }

    /** Sends the start-up state to the player and adds it, atomically with respect to {@link #publish}. */
    public synchronized void addPlayer(RtmpPlayer player) {
        for (RtmpMessage m : new RtmpMessage[] {metadata, videoHeader, opusHeader, audioHeader}) {
            if (m != null) {
                player.send(m);
            }
        }
        for (RtmpMessage m : gop) {
            player.send(m);
        }
        players.add(player);
        regroup();
    }

    public synchronized void removePlayer(RtmpPlayer player) {
        if (players.remove(player)) {
            regroup();
        }
    }

    public int playerCount() {
        return players.size();
    }

    /** The publisher has gone: every player's play ends. */
    public void closeAll(String reason) {
        for (RtmpPlayer p : players) {
            p.close(reason);
        }
        players.clear();
        synchronized (this) {
            regroup();
        }
    }

    private void add(RtmpMessage m) {
        gopBytes += m.payload().length;
        if (gopBytes > maxGopBytes) {
            gop.clear();
            gopBytes = 0;
            gopOverflowed = true;
        } else {
            gop.add(m);
        }
    }
}
