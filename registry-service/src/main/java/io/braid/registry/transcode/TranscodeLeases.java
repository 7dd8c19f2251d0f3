package io.braid.registry.transcode;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Updates;
import io.braid.registry.db.Collections;
import io.braid.registry.db.DbTimer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Leases in MongoDB, one document per stream ({@code _id} app/streamId): the owner transcoder, the publish session it
 * transcodes and {@code expiresAt}. Taking one is an insert, or an update that matches only an expired lease or one
 * of an earlier publish session, so two transcoders can never both hold a stream; a holder that stops renewing loses
 * it at {@code expiresAt}.
 */
@ApplicationScoped
public class TranscodeLeases {
    @Inject
    Collections collections;
    @Inject
    DbTimer timer;

    /** @return whether {@code owner} now holds the stream's lease */
    public boolean acquire(String key, String session, String owner, long now, long ttlMs) {
        Document lease = new Document("_id", key).append("owner", owner).append("publishSessionId", session)
                .append("expiresAt", now + ttlMs).append("claimedAt", now);
        try {
            timer.run(() -> collections.transcodeLeases().insertOne(lease));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        long taken = timer.time(() -> collections.transcodeLeases().updateOne(
                and(eq("_id", key), or(lt("expiresAt", now), ne("publishSessionId", session))),
                Updates.combine(Updates.set("owner", owner), Updates.set("publishSessionId", session),
                        Updates.set("expiresAt", now + ttlMs), Updates.set("claimedAt", now))).getModifiedCount());
        return taken == 1;
    }

    /** The owner's leases among {@code keys}, as stored. */
    public List<Document> owned(String owner, List<String> keys) {
        return timer.time(() -> collections.transcodeLeases().find(and(eq("owner", owner), in("_id", keys))).into(new ArrayList<>()));
    }

    public void renew(String owner, List<String> keys, long expiresAt) {
        if (!keys.isEmpty()) {
            timer.run(() -> collections.transcodeLeases().updateMany(and(eq("owner", owner), in("_id", keys)), Updates.set("expiresAt", expiresAt)));
        }
    }

    public void release(String owner, String key) {
        timer.run(() -> collections.transcodeLeases().deleteOne(and(eq("_id", key), eq("owner", owner))));
    }

    /** Leases not yet expired. */
    public List<Document> current(long now) {
        return timer.time(() -> collections.transcodeLeases().find(gte("expiresAt", now)).into(new ArrayList<>()));
    }
}
