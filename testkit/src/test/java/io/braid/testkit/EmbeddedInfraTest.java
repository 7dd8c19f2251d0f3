package io.braid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedInfraTest {

    @Test
    void kafkaBrokerRoundTripsAMessageAndKeepsItAcrossRestart(@TempDir Path dir) throws Exception {
        String topic = "testkit.roundtrip";
        long brokerPid;
        int port;
        try (KafkaBroker broker = KafkaBroker.start(dir, 0)) {
            brokerPid = broker.pid();
            port = broker.port();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
            }
            assertEquals("hello", firstValue(broker.bootstrapServers(), topic));
        }
        assertFalse(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false), "broker process must be gone after close");
        try (KafkaBroker again = KafkaBroker.start(dir, port)) {
            assertEquals("hello", firstValue(again.bootstrapServers(), topic), "data directory must survive a restart");
        }
    }

    @Test
    void mongoOnDiskSurvivesRestart(@TempDir Path dir) {
        Path file = dir.resolve("db.mv");
        try (MongoWireServer server = MongoWireServer.onDisk(file, 0);
             MongoClient client = MongoClients.create(server.connectionString())) {
            client.getDatabase("braid").getCollection("t").insertOne(new Document("_id", "a").append("v", 1));
        }
        assertTrue(Files.exists(file));
        try (MongoWireServer server = MongoWireServer.onDisk(file, 0);
             MongoClient client = MongoClients.create(server.connectionString())) {
            MongoCollection<Document> t = client.getDatabase("braid").getCollection("t");
            assertEquals(1, t.find(new Document("_id", "a")).first().getInteger("v"));
        }
    }

    private static String firstValue(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "g-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    return records.iterator().next().value();
                }
            }
        }
        return null;
    }
}
