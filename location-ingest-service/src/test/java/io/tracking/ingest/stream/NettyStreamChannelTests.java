package io.tracking.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** The closing handshake and the reading switch of a Netty connection, on an embedded channel. */
class NettyStreamChannelTests {

    private final EmbeddedChannel embedded = new EmbeddedChannel();
    private final NettyStreamChannel channel = new NettyStreamChannel("netty-1", embedded);
    private final List<@Nullable Throwable> sent = new ArrayList<>();

    @Test
    void shouldWriteNoAnswerAfterItsCloseFrameAndCloseOnceTheClientAnswered() {
        channel.sendText("{\"seq\":1}", sent::add);
        channel.close(StreamClose.policyViolation("token expired"));
        channel.sendText("{\"seq\":2}", sent::add);

        TextWebSocketFrame answer = embedded.readOutbound();
        assertThat(answer.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"seq\":1}");
        answer.release();
        CloseWebSocketFrame close = embedded.readOutbound();
        assertThat(close.statusCode()).isEqualTo(1008);
        assertThat(close.reasonText()).isEqualTo("token expired");
        close.release();
        assertThat((Object) embedded.readOutbound()).isNull();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isNull();
        assertThat(sent.get(1)).isInstanceOf(ClosedChannelException.class);
        // the client's close frame is awaited (and read, even if reading was suspended)
        assertThat(embedded.isOpen()).isTrue();
        assertThat(embedded.config().isAutoRead()).isTrue();
        assertThat(channel.isOpen()).isFalse();

        channel.closedByClient(new CloseWebSocketFrame(1008, "token expired"));

        assertThat(embedded.isOpen()).isFalse();
    }

    @Test
    void shouldCutAClientThatDoesNotAnswerTheClose() {
        channel.close(StreamClose.goingAway("idle timeout"));
        embedded.advanceTimeBy(NettyStreamChannel.CLOSE_TIMEOUT_MILLIS - 1, TimeUnit.MILLISECONDS);
        embedded.runScheduledPendingTasks();
        assertThat(embedded.isOpen()).isTrue();

        embedded.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        embedded.runScheduledPendingTasks();

        assertThat(embedded.isOpen()).isFalse();
    }

    @Test
    void shouldEchoTheClientsCloseAndHangUp() {
        channel.closedByClient(new CloseWebSocketFrame(1000, "bye"));

        CloseWebSocketFrame echo = embedded.readOutbound();
        assertThat(echo.statusCode()).isEqualTo(1000);
        echo.release();
        assertThat(embedded.isOpen()).isFalse();
    }

    @Test
    void shouldResumeReadingOnlyOnTheEventLoopAndNotOverASuspensionThatCameLater() {
        channel.suspendReading();
        assertThat(embedded.config().isAutoRead()).isFalse();

        channel.resumeReading();
        // handed over, not done inside the caller (DriverConnection's write completion)
        assertThat(embedded.config().isAutoRead()).isFalse();
        channel.suspendReading();
        embedded.runPendingTasks();
        assertThat(embedded.config().isAutoRead()).isFalse();

        channel.resumeReading();
        embedded.runPendingTasks();
        assertThat(embedded.config().isAutoRead()).isTrue();
    }
}
