package io.braid.rtmp;

import io.braid.bench.Samples;
import io.braid.media.flv.FlvReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The RTMP chunk codec on 10 s of a real 720p publish (about 560 messages, 2.6 MB): decoding what a publisher sends
 * (4096-byte chunks, after its Set Chunk Size) at once and in 16 KiB reads, and encoding it for a player. One
 * operation is the whole 10 s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChunkCodecBench {
    private static final int READ = 16 * 1024;
    private final List<RtmpMessage> messages = new ArrayList<>();
    private ByteBuf published;
    private ByteBuf encodeTarget;

    @Setup
    public void setUp() throws Exception {
        for (FlvReader.Tag t : Samples.tags()) {
            if (t.type() == FlvReader.AUDIO || t.type() == FlvReader.VIDEO) {
                messages.add(new RtmpMessage(t.type(), 1, t.timestampMs(), t.body()));
            }
        }
        published = Unpooled.directBuffer();
        ChunkEncoder.encode(RtmpMessage.control(RtmpMessage.SET_CHUNK_SIZE, 4096), 128, published);
        for (RtmpMessage m : messages) {
            ChunkEncoder.encode(m, 4096, published);
        }
        encodeTarget = Unpooled.directBuffer(published.readableBytes() + 1024);
    }

    @TearDown
    public void tearDown() {
        published.release();
        encodeTarget.release();
    }

    @Benchmark
    public int decodePublish() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpLimits.DEFAULTS));
        channel.writeInbound(published.retainedDuplicate());
        int count = 0;
        for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
            count++;
        }
        channel.finishAndReleaseAll();
        return count;
    }

    /** The same bytes in the reads a socket gives (16 KiB, most of them ending inside a chunk). */
    @Benchmark
    public int decodePublishInReads() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkDecoder(RtmpLimits.DEFAULTS));
        int count = 0;
        for (int at = 0; at < published.readableBytes(); at += READ) {
            channel.writeInbound(published.retainedSlice(at, Math.min(READ, published.readableBytes() - at)));
            for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
                count++;
            }
        }
        channel.finishAndReleaseAll();
        return count;
    }

    @Benchmark
    public int encodeForAPlayer() {
        encodeTarget.clear();
        for (RtmpMessage m : messages) {
            ChunkEncoder.encode(m, RtmpSession.OUT_CHUNK_SIZE, encodeTarget);
        }
        return encodeTarget.readableBytes();
    }
}
