package io.braid.webrtc.receive;

import io.braid.media.AudioFrame;
import io.braid.media.MediaSink;
import io.braid.media.OpusFrame;
import io.braid.media.VideoFrame;
import io.braid.media.aac.AacEncoder;
import io.braid.media.h264.AvcConfig;
import io.braid.media.h264.Nal;
import io.braid.media.opus.OpusHead;
import io.braid.webrtc.rtp.H264AccessUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * WebRTC's adapter to the stream core (WHIP ingest), as RTMP and MPEG-TS have theirs: a {@link MediaReceiver}'s
 * H.264 pictures and Opus packets become frames for a {@link MediaSink}. The video configuration comes from the
 * in-band SPS/PPS (WebRTC has no out-of-band record) and again whenever they change; Opus goes through an
 * {@link AacEncoder} because HLS players and RTMP readers take AAC, and on as it came too ({@link MediaSink#opus}),
 * for WebRTC viewers.
 *
 * <p>The stream starts at the first keyframe, so its first HLS segment and an RTMP reader's first frame can be
 * decoded; audio before it is dropped, unless no video has come for {@link #AUDIO_ONLY_AFTER_MS} (a publisher whose
 * camera is off), when it starts with the audio. Times start at 0 there and never go back per track: the
 * receiver's timeline shifts once when sender reports line the tracks up, and a frame must not come before the one
 * it follows. WebRTC's H.264 has no B-frames, so decode and presentation times are the same.
 */
public final class RtpToFrames implements MediaReceiver.Sink {
    static final long AUDIO_ONLY_AFTER_MS = 3_000;

    private final MediaSink out;
    private final AacEncoder aac;
    private final boolean expectVideo;
    private byte[] sps;
    private byte[] pps;
    private boolean videoConfigSent;
    private boolean audioConfigSent;
    private boolean started;
    private long base;
    private long firstAudioMs = Long.MIN_VALUE;
    private long lastVideoMs;
    private long lastAudioMs;
    private long lastOpusMs;
    private long skipped;

    /**
     * @param aac         what the publisher's Opus becomes; null when the session has no audio
     * @param expectVideo whether the session has video, so the stream waits for its first keyframe
     */
    public RtpToFrames(MediaSink out, AacEncoder aac, boolean expectVideo) {
        this.out = out;
        this.aac = aac;
        this.expectVideo = expectVideo;
    }

    /** Pictures that could not be used: before any SPS/PPS, an unreadable SPS, or before the first keyframe. */
    public long skipped() {
        return skipped;
    }

    @Override
    public void video(H264AccessUnit picture, long ptsMs) {
        List<byte[]> nals = new ArrayList<>(picture.nals().size());
        boolean keyframe = false;
        for (byte[] nal : picture.nals()) {
            if (nal.length == 0) {
                continue;
            }
            int type = Nal.type(nal[0]);
            if (type == Nal.SPS) {
                sps = parameterSet(sps, nal);
            } else if (type == Nal.PPS) {
                pps = parameterSet(pps, nal);
            } else if (type != Nal.AUD) {
                keyframe |= type == Nal.IDR;
                nals.add(nal);
            }
        }
        if (sps == null || pps == null) {
            skipped++;
            return;
        }
        if (!videoConfigSent) {
            java.util.Optional<AvcConfig> readable = AvcConfig.readable(sps, pps);
            if (readable.isEmpty()) {
                skipped++;
                sps = null;
                return;
            }
            AvcConfig config = readable.get();
            videoConfigSent = true;
            out.videoConfig(config);
        }
        if (nals.isEmpty()) {
            return;
        }
        if (!started) {
            if (!keyframe) {
                skipped++;
                return;
            }
            start(ptsMs);
        }
        long ms = Math.max(lastVideoMs, ptsMs - base);
        lastVideoMs = ms;
        int size = 0;
        for (byte[] nal : nals) {
            size += nal.length;
        }
        byte[] data = new byte[size];
        List<int[]> units = new ArrayList<>(nals.size());
        int at = 0;
        for (byte[] nal : nals) {
            System.arraycopy(nal, 0, data, at, nal.length);
            units.add(new int[] {at, nal.length});
            at += nal.length;
        }
        out.video(new VideoFrame(ms, ms, keyframe, data, units));
    }

    /** A changed SPS or PPS: the next picture gets a new configuration first. */
    private byte[] parameterSet(byte[] previous, byte[] set) {
        if (!Arrays.equals(previous, set)) {
            videoConfigSent = false;
            return set.clone();
        }
        return previous;
    }

    @Override
    public void audio(byte[] opus, long ptsMs) {
        if (aac == null) {
            return;
        }
        aac.push(opus, ptsMs, this::aacFrame);
        if (started && ptsMs >= base && opus.length > 0) {
            long ms = Math.max(lastOpusMs, ptsMs - base);
            lastOpusMs = ms;
            out.opus(new OpusFrame(ms, opus));
        }
    }

    private void aacFrame(byte[] frame, long ptsMs) {
        if (!started) {
            if (firstAudioMs == Long.MIN_VALUE) {
                firstAudioMs = ptsMs;
            }
            if (expectVideo && ptsMs - firstAudioMs < AUDIO_ONLY_AFTER_MS) {
                return; // the first keyframe is on its way (the receiver asked for it)
            }
            start(ptsMs);
        }
        if (ptsMs < base) {
            return; // encoded from audio before the first keyframe
        }
        long ms = Math.max(lastAudioMs, ptsMs - base);
        lastAudioMs = ms;
        out.audio(new AudioFrame(ms, frame, 0, frame.length));
    }

    private void start(long atMs) {
        started = true;
        base = atMs;
        if (aac != null && !audioConfigSent) {
            audioConfigSent = true;
            out.opusConfig(OpusHead.rtp()); // first: a consumer that takes the Opus then never sees the AAC's header
            out.audioConfig(aac.config());
        }
    }
}
