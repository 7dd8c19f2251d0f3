package io.braid.rtmp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fans one published stream out to its RTMP players and keeps what a new player needs to start at once on a
 * keyframe: the metadata, both sequence headers and the messages since the latest video keyframe. The cache is
 * bounded; a GOP too large for it is not cached (players then wait for the next keyframe).
 */
public final class GopCache {
    private final long maxGopBytes;
    private final List<RtmpPlayer> players = new CopyOnWriteArrayList<>();
    private final List<RtmpMessage> gop = new ArrayList<>();
    private long gopBytes;
    private boolean gopOverflowed;
    private RtmpMessage metadata;
    private RtmpMessage videoHeader;
    private RtmpMessage audioHeader;

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
        for (RtmpPlayer p : players) {
            p.send(m);
        }
    }

    /** Sends the start-up state to the player and adds it, atomically with respect to {@link #publish}. */
    public synchronized void addPlayer(RtmpPlayer player) {
        for (RtmpMessage m : new RtmpMessage[] {metadata, videoHeader, audioHeader}) {
            if (m != null) {
                player.send(m);
            }
        }
        for (RtmpMessage m : gop) {
            player.send(m);
        }
        players.add(player);
    }

    public void removePlayer(RtmpPlayer player) {
        players.remove(player);
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
