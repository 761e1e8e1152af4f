package io.tracking.query.support;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.tracking.auth.DevTokens;
import io.tracking.testsupport.WithKafka;
import io.tracking.testsupport.WithPostgres;

/**
 * The whole service on a random port against the shared real Kafka broker and PostgreSQL. All subclasses share
 * one application context (same configuration), and keep apart by fresh random ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tracking.security.jwt.secret=" + IntegrationTest.SECRET,
        "management.server.port=0",
        "tracking.query.live.heartbeat-interval=1s",
        "tracking.query.live.status-check-interval=500ms" })
@WithKafka
@WithPostgres
@Import(TestDatabase.class)
public abstract class IntegrationTest {

    public static final String SECRET = "query-service-test-secret-0123456789abcdef";

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected JdbcClient jdbc;

    protected Api api;
    protected Api management;
    protected WriterRows writer;

    @BeforeEach
    void setUpClients() {
        api = new Api(port);
        management = new Api(managementPort);
        writer = new WriterRows(jdbc);
    }

    protected static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    protected static String token(String subject, String... roles) {
        return DevTokens.mint(SECRET, subject, List.of(roles), Duration.ofMinutes(10));
    }

    protected static String logistics() {
        return token(id("ops"), "logistics");
    }

    protected static String dispatch() {
        return token(id("dispatcher"), "dispatch");
    }
}
