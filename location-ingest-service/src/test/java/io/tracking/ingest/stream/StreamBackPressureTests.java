package io.tracking.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;

import org.apache.tomcat.websocket.WsSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.WebSocketSession;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.ingest.ping.PingIntake;
import io.tracking.ingest.ping.PingIntake.Answer;
import tools.jackson.databind.json.JsonMapper;

/** The bound of unanswered frames of one connection, with the container and Kafka replaced by fakes. */
class StreamBackPressureTests {

    private static final int BOUND = 3;

    private final WsSession container = mock(WsSession.class);
    private final RemoteEndpoint.Async remote = mock(RemoteEndpoint.Async.class);
    private final PingIntake intake = mock(PingIntake.class);
    /** Kafka's pending acknowledgements, in the order the frames arrived. */
    private final List<CompletableFuture<Answer>> acks = new ArrayList<>();
    /** Answers handed to the container and not yet reported written. */
    private final List<String> writing = new ArrayList<>();
    private final List<SendHandler> written = new ArrayList<>();
    private DriverConnection connection;

    @BeforeEach
    void setUp() {
        when(container.isOpen()).thenReturn(true);
        when(container.getAsyncRemote()).thenReturn(remote);
        doAnswer(call -> {
            writing.add(call.getArgument(0));
            written.add(call.getArgument(1));
            return null;
        }).when(remote).sendText(anyString(), any(SendHandler.class));
        when(intake.submit(any(), anyString())).thenAnswer(call -> {
            CompletableFuture<Answer> ack = new CompletableFuture<>();
            acks.add(ack);
            return ack;
        });
        StreamConnections connections = new StreamConnections(new StreamProperties(BOUND,
                org.springframework.util.unit.DataSize.ofKilobytes(16), 2, Duration.ofSeconds(25),
                Duration.ofSeconds(60)), Duration.ofSeconds(2), new SimpleMeterRegistry());
        connection = new DriverConnection(new TomcatStreamChannel(mock(WebSocketSession.class), container), "driver-1",
                BOUND, intake, JsonMapper.builder().build(), connections.metrics());
    }

    private void frame() {
        connection.received("{}".getBytes(StandardCharsets.UTF_8));
    }

    private static Answer accepted(long seq) {
        return new Answer(seq, 202, Map.of("driverId", "driver-1"));
    }

    /** The container reports the oldest answer it was given as written to the socket. */
    private void writeOne() {
        written.remove(0).onResult(new SendResult());
        writing.remove(0);
    }

    @Test
    void shouldStopReadingAtTheBoundAndResumeOnlyOnceAnAnswerIsWritten() {
        frame();
        frame();
        verify(container, never()).suspend();

        frame();
        verify(container).suspend();
        assertThat(connection.unacknowledged()).isEqualTo(BOUND);

        // Kafka acknowledged, but the client has not taken the answer yet: still at the bound, still not reading
        acks.get(0).complete(accepted(1));
        assertThat(writing).containsExactly("{\"seq\":1,\"status\":202,\"driverId\":\"driver-1\"}");
        verify(container, never()).resume();

        writeOne();
        verify(container).resume();
        assertThat(connection.unacknowledged()).isEqualTo(BOUND - 1);
        assertThat(connection.mostUnacknowledged()).isEqualTo(BOUND);
    }

    @Test
    void shouldWriteOneAnswerAtATimeInTheOrderTheyWereProduced() {
        frame();
        frame();
        acks.get(1).complete(accepted(2));
        acks.get(0).complete(accepted(1));

        assertThat(writing).hasSize(1).allSatisfy(text -> assertThat(text).startsWith("{\"seq\":2,"));
        writeOne();
        assertThat(writing).hasSize(1).allSatisfy(text -> assertThat(text).startsWith("{\"seq\":1,"));
        writeOne();
        assertThat(connection.unacknowledged()).isZero();
        verify(remote, times(2)).sendText(anyString(), any(SendHandler.class));
    }

    @Test
    void shouldCountAnAnswerThatCouldNotBeWrittenAsDone() {
        frame();
        acks.get(0).complete(accepted(1));

        written.remove(0).onResult(new SendResult(new java.io.IOException("connection reset")));

        assertThat(connection.unacknowledged()).isZero();
    }

    @Test
    void shouldStopReadingForShutdownAndReportWhenEveryFrameReadWasAnswered() {
        frame();
        frame();

        CompletableFuture<Void> drained = connection.drain();

        verify(container).suspend();
        assertThat(drained).isNotDone();
        acks.get(0).complete(accepted(1));
        acks.get(1).complete(new Answer(2L, 503, Map.of("type", "https://tracking.example/problems/unavailable")));
        writeOne();
        assertThat(drained).isNotDone();
        writeOne();
        assertThat(drained).isDone();
        // shutting down: reading is not resumed although the connection is below its bound
        verify(container, never()).resume();
    }
}
