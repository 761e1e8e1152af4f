package io.tracking.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.ingest.Api;
import io.tracking.testsupport.WithKafka;

/** Keep-alive pings, the idle timeout and the frame size limit, with short settings, on both transports. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tracking.security.jwt.secret=" + Api.SECRET,
        "management.server.port=0",
        "tracking.ingest.publish-timeout=15s",
        "tracking.ingest.stream.ping-interval=300ms",
        "tracking.ingest.stream.idle-timeout=2s",
        "tracking.ingest.stream.max-frame-size=1KB",
        StreamTransport.NETTY_ON })
@WithKafka
class StreamKeepAliveIT {

    @Autowired
    ApplicationContext context;

    @Autowired
    StreamConnections connections;

    @Autowired
    MeterRegistry registry;

    final String driverId = "driver-" + UUID.randomUUID();

    @ParameterizedTest
    @EnumSource(StreamTransport.class)
    void shouldKeepAConnectionThatAnswersPingsAndCloseOneThatDoesNot(StreamTransport transport) {
        double idleBefore = idleCloses();
        try (StreamClient answering = StreamClient.connect(transport.port(context), Api.driverToken(driverId));
                StreamClient silent = StreamClient.connect(transport.port(context), Api.driverToken(driverId), false)) {
            // the silent one takes nothing from its socket, so it never answers a ping: closed after 2 s
            await().atMost(Duration.ofSeconds(20)).until(() -> idleCloses() > idleBefore
                    && connections.connectionsOf(driverId).size() == 1);

            // the other one has been pinged all along, answered with pongs, and is still open, idle as it is
            assertThat(answering.pings()).isGreaterThanOrEqualTo(3);
            assertThat(answering.isClosed()).isFalse();
            await().atMost(Duration.ofSeconds(20)).until(() -> answering.pings() >= 12);
            assertThat(answering.isClosed()).isFalse();
            assertThat(connections.connectionsOf(driverId)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(StreamTransport.class)
    void shouldCloseWith1009WhenAFrameIsOverTheSizeLimit(StreamTransport transport) {
        Instant recordedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        try (StreamClient client = StreamClient.connect(transport.port(context), Api.driverToken(driverId))) {
            StringBuilder batch = new StringBuilder("{\"seq\":1,\"pings\":[");
            for (int i = 0; i < 20; i++) {
                batch.append(i == 0 ? "" : ",").append(LocationStreamIT.ping(driverId, recordedAt.minusSeconds(i)));
            }
            client.send(batch.append("]}").toString());

            StreamClient.Closed closed = client.awaitClose(Duration.ofSeconds(20));

            assertThat(closed.code()).isEqualTo(1009);
            assertThat(client.answers()).isEmpty();
        }
    }

    private double idleCloses() {
        var counter = registry.find("tracking.ingest.stream.closes").tag("reason", "idle").counter();
        return counter == null ? 0 : counter.count();
    }
}
