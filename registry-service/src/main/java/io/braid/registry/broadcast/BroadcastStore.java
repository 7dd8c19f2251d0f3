package io.braid.registry.broadcast;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Sorts;
import io.braid.core.broadcast.Broadcast;
import io.braid.core.broadcast.BroadcastStatus;
import io.braid.core.json.Json;
import io.braid.core.event.Topics;
import io.braid.registry.db.Collections;
import io.braid.registry.db.DbTimer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Broadcasts of all applications in one collection; {@code _id} is {@code app/streamId}. */
@ApplicationScoped
public class BroadcastStore {
    /** Ant Media's DataStore.MAX_ITEM_IN_ONE_LIST. */
    public static final int MAX_LIST = 250;
    private static final ObjectMapper NON_NULL = Json.configure(new ObjectMapper()).setSerializationInclusion(JsonInclude.Include.NON_NULL);

    @Inject
    Collections collections;
    @Inject
    DbTimer timer;

    /** @return false if the id is taken */
    public boolean insert(String app, Broadcast b) {
        Document doc = toDocument(b);
        doc.put("_id", Topics.streamKey(app, b.streamId));
        doc.put("app", app);
        try {
            timer.run(() -> collections.broadcasts().insertOne(doc));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** Broadcasts stored live and refreshed since {@code freshSince}, oldest start first, at most {@code max}. */
    public List<Document> liveSince(long freshSince, int max) {
        return timer.time(() -> collections.broadcasts().find(and(eq("status", BroadcastStatus.BROADCASTING), gte("updateTime", freshSince)))
                .projection(new Document("app", 1).append("streamId", 1).append("originNodeId", 1).append("publishSessionId", 1)
                        .append("startTime", 1).append("encoderSettingsList", 1))
                .sort(Sorts.ascending("startTime")).limit(max).into(new ArrayList<>()));
    }

    /** Whether the stream is stored live in this publish session. */
    public boolean isLiveSession(String app, String streamId, String sessionId) {
        return timer.time(() -> collections.broadcasts().countDocuments(and(eq("_id", Topics.streamKey(app, streamId)),
                eq("status", BroadcastStatus.BROADCASTING), eq("publishSessionId", sessionId)))) > 0;
    }

    public Optional<Broadcast> find(String app, String streamId) {
        Document doc = timer.time(() -> collections.broadcasts().find(eq("_id", Topics.streamKey(app, streamId))).first());
        return Optional.ofNullable(doc).map(d -> fromDocument(d, System.currentTimeMillis()));
    }

    public List<Broadcast> list(String app, int offset, int size, String typeBy, String sortBy, String orderBy, String search) {
        List<Bson> filters = new ArrayList<>(List.of(eq("app", app)));
        if (typeBy != null && !typeBy.isBlank()) {
            filters.add(eq("type", typeBy));
        }
        if (search != null && !search.isBlank()) {
            filters.add(searchFilter(search));
        }
        String sortField = switch (sortBy == null ? "" : sortBy) {
            case "name" -> "name";
            case "status" -> "status";
            default -> "date";
        };
        Bson sort = "asc".equalsIgnoreCase(orderBy) ? Sorts.ascending(sortField) : Sorts.descending(sortField);
        long now = System.currentTimeMillis();
        return timer.time(() -> collections.broadcasts().find(and(filters)).sort(sort).skip(offset).limit(Math.min(size, MAX_LIST))
                .map(d -> fromDocument(d, now)).into(new ArrayList<>()));
    }

    public long count(String app, String search) {
        Bson filter = search == null || search.isBlank() ? eq("app", app) : and(eq("app", app), searchFilter(search));
        return timer.time(() -> collections.broadcasts().countDocuments(filter));
    }

    /** Live by Ant Media's rule: broadcasting and refreshed within the stream timeout. */
    public long activeCount(String app, long now) {
        return timer.time(() -> collections.broadcasts().countDocuments(and(eq("app", app),
                eq("status", BroadcastStatus.BROADCASTING), gte("updateTime", now - BroadcastStatus.STREAM_TIMEOUT_MS))));
    }

    /** Writes the non-null fields of {@code changes}; @return false if there is no such broadcast */
    public boolean update(String app, String streamId, Broadcast changes) {
        Document set = toDocument(changes);
        set.remove("streamId");
        if (set.isEmpty()) {
            return find(app, streamId).isPresent();
        }
        return timer.time(() -> collections.broadcasts().updateOne(eq("_id", Topics.streamKey(app, streamId)), new Document("$set", set)))
                .getMatchedCount() > 0;
    }

    public boolean delete(String app, String streamId) {
        return timer.time(() -> collections.broadcasts().deleteOne(eq("_id", Topics.streamKey(app, streamId)))).getDeletedCount() > 0;
    }

    public long deleteMany(String app, List<String> streamIds) {
        List<String> keys = streamIds.stream().map(id -> Topics.streamKey(app, id)).toList();
        return timer.time(() -> collections.broadcasts().deleteMany(in("_id", keys))).getDeletedCount();
    }

    /** Upserts the fields an origin reports, for publish start and refresh. */
    public void upsertFields(String app, String streamId, Document set, Document setOnInsert) {
        setOnInsert.put("app", app);
        setOnInsert.put("streamId", streamId);
        for (String key : set.keySet()) {
            setOnInsert.remove(key);
        }
        Document update = new Document("$set", set).append("$setOnInsert", setOnInsert);
        timer.run(() -> collections.broadcasts().updateOne(eq("_id", Topics.streamKey(app, streamId)), update,
                new com.mongodb.client.model.UpdateOptions().upsert(true)));
    }

    /**
     * Claims a broadcast for a publishing origin in one atomic step: it is created if absent, and taken over only
     * if nobody holds it live: it is not broadcasting, or is held by the same node, or its last refresh is
     * older than the stream timeout, or its holder is one of {@code deadOwners}. Two origins racing for the same
     * id cannot both win: the loser's filter does not match and its upsert hits the unique {@code _id}.
     *
     * @return whether this node now holds the broadcast
     */
    public boolean claim(String app, String streamId, String nodeId, List<String> deadOwners, long now, Document set, Document setOnInsert) {
        setOnInsert.put("app", app);
        setOnInsert.put("streamId", streamId);
        for (String key : set.keySet()) {
            setOnInsert.remove(key);
        }
        List<Bson> free = new ArrayList<>(List.of(ne("status", BroadcastStatus.BROADCASTING), eq("originNodeId", nodeId),
                lt("updateTime", now - BroadcastStatus.STREAM_TIMEOUT_MS), exists("updateTime", false)));
        if (!deadOwners.isEmpty()) {
            free.add(in("originNodeId", deadOwners));
        }
        Document update = new Document("$set", set).append("$setOnInsert", setOnInsert);
        try {
            timer.run(() -> collections.broadcasts().updateOne(and(eq("_id", Topics.streamKey(app, streamId)), or(free)), update,
                    new com.mongodb.client.model.UpdateOptions().upsert(true)));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Sets fields only if the broadcast is still held by {@code nodeId} and, when given, the same publish session;
     * @return whether it was
     */
    public boolean updateIfOwnedBy(String app, String streamId, String nodeId, String sessionId, Document set) {
        return timer.time(() -> collections.broadcasts().updateOne(owned(app, streamId, nodeId, sessionId), new Document("$set", set)))
                .getMatchedCount() > 0;
    }

    /** Deletes the broadcast only if it is still held by that node and session. */
    public boolean deleteIfOwnedBy(String app, String streamId, String nodeId, String sessionId) {
        return timer.time(() -> collections.broadcasts().deleteOne(owned(app, streamId, nodeId, sessionId))).getDeletedCount() > 0;
    }

    private static Bson owned(String app, String streamId, String nodeId, String sessionId) {
        Bson byNode = and(eq("_id", Topics.streamKey(app, streamId)), eq("originNodeId", nodeId));
        return sessionId == null ? byNode : and(byNode, eq("publishSessionId", sessionId));
    }

    private static Bson searchFilter(String search) {
        Pattern p = Pattern.compile(Pattern.quote(search), Pattern.CASE_INSENSITIVE);
        return or(regex("name", p), regex("streamId", p));
    }

    static Document toDocument(Broadcast b) {
        try {
            return Document.parse(NON_NULL.writeValueAsString(b));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Broadcast fromDocument(Document d, long now) {
        d.remove("_id");
        d.remove("app");
        Broadcast b = Json.read(d.toJson(), Broadcast.class);
        b.status = BroadcastStatus.effective(b.status, b.updateTime, now);
        return b;
    }
}
