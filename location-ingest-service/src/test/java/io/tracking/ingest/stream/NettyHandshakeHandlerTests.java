package io.tracking.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.util.unit.DataSize;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.tracking.ingest.ping.PingIntake;
import io.tracking.ingest.ping.PingIntake.Answer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Netty server's upgrade, on an embedded channel fed with raw bytes: what it refuses and how, and that an upgraded
 * connection is registered and hands its frames to the intake. Tokens are "driver", "customer" or invalid.
 */
class NettyHandshakeHandlerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    private final PingIntake intake = mock(PingIntake.class);
    private final StreamConnections connections = new StreamConnections(new StreamProperties(4,
            DataSize.ofKilobytes(1), 2, Duration.ofSeconds(25), Duration.ofSeconds(60)), Duration.ofSeconds(2),
            new SimpleMeterRegistry());
    private final NettyHandshakeHandler handshake = new NettyHandshakeHandler(NettyHandshakeHandlerTests::decode,
            connections, intake, JSON, 4, 1024);
    private final EmbeddedChannel channel = new EmbeddedChannel();

    NettyHandshakeHandlerTests() {
        handshake.addTo(channel.pipeline());
    }

    /** A stand-in for the application's {@link JwtDecoder}: the token is the role, "bad" does not verify. */
    private static Jwt decode(String token) {
        if (token.equals("bad")) {
            throw new BadJwtException("signature");
        }
        return Jwt.withTokenValue(token).header("alg", "HS256").subject("driver-1")
                .claim("roles", List.of(token)).expiresAt(Instant.now().plusSeconds(600)).build();
    }

    private String request(String text) {
        return request(channel, text);
    }

    /** Sends {@code text} and returns what the server wrote back (a response's head and body are two writes). */
    private static String request(EmbeddedChannel channel, String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
        StringBuilder written = new StringBuilder();
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            written.append(out.toString(StandardCharsets.ISO_8859_1));
            out.release();
        }
        return written.toString();
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "GET /api/v1/locations/stream | none     | 401 | unauthorized",
            "GET /api/v1/locations/stream | bad      | 401 | unauthorized",
            "GET /api/v1/locations/stream | customer | 403 | forbidden",
            "GET /api/v1/locations        | driver   | 404 | not-found",
            "GET /actuator/health         | none     | 404 | not-found",
            "DELETE /api/v1/locations/stream | driver | 405 | method-not-allowed" })
    void shouldRefuseWithAProblemAndHangUp(String requestLine, String token, int status, String type) {
        String response = request(requestLine + " HTTP/1.1\r\nHost: localhost\r\n" + UPGRADE
                + (token.equals("none") ? "" : "Authorization: Bearer " + token + "\r\n") + "\r\n");

        assertThat(response).startsWith("HTTP/1.1 " + status + " ");
        assertThat(response).contains("content-type: application/problem+json");
        JsonNode problem = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).isEqualTo("https://tracking.example/problems/" + type);
        // nothing of the request is echoed
        assertThat(response).doesNotContainIgnoringCase("authorization:").doesNotContain("Bearer " + token);
        assertThat(channel.isOpen()).isFalse();
        assertThat(connections.openConnections()).isZero();
    }

    @Test
    void shouldTellWhyATokenIsMissingOrRefused() {
        assertThat(request("GET /api/v1/locations/stream HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                .contains("www-authenticate: Bearer\r\n");
        EmbeddedChannel other = new EmbeddedChannel();
        handshake.addTo(other.pipeline());
        assertThat(request(other, "GET /api/v1/locations/stream HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer bad\r\n\r\n")).contains("www-authenticate: Bearer error=\"invalid_token\"");
    }

    @Test
    void shouldRefuseWhatIsNotACompleteWebSocketUpgrade() {
        assertThat(request("GET /api/v1/locations/stream HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer driver\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        EmbeddedChannel noKey = new EmbeddedChannel();
        handshake.addTo(noKey.pipeline());
        assertThat(request(noKey, "GET /api/v1/locations/stream HTTP/1.1\r\nHost: localhost\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer driver\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void shouldAnswer426ForAnotherWebSocketVersion() {
        String response = request("GET /api/v1/locations/stream HTTP/1.1\r\nHost: localhost\r\n"
                + UPGRADE.replace("Version: 13", "Version: 99") + "Authorization: Bearer driver\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 426 ").contains("sec-websocket-version: 13");
    }

    @Test
    void shouldUpgradeRegisterTheDriversConnectionAndHandItsTextFramesOver() {
        when(intake.submit(any(), eq("driver-1"))).thenReturn(
                CompletableFuture.completedFuture(new Answer(1L, 202, Map.of("driverId", "driver-1"))));

        String response = request("GET /api/v1/locations/stream?v=1 HTTP/1.1\r\nHost: localhost\r\n" + UPGRADE
                + "Authorization: Bearer driver\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 101 ");
        assertThat(connections.connectionsOf("driver-1")).hasSize(1);
        assertThat(channel.pipeline().names()).contains("frames", "read-gate").doesNotContain("handshake", "http");

        channel.writeInbound(clientFrame(new TextWebSocketFrame("{\"seq\":1}")));
        verify(intake).submit("{\"seq\":1}".getBytes(StandardCharsets.UTF_8), "driver-1");
        StringBuilder answer = new StringBuilder();
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            answer.append(out.toString(StandardCharsets.UTF_8));
            out.release();
        }
        assertThat(answer).contains("{\"seq\":1,\"status\":202,");

        channel.writeInbound(clientFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] { 1 }))));
        ByteBuf close = channel.readOutbound();
        // a server frame: FIN + opcode 8, unmasked, then the status code 1003
        assertThat(close.getByte(0) & 0xff).isEqualTo(0x88);
        assertThat(close.getUnsignedShort(2)).isEqualTo(1003);
        close.release();

        channel.close();
        assertThat(connections.connectionsOf("driver-1")).isEmpty();
    }

    /** {@code frame} as a client sends it: masked. */
    private static ByteBuf clientFrame(WebSocketFrame frame) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        client.writeOutbound(frame);
        ByteBuf header = client.readOutbound();
        ByteBuf payload = client.readOutbound();
        return payload == null ? header : Unpooled.wrappedBuffer(header, payload);
    }
}
