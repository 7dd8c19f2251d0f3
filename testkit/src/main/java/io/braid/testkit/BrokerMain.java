package io.braid.testkit;

import io.braid.core.process.ParentWatch;

/** Entry point of the broker JVM: watch the parent, then run Apache Kafka's own main. */
public final class BrokerMain {
    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.startFromSystemProperty();
        Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
