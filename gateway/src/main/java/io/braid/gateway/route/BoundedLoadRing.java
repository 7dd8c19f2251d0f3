package io.braid.gateway.route;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup, Zadimoghaddam, 2018): a key goes to the first node
 * clockwise from its hash on a ring of virtual points, unless that node already carries more than
 * {@code (1 + epsilon)} times the average load, in which case the walk goes on to the next one. A stream's viewers
 * therefore concentrate on one edge (its cache stays hot) until that edge is full, and a node joining or leaving
 * moves only the keys it takes or held. Immutable: build a new ring when the set of nodes changes.
 *
 * @param <N> the node type
 */
public final class BoundedLoadRing<N> {
    private record Point<N>(long hash, String id, N node) {
    }

    private final long[] points;
    private final List<N> owners;
    /** For each ring point, its owner's index in {@link #nodes}. */
    private final int[] ownerIndex;
    private final List<N> nodes;

    /**
     * @param id            a node's stable name (its position on the ring depends only on it)
     * @param virtualNodes  points per node: more spreads keys more evenly (100 to 200 is usual)
     */
    public BoundedLoadRing(Collection<N> nodes, Function<N, String> id, int virtualNodes) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtualNodes must be at least 1");
        }
        List<Point<N>> all = new ArrayList<>(nodes.size() * virtualNodes);
        for (N node : nodes) {
            String name = id.apply(node);
            for (int v = 0; v < virtualNodes; v++) {
                all.add(new Point<>(hash(name + "#" + v), name, node));
            }
        }
        // Ties between equal hashes are broken by name so every gateway replica builds the same ring.
        all.sort(Comparator.<Point<N>>comparingLong(Point::hash).thenComparing(Point::id));
        this.nodes = List.copyOf(nodes);
        java.util.Map<N, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < this.nodes.size(); i++) {
            index.putIfAbsent(this.nodes.get(i), i);
        }
        this.points = new long[all.size()];
        this.owners = new ArrayList<>(all.size());
        this.ownerIndex = new int[all.size()];
        for (int i = 0; i < all.size(); i++) {
            points[i] = all.get(i).hash();
            owners.add(all.get(i).node());
            ownerIndex[i] = index.get(all.get(i).node());
        }
    }

    public List<N> nodes() {
        return nodes;
    }

    /**
     * The node for a key among the eligible ones, or empty if none is eligible.
     *
     * @param load     each node's current load (e.g. active viewers); the new request is counted on top
     * @param epsilon  how far above the average a node may go (0.25 = 25 %); must be positive
     * @param eligible which nodes may take it (alive, healthy, in the client's group)
     */
    public Optional<N> pick(String key, ToLongFunction<N> load, double epsilon, Predicate<N> eligible) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be positive");
        }
        // One reading of every load and eligibility: both change under concurrent requests, and the capacity must
        // be checked against the very figures it was computed from (reading them again once let the walk find no
        // node under capacity).
        long[] loads = new long[nodes.size()];
        boolean[] allowed = new boolean[nodes.size()];
        long total = 0;
        int count = 0;
        for (int i = 0; i < nodes.size(); i++) {
            N node = nodes.get(i);
            if (eligible.test(node)) {
                allowed[i] = true;
                loads[i] = Math.max(0, load.applyAsLong(node));
                total += loads[i];
                count++;
            }
        }
        if (count == 0) {
            return Optional.empty();
        }
        long capacity = (long) Math.ceil((1 + epsilon) * (total + 1) / count);
        int start = Arrays.binarySearch(points, hash(key));
        start = start >= 0 ? start : -start - 1;
        for (int i = 0; i < points.length; i++) {
            int point = (start + i) % points.length;
            int n = ownerIndex[point];
            if (allowed[n] && loads[n] + 1 <= capacity) {
                return Optional.of(owners.get(point));
            }
        }
        throw new IllegalStateException("no node under capacity " + capacity + ", which cannot happen with positive epsilon");
    }

    /** FNV-1a over the UTF-8 bytes, then a 64-bit finalizer (SplitMix64) so nearby names land far apart. */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
