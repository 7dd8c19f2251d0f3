package io.braid.registry;

import io.braid.testkit.KafkaTestResource;
import io.braid.testkit.MongoTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** One real Kafka broker process and one MongoDB-wire server for every @QuarkusTest of this module. */
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MongoTestResource.class, restrictToAnnotatedClass = false)
public final class RegistryTestResources {
    private RegistryTestResources() {
    }
}
