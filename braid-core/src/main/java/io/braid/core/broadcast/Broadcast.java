package io.braid.core.broadcast;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.braid.core.app.EncoderSetting;
import java.util.List;

/**
 * Stream metadata, with Ant Media's field names and units (ms times except {@code plannedStartDate} /
 * {@code plannedEndDate} in unix seconds; {@code originAdress} spelled as Ant Media spells it). Every field is
 * boxed: in a PUT body a null means "leave as is". Fields Ant Media has and Braid does not model yet are accepted
 * and ignored, so an Ant Media broadcast object can be posted as it is.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonAutoDetect(fieldVisibility = Visibility.PUBLIC_ONLY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class Broadcast {
    public String streamId;
    public String name;
    public String description;
    public String category;
    public String metaData;
    public String status;
    public String type;
    public String publishType;
    public Long date;
    public Long startTime;
    public Long updateTime;
    public Long absoluteStartTimeMs;
    public Long duration;
    public Long plannedStartDate;
    public Long plannedEndDate;
    public Long expireDurationMS;
    public Boolean publish;
    public Boolean publicStream;
    public Boolean is360;
    public Boolean zombi;
    public String originAdress;
    /** Braid: the id of the origin node that holds the stream, so edges need no address lookup. */
    public String originNodeId;
    public String rtmpURL;
    public String listenerHookURL;
    public String streamUrl;
    public String subFolder;
    public String mainTrackStreamId;
    public String videoCodec;
    public String audioCodec;
    public Integer width;
    public Integer height;
    public Long bitrate;
    public Double speed;
    public String quality;
    public Long receivedBytes;
    /** The contribution link (SRT), Ant Media's names. */
    public Double rttMs;
    public Long packetsLost;
    public Double packetLostRatio;
    public Double jitterMs;
    public Integer hlsViewerCount;
    public Integer dashViewerCount;
    public Integer webRTCViewerCount;
    public Integer rtmpViewerCount;
    public Integer hlsViewerLimit;
    public Integer dashViewerLimit;
    public Integer webRTCViewerLimit;
    /** What WebRTC viewers get of the video: "as published", or re-encoded and why (Braid's own field). */
    public String webRTCVideo;
    public List<EncoderSetting> encoderSettingsList;

    public static final List<String> TYPES = List.of("liveStream", "ipCamera", "streamSource", "VoD", "playlist");
}
