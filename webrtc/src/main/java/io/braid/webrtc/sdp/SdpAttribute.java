package io.braid.webrtc.sdp;

/** One {@code a=} line: {@code a=name:value}, or {@code a=name} with an empty value (a flag). */
public record SdpAttribute(String name, String value) {
    public String line() {
        return value.isEmpty() ? "a=" + name : "a=" + name + ":" + value;
    }
}
