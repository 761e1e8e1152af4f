package io.tracking.ingest.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import jakarta.websocket.Session;

import org.apache.tomcat.websocket.WsSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * A Tomcat WebSocket session as a {@link StreamChannel}: answers go through the container's asynchronous send,
 * reading is suspended with {@link WsSession#suspend()}, and closes through Spring's session (which also tells
 * {@link StreamHandler} that the connection is gone).
 */
final class TomcatStreamChannel implements StreamChannel {

    private static final Logger log = LoggerFactory.getLogger(TomcatStreamChannel.class);

    private final WebSocketSession session;
    private final Session nativeSession;

    TomcatStreamChannel(WebSocketSession session, Session nativeSession) {
        this.session = session;
        this.nativeSession = nativeSession;
    }

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public boolean isOpen() {
        return nativeSession.isOpen();
    }

    @Override
    public void sendText(String text, Consumer<@Nullable Throwable> sent) {
        try {
            nativeSession.getAsyncRemote().sendText(text, result -> sent.accept(result.getException()));
        } catch (RuntimeException e) {
            // the connection is closing or closed
            sent.accept(e);
        }
    }

    @Override
    public void suspendReading() {
        if (nativeSession instanceof WsSession tomcat && tomcat.isOpen()) {
            tomcat.suspend();
        }
    }

    @Override
    public void resumeReading() {
        if (nativeSession instanceof WsSession tomcat && tomcat.isOpen()) {
            tomcat.resume();
        }
    }

    @Override
    public void ping() {
        try {
            nativeSession.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } catch (IOException | RuntimeException e) {
            log.debug("Keep-alive ping to a stream connection failed", e);
        }
    }

    @Override
    public void close(StreamClose close) {
        try {
            session.close(new CloseStatus(close.code(), close.reason()));
        } catch (IOException | RuntimeException e) {
            log.debug("Closing a stream connection failed", e);
        }
    }
}
