package io.tracking.query.perf;

import java.util.concurrent.CountDownLatch;

import io.tracking.testsupport.TestInfrastructure;

/**
 * Manual measurement aid, not a test: starts the in-process KRaft test broker, prints its bootstrap address and
 * keeps it running until killed. See the README's "Measuring" section.
 */
public final class PerfKafka {

    private PerfKafka() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("tracking.test.infrastructure", "embedded");
        System.out.println("KAFKA_BOOTSTRAP_SERVERS=" + TestInfrastructure.kafkaBootstrapServers());
        new CountDownLatch(1).await();
    }
}
