package io.tracking.ingest.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.websocket.Session;

import org.apache.tomcat.websocket.Constants;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import io.tracking.ingest.ping.PingIntake;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/locations/stream}. The handshake passed the service's security chain (a valid bearer token
 * with the driver role, else 401/403 before the upgrade), so the connection belongs to the token's subject until the
 * token expires. Text frames only: a binary frame closes the connection with 1003.
 */
final class StreamHandler extends AbstractWebSocketHandler {

    private static final Long BLOCKING_SEND_TIMEOUT_MILLIS = 2_000L;

    private final StreamConnections connections;
    private final PingIntake intake;
    private final JsonMapper mapper;
    private final int maxUnacknowledged;

    StreamHandler(StreamConnections connections, PingIntake intake, JsonMapper mapper, int maxUnacknowledged) {
        this.connections = connections;
        this.intake = intake;
        this.mapper = mapper;
        this.maxUnacknowledged = maxUnacknowledged;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        if (!(session.getPrincipal() instanceof JwtAuthenticationToken caller)
                || !(session instanceof NativeWebSocketSession nativeSession)
                || !(nativeSession.getNativeSession() instanceof Session container)) {
            session.close(CloseStatus.POLICY_VIOLATION.withReason("no driver token"));
            return;
        }
        // Keep-alive pings and close frames are blocking sends in Tomcat: bound them well below its 20 s default,
        // so that a client that stopped reading holds the keep-alive thread for 2 s at most.
        container.getUserProperties().put(Constants.BLOCKING_SEND_TIMEOUT_PROPERTY, BLOCKING_SEND_TIMEOUT_MILLIS);
        Instant expiresAt = caller.getToken().getExpiresAt();
        DriverConnection connection = new DriverConnection(new TomcatStreamChannel(session, container),
                caller.getName(), maxUnacknowledged, intake, mapper, connections.metrics());
        connections.opened(connection, expiresAt == null ? Instant.MAX : expiresAt);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        DriverConnection connection = connections.connection(session.getId());
        if (connection != null) {
            connection.received(message.getPayload().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        DriverConnection connection = connections.connection(session.getId());
        if (connection != null) {
            connection.heard();
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
        session.close(CloseStatus.NOT_ACCEPTABLE.withReason("text frames only"));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        connections.closed(session.getId());
    }
}
