package io.braid.rtmp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A minimal host for protocol tests: accepts publishes to any id except "taken", fans them out to players. */
final class RecordingHost implements RtmpHost {
    final Map<String, GopCache> live = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> videoMessages = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> audioMessages = new ConcurrentHashMap<>();
    final List<String> closed = new CopyOnWriteArrayList<>();
    final List<StreamRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public CompletionStage<PublishDecision> publish(StreamRequest request) {
        requests.add(request);
        if (request.streamId().equals("taken")) {
            return CompletableFuture.completedFuture(new PublishDecision.Rejected("NetStream.Publish.BadName", "streamIdInUse"));
        }
        String key = request.app() + "/" + request.streamId();
        GopCache cache = new GopCache(8 << 20);
        live.put(key, cache);
        return CompletableFuture.supplyAsync(() -> new PublishDecision.Accepted(new PublishSink() {
            @Override
            public void message(RtmpMessage m) {
                if (m.typeId() == RtmpMessage.VIDEO) {
                    videoMessages.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                } else if (m.typeId() == RtmpMessage.AUDIO) {
                    audioMessages.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                }
                cache.publish(m);
            }

            @Override
            public void closed(String reason) {
                closed.add(key + ": " + reason);
                live.remove(key, cache);
                cache.closeAll("unpublished");
            }
        }));
    }

    @Override
    public CompletionStage<PlayDecision> play(StreamRequest request, RtmpPlayer player) {
        GopCache cache = live.get(request.app() + "/" + request.streamId());
        if (cache == null) {
            return CompletableFuture.completedFuture(new PlayDecision.Rejected("NetStream.Play.StreamNotFound", "no such stream"));
        }
        cache.addPlayer(player);
        return CompletableFuture.completedFuture(new PlayDecision.Accepted(() -> cache.removePlayer(player)));
    }
}
