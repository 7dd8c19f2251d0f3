package io.braid.transcode;

/**
 * One requested rung of the ladder, in Ant Media's terms: bitrates in bit/s; {@code forceEncode} allows a rung taller
 * than the source (upscaling), which is otherwise skipped.
 */
public record LadderRung(int height, int videoBitrate, int audioBitrate, boolean forceEncode) {
}
