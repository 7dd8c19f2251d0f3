package io.braid.registry.db;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The registry's MongoDB collections. Every document's {@code _id} is its natural key (node id, app/streamId,
 * app name), so uniqueness needs no secondary index: the MongoDB-wire stand-in ignores non-unique ones.
 */
@ApplicationScoped
public class Collections {
    @Inject
    MongoClient client;
    @ConfigProperty(name = "braid.db.name", defaultValue = "braid")
    String database;

    public MongoCollection<Document> nodes() {
        return client.getDatabase(database).getCollection("clusternodes");
    }

    public MongoCollection<Document> broadcasts() {
        return client.getDatabase(database).getCollection("broadcasts");
    }

    /** Transcode job leases: which transcoder runs the ABR ladder of which live stream, until when. */
    public MongoCollection<Document> transcodeLeases() {
        return client.getDatabase(database).getCollection("transcodeleases");
    }

    public MongoCollection<Document> appSettings() {
        return client.getDatabase(database).getCollection("appsettings");
    }
}
