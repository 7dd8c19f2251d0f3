package io.braid.webrtc.sdp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Offer/answer for a node that sends one H.264 video and one Opus audio track (a player's session): answering a
 * browser's offer (WHEP), or making the offer and reading the browser's answer (Ant Media's WebSocket play).
 *
 * <p>The node is ICE-lite and bundles everything on one transport, so every accepted section carries the same ICE
 * credentials, fingerprint and candidates, and {@code rtcp-mux} is required.
 */
public final class SdpNegotiator {
    /** Payload types used when this node makes the offer; a browser answers with the same ones. */
    static final int OFFER_VIDEO_PT = 102;
    static final int OFFER_AUDIO_PT = 111;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SdpNegotiator() {
    }

    /** Answers a viewer's offer (it must receive: {@code recvonly} or {@code sendrecv}). */
    public static Negotiated answer(String offerText, LocalMedia local, LocalTransport transport) throws SdpException {
        SessionDescription offer = SessionDescription.parse(offerText);
        Remote remote = remote(offer);
        DtlsRole role = answererRole(remote.setup);
        StringBuilder body = new StringBuilder();
        List<String> bundled = new ArrayList<>();
        int videoPt = -1;
        int audioPt = -1;
        String videoMid = null;
        String audioMid = null;
        boolean sawVideo = false;
        boolean sawAudio = false;
        for (MediaDescription m : offer.media()) {
            String mid = m.mid();
            boolean usable = usable(m);
            RtpFormat chosen = null;
            if (usable && m.kind().equals("video") && videoPt < 0) {
                sawVideo = true;
                chosen = chooseH264(m.rtpFormats(), local.h264Profile());
                if (chosen == null) {
                    throw new SdpException("the offer's video has no H.264 with packetization-mode=1; Braid sends H.264");
                }
            } else if (usable && m.kind().equals("audio") && audioPt < 0 && local.audio()) {
                sawAudio = true;
                chosen = chooseOpus(m.rtpFormats());
                if (chosen == null) {
                    throw new SdpException("the offer's audio has no opus/48000/2; Braid sends Opus");
                }
            }
            if (chosen == null) {
                rejected(body, m);
                continue;
            }
            String direction = m.direction();
            if (!direction.equals("recvonly") && !direction.equals("sendrecv")) {
                throw new SdpException("the offer's " + m.kind() + " is " + direction + "; a player's offer must be recvonly");
            }
            if (!m.has("rtcp-mux")) {
                throw new SdpException("the offer's " + m.kind() + " has no a=rtcp-mux; Braid multiplexes RTP and RTCP on one port");
            }
            boolean video = m.kind().equals("video");
            if (video) {
                videoPt = chosen.payloadType();
                videoMid = mid;
            } else {
                audioPt = chosen.payloadType();
                audioMid = mid;
            }
            bundled.add(mid);
            section(body, m.kind(), mid, chosen, m.has("rtcp-rsize"), local, transport, role == DtlsRole.SERVER ? "passive" : "active", video);
        }
        if (!sawVideo && !sawAudio) {
            throw new SdpException("the offer has no audio or video section Braid can send to");
        }
        return new Negotiated(sessionHeader(bundled, local) + body, remote.ufrag, remote.password, remote.fingerprintAlgorithm,
                remote.fingerprint, role, videoPt, audioPt, videoMid, audioMid);
    }

    /** The URI of transport-wide sequence numbers (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    public static final String TRANSPORT_CC_URI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /**
     * Answers a publisher's offer (WHIP): it must send ({@code sendonly} or {@code sendrecv}) H.264 with
     * packetization-mode=1, and may send Opus; other audio is declined (its section rejected), video without H.264
     * (VP8, VP9, AV1 only) is refused with a reason. RTX is not taken (NACKed packets come again as themselves), and
     * transport-wide congestion control is, when offered, so that a browser's bandwidth estimate can ramp up.
     */
    public static Negotiated answerPublisher(String offerText, LocalTransport transport, String cname) throws SdpException {
        SessionDescription offer = SessionDescription.parse(offerText);
        Remote remote = remote(offer);
        DtlsRole role = answererRole(remote.setup);
        StringBuilder body = new StringBuilder();
        List<String> bundled = new ArrayList<>();
        int videoPt = -1;
        int audioPt = -1;
        String videoMid = null;
        String audioMid = null;
        int transportCc = -1;
        List<String> refusedVideo = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
            String mid = m.mid();
            boolean usable = usable(m);
            boolean video = m.kind().equals("video");
            RtpFormat chosen = null;
            if (usable && video && videoPt < 0) {
                chosen = chooseH264(m.rtpFormats(), 100);
                if (chosen == null) {
                    m.rtpFormats().stream().map(RtpFormat::codec).filter(c -> !c.equals("rtx") && !c.equals("red") && !c.equals("ulpfec"))
                            .distinct().forEach(refusedVideo::add);
                }
            } else if (usable && m.kind().equals("audio") && audioPt < 0) {
                chosen = chooseOpus(m.rtpFormats());
            }
            if (chosen == null) {
                rejected(body, m);
                continue;
            }
            String direction = m.direction();
            if (!direction.equals("sendonly") && !direction.equals("sendrecv")) {
                throw new SdpException("the offer's " + m.kind() + " is " + direction + "; a publisher's offer must be sendonly");
            }
            if (!m.has("rtcp-mux")) {
                throw new SdpException("the offer's " + m.kind() + " has no a=rtcp-mux; Braid multiplexes RTP and RTCP on one port");
            }
            int extension = transportCcId(m);
            if (extension > 0) {
                transportCc = extension;
            }
            if (video) {
                videoPt = chosen.payloadType();
                videoMid = mid;
            } else {
                audioPt = chosen.payloadType();
                audioMid = mid;
            }
            bundled.add(mid);
            receivingSection(body, m.kind(), mid, chosen, m.has("rtcp-rsize"), transport, role == DtlsRole.SERVER ? "passive" : "active",
                    extension);
        }
        if (videoPt < 0) {
            throw new SdpException(refusedVideo.isEmpty() ? "the offer has no video section Braid can receive; publish H.264 video"
                    : "the offer's video is " + String.join(", ", refusedVideo) + " only; Braid takes H.264 (packetization-mode=1)"
                            + " from WebRTC publishers: choose H.264 in the encoder (OBS, browsers' setCodecPreferences)");
        }
        LocalMedia none = new LocalMedia("braid", cname, 0, 0, 100, audioPt >= 0);
        return new Negotiated(sessionHeader(bundled, none) + body, remote.ufrag, remote.password, remote.fingerprintAlgorithm,
                remote.fingerprint, role, videoPt, audioPt, videoMid, audioMid, transportCc);
    }

    /**
     * The DTLS role an answerer takes. actpass: the client (RFC 5763 recommends the answerer be active, as pion does).
     * The DTLS server finishes its handshake a flight before the client, so as client our first media never beats a
     * viewer's keys.
     */
    private static DtlsRole answererRole(String offeredSetup) throws SdpException {
        return switch (offeredSetup) {
            case "actpass", "passive" -> DtlsRole.CLIENT;
            case "active" -> DtlsRole.SERVER;
            default -> throw new SdpException("a=setup:" + offeredSetup + " is not actpass, active or passive");
        };
    }

    /** A section media can flow in: not rejected, bundled by a mid, secure RTP with feedback. */
    private static boolean usable(MediaDescription m) {
        return m.port() != 0 && m.mid() != null && m.protocol().toUpperCase(Locale.ROOT).contains("SAVPF");
    }

    private static int transportCcId(MediaDescription m) {
        for (String e : m.attributes("extmap")) {
            String[] f = e.trim().split(" +");
            if (f.length >= 2 && f[1].equals(TRANSPORT_CC_URI)) {
                try {
                    int id = Integer.parseInt(f[0].split("/")[0]);
                    return id >= 1 && id <= 14 ? id : -1;
                } catch (NumberFormatException ignored) {
                    return -1;
                }
            }
        }
        return -1;
    }

    private static void receivingSection(StringBuilder s, String kind, String mid, RtpFormat f, boolean rsize, LocalTransport transport,
            String setup, int transportCc) {
        boolean video = kind.equals("video");
        transportLines(s, kind, mid, f, transport, setup);
        s.append("a=recvonly\r\n");
        s.append("a=rtcp-mux\r\n");
        if (rsize) {
            s.append("a=rtcp-rsize\r\n");
        }
        if (transportCc > 0) {
            s.append("a=extmap:").append(transportCc).append(' ').append(TRANSPORT_CC_URI).append("\r\n");
        }
        s.append("a=rtpmap:").append(f.payloadType()).append(' ').append(video ? "H264" : "opus").append('/').append(f.clockRate());
        if (!video) {
            s.append("/2");
        }
        s.append("\r\n");
        if (transportCc > 0) {
            s.append("a=rtcp-fb:").append(f.payloadType()).append(" transport-cc\r\n");
        }
        if (video) {
            s.append("a=rtcp-fb:").append(f.payloadType()).append(" nack\r\n");
            s.append("a=rtcp-fb:").append(f.payloadType()).append(" nack pli\r\n");
            s.append("a=rtcp-fb:").append(f.payloadType()).append(" ccm fir\r\n");
        }
        if (!f.fmtp().isEmpty()) {
            s.append("a=fmtp:").append(f.payloadType()).append(' ').append(f.fmtp()).append("\r\n");
        }
        candidates(s, transport);
    }

    /** The offer this node makes (Ant Media's play): sendonly H.264 (+ Opus), {@code a=setup:actpass}. */
    public static String offer(LocalMedia local, LocalTransport transport) {
        StringBuilder body = new StringBuilder();
        List<String> mids = new ArrayList<>();
        String profile = switch (local.h264Profile()) {
            case 66 -> "42e01f";
            case 77 -> "4d0032";
            default -> "640032";
        };
        RtpFormat video = new RtpFormat(OFFER_VIDEO_PT, "h264", 90000, 1,
                "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" + profile, List.of());
        section(body, "video", "0", video, true, local, transport, "actpass", true);
        mids.add("0");
        if (local.audio()) {
            RtpFormat opus = new RtpFormat(OFFER_AUDIO_PT, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of());
            section(body, "audio", "1", opus, true, local, transport, "actpass", false);
            mids.add("1");
        }
        return sessionHeader(mids, local) + body;
    }

    /** Reads a viewer's answer to {@link #offer}: its credentials, fingerprint and DTLS role. */
    public static Negotiated acceptAnswer(String answerText, String ourOffer) throws SdpException {
        SessionDescription answer = SessionDescription.parse(answerText);
        Remote remote = remote(answer);
        DtlsRole role = switch (remote.setup) {
            case "active" -> DtlsRole.SERVER;
            case "passive" -> DtlsRole.CLIENT;
            default -> throw new SdpException("an answer's a=setup must be active or passive, not " + remote.setup);
        };
        int videoPt = -1;
        int audioPt = -1;
        String videoMid = null;
        String audioMid = null;
        for (MediaDescription m : answer.media()) {
            if (m.port() == 0) {
                continue;
            }
            for (RtpFormat f : m.rtpFormats()) {
                if (m.kind().equals("video") && f.codec().equals("h264") && videoPt < 0) {
                    videoPt = f.payloadType();
                    videoMid = m.mid();
                } else if (m.kind().equals("audio") && f.codec().equals("opus") && audioPt < 0) {
                    audioPt = f.payloadType();
                    audioMid = m.mid();
                }
            }
        }
        if (videoPt < 0 && audioPt < 0) {
            throw new SdpException("the answer accepts neither the H.264 video nor the Opus audio");
        }
        return new Negotiated(ourOffer, remote.ufrag, remote.password, remote.fingerprintAlgorithm, remote.fingerprint, role,
                videoPt, audioPt, videoMid, audioMid);
    }

    private record Remote(String ufrag, String password, String fingerprintAlgorithm, String fingerprint, String setup) {
    }

    private static Remote remote(SessionDescription sdp) throws SdpException {
        if (sdp.media().isEmpty()) {
            throw new SdpException("the SDP has no media section");
        }
        MediaDescription first = null;
        for (MediaDescription m : sdp.media()) {
            if (m.port() != 0) {
                first = m;
                break;
            }
        }
        if (first == null) {
            throw new SdpException("every media section of the SDP is rejected (port 0)");
        }
        String ufrag = sdp.attribute(first, "ice-ufrag");
        String password = sdp.attribute(first, "ice-pwd");
        String fingerprint = sdp.attribute(first, "fingerprint");
        String setup = sdp.attribute(first, "setup");
        if (ufrag == null || password == null) {
            throw new SdpException("the SDP has no a=ice-ufrag / a=ice-pwd");
        }
        if (ufrag.length() < 4 || ufrag.length() > 256 || password.length() < 22 || password.length() > 256) {
            throw new SdpException("ICE ufrag must have 4-256 characters and ice-pwd 22-256 (RFC 8839)");
        }
        if (fingerprint == null) {
            throw new SdpException("the SDP has no a=fingerprint; DTLS-SRTP needs the peer's certificate fingerprint");
        }
        String[] fp = fingerprint.trim().split(" +");
        if (fp.length != 2 || !fp[1].matches("([0-9A-Fa-f]{2}:)+[0-9A-Fa-f]{2}")) {
            throw new SdpException("a=fingerprint is not '<hash> <hex:hex:...>'");
        }
        return new Remote(ufrag.trim(), password.trim(), fp[0].toLowerCase(Locale.ROOT), fp[1].toUpperCase(Locale.ROOT),
                setup == null ? "actpass" : setup.trim());
    }

    static RtpFormat chooseH264(List<RtpFormat> formats, int profile) {
        RtpFormat any = null;
        RtpFormat exact = null;
        RtpFormat constrainedBaseline = null;
        for (RtpFormat f : formats) {
            if (!f.codec().equals("h264") || !"1".equals(f.parameter("packetization-mode"))) {
                continue;
            }
            String pli = f.parameter("profile-level-id");
            int offeredProfile = -1;
            if (pli != null && pli.length() == 6) {
                try {
                    offeredProfile = Integer.parseInt(pli.substring(0, 2), 16);
                } catch (NumberFormatException ignored) {
                    // an unreadable profile-level-id is only a worse match
                }
            }
            if (offeredProfile == profile && exact == null) {
                exact = f;
            }
            if (any == null) {
                any = f;
            }
            if (constrainedBaseline == null && pli != null && pli.toLowerCase(Locale.ROOT).startsWith("42e0")) {
                constrainedBaseline = f;
            }
        }
        // A baseline stream is also constrained baseline in practice, and Safari prefers that format.
        if (profile <= 66 && constrainedBaseline != null) {
            return constrainedBaseline;
        }
        return exact != null ? exact : any;
    }

    static RtpFormat chooseOpus(List<RtpFormat> formats) {
        for (RtpFormat f : formats) {
            if (f.codec().equals("opus") && f.clockRate() == 48000 && f.channels() == 2) {
                return f;
            }
        }
        return null;
    }

    private static String sessionHeader(List<String> mids, LocalMedia local) {
        StringBuilder s = new StringBuilder();
        s.append("v=0\r\n");
        s.append("o=- ").append(Long.toUnsignedString(RANDOM.nextLong() >>> 2)).append(" 2 IN IP4 127.0.0.1\r\n");
        s.append("s=-\r\nt=0 0\r\n");
        if (!mids.isEmpty()) {
            s.append("a=group:BUNDLE ").append(String.join(" ", mids)).append("\r\n");
        }
        s.append("a=ice-lite\r\n");
        s.append("a=msid-semantic: WMS ").append(local.streamLabel()).append("\r\n");
        return s.toString();
    }

    private static void section(StringBuilder s, String kind, String mid, RtpFormat f, boolean rsize, LocalMedia local,
            LocalTransport transport, String setup, boolean video) {
        int ssrc = video ? local.videoSsrc() : local.audioSsrc();
        String track = local.streamLabel() + (video ? "-video" : "-audio");
        transportLines(s, kind, mid, f, transport, setup);
        s.append("a=sendonly\r\n");
        s.append("a=msid:").append(local.streamLabel()).append(' ').append(track).append("\r\n");
        s.append("a=rtcp-mux\r\n");
        if (rsize) {
            s.append("a=rtcp-rsize\r\n");
        }
        s.append("a=rtpmap:").append(f.payloadType()).append(' ').append(video ? "H264" : "opus").append('/').append(f.clockRate());
        if (!video) {
            s.append("/2");
        }
        s.append("\r\n");
        if (video) {
            s.append("a=rtcp-fb:").append(f.payloadType()).append(" nack\r\n");
            s.append("a=rtcp-fb:").append(f.payloadType()).append(" nack pli\r\n");
            s.append("a=rtcp-fb:").append(f.payloadType()).append(" ccm fir\r\n");
        }
        if (!f.fmtp().isEmpty()) {
            s.append("a=fmtp:").append(f.payloadType()).append(' ').append(f.fmtp()).append("\r\n");
        }
        s.append("a=ssrc:").append(Integer.toUnsignedString(ssrc)).append(" cname:").append(local.cname()).append("\r\n");
        s.append("a=ssrc:").append(Integer.toUnsignedString(ssrc)).append(" msid:").append(local.streamLabel()).append(' ').append(track).append("\r\n");
        candidates(s, transport);
    }

    /** The m= line and what every bundled section repeats: ICE credentials, fingerprint, DTLS setup, mid. */
    private static void transportLines(StringBuilder s, String kind, String mid, RtpFormat f, LocalTransport transport, String setup) {
        s.append("m=").append(kind).append(" 9 UDP/TLS/RTP/SAVPF ").append(f.payloadType()).append("\r\n");
        s.append("c=IN IP4 0.0.0.0\r\n");
        s.append("a=rtcp:9 IN IP4 0.0.0.0\r\n");
        s.append("a=ice-ufrag:").append(transport.ufrag()).append("\r\n");
        s.append("a=ice-pwd:").append(transport.password()).append("\r\n");
        s.append("a=fingerprint:sha-256 ").append(transport.fingerprint()).append("\r\n");
        s.append("a=setup:").append(setup).append("\r\n");
        s.append("a=mid:").append(mid).append("\r\n");
    }

    private static void candidates(StringBuilder s, LocalTransport transport) {
        for (String c : transport.candidates()) {
            s.append("a=").append(c).append("\r\n");
        }
        s.append("a=end-of-candidates\r\n");
    }

    private static void rejected(StringBuilder s, MediaDescription m) {
        s.append("m=").append(m.kind()).append(" 0 ").append(m.protocol()).append(' ').append(String.join(" ", m.formats())).append("\r\n");
        s.append("c=IN IP4 0.0.0.0\r\n");
        if (m.mid() != null) {
            s.append("a=mid:").append(m.mid()).append("\r\n");
        }
        s.append("a=inactive\r\n");
    }
}
