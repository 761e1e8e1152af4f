package io.tracking.ingest.stream;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.tracking.auth.Role;
import io.tracking.auth.RolesAuthenticationConverter;
import io.tracking.contract.ProblemTypes;
import io.tracking.ingest.ping.PingIntake;
import io.tracking.ingest.system.Problems;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of the Netty server: checks an upgrade request as the service's security chain and Spring's
 * handshake do for Tomcat, then upgrades the connection and registers it with {@link StreamConnections}. One
 * instance serves every connection; it keeps nothing per connection.
 *
 * <p>Checks, in order: the path ({@code 404}), the bearer token, verified by the application's {@link JwtDecoder}
 * ({@code 401}), the driver role, read by tracking-auth's {@link RolesAuthenticationConverter} as for every request
 * of the service ({@code 403}), the method ({@code 405}), the upgrade itself ({@code 400}, or {@code 426} for a
 * WebSocket version other than 13). Refusals are {@code application/problem+json} with the type URIs of the REST
 * errors, and the connection is closed after them. Neither the token nor anything else the client sent is logged.
 *
 * <p>The token is verified on the event loop: with a secret that is a signature check (and the decoder caches
 * verified tokens); with a JWKS URI the decoder fetches the key set when a token names a key it does not know yet,
 * which then holds the loop for that fetch, once per key rotation.
 */
@Sharable
final class NettyHandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(NettyHandshakeHandler.class);

    /** A client that has not sent its upgrade request within this time is cut. */
    private static final int HANDSHAKE_TIMEOUT_SECONDS = 10;
    private static final String HANDSHAKE_TIMEOUT = "handshake-timeout";
    private static final String FRAMES = "frames";
    private static final String BEARER = "bearer ";
    private static final String REFUSED = "The request was refused before it reached the API. It was not accepted.";

    private final JwtDecoder decoder;
    private final RolesAuthenticationConverter roles = new RolesAuthenticationConverter();
    private final WebSocketServerHandshakerFactory handshakers;
    private final StreamConnections connections;
    private final PingIntake intake;
    private final JsonMapper mapper;
    private final int maxUnacknowledged;
    private final int maxFrameBytes;
    private final AtomicLong ids = new AtomicLong();

    /** Whom a connection belongs to, until when. */
    private record Driver(String id, Instant tokenExpiresAt) {
    }

    NettyHandshakeHandler(JwtDecoder decoder, StreamConnections connections, PingIntake intake, JsonMapper mapper,
            int maxUnacknowledged, int maxFrameBytes) {
        this.decoder = decoder;
        this.connections = connections;
        this.intake = intake;
        this.mapper = mapper;
        this.maxUnacknowledged = maxUnacknowledged;
        this.maxFrameBytes = maxFrameBytes;
        WebSocketDecoderConfig frames = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxFrameBytes)
                .expectMaskedFrames(true)
                .allowExtensions(false)
                .closeOnProtocolViolation(true)
                .withUTF8Validator(true)
                .build();
        this.handshakers = new WebSocketServerHandshakerFactory(StreamConfiguration.PATH, null, frames);
    }

    /**
     * The pipeline of a new connection until its upgrade: the HTTP codec (request line and headers of a few KiB at
     * most), an aggregator that takes no body (an upgrade request has none), the handshake deadline and this handler.
     */
    void addTo(ChannelPipeline pipeline) {
        pipeline.addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(4096)
                        .setMaxHeaderSize(8192)))
                .addLast("http-aggregator", new HttpObjectAggregator(0))
                .addLast(HANDSHAKE_TIMEOUT, new ReadTimeoutHandler(HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .addLast("handshake", this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            refuse(context, HttpResponseStatus.BAD_REQUEST, Problems.BAD_REQUEST, REFUSED);
            return;
        }
        if (!StreamConfiguration.PATH.equals(new QueryStringDecoder(request.uri()).path())) {
            refuse(context, HttpResponseStatus.NOT_FOUND, Problems.NOT_FOUND, REFUSED);
            return;
        }
        Driver driver = authenticate(context, request);
        if (driver == null) {
            return;
        }
        WebSocketServerHandshaker handshaker = handshaker(context, request);
        if (handshaker != null) {
            upgrade(context, request, handshaker, driver);
        }
    }

    /** The driver the request's token names, or null after answering 401 or 403. */
    private @Nullable Driver authenticate(ChannelHandlerContext context, FullHttpRequest request) {
        String token = bearerToken(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (token == null) {
            unauthorized(context, "Bearer", "A bearer token is required.");
            return null;
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException e) {
            log.debug("Stream handshake with a token that does not verify: {}", e.getClass().getSimpleName());
            unauthorized(context, "Bearer error=\"invalid_token\"", "The bearer token is malformed, expired, not "
                    + "signed by a trusted key or not issued for this service.");
            return null;
        }
        AbstractAuthenticationToken caller = roles.convert(jwt);
        if (caller.getAuthorities().stream().noneMatch(a -> Role.DRIVER.authority().equals(a.getAuthority()))) {
            refuse(context, HttpResponseStatus.FORBIDDEN, Problems.FORBIDDEN,
                    "The token is valid but does not allow this request.");
            return null;
        }
        Instant expiresAt = jwt.getExpiresAt();
        return new Driver(caller.getName(), expiresAt == null ? Instant.MAX : expiresAt);
    }

    /** The handshaker for a WebSocket upgrade request, or null after answering 405, 400 or 426. */
    private @Nullable WebSocketServerHandshaker handshaker(ChannelHandlerContext context, FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method())) {
            FullHttpResponse response = problem(HttpResponseStatus.METHOD_NOT_ALLOWED, Problems.METHOD_NOT_ALLOWED,
                    REFUSED);
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
            send(context, response);
            return null;
        }
        if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            refuse(context, HttpResponseStatus.BAD_REQUEST, Problems.BAD_REQUEST,
                    "This path takes WebSocket upgrade requests only. It was not accepted.");
            return null;
        }
        WebSocketServerHandshaker handshaker = handshakers.newHandshaker(request);
        if (handshaker == null) {
            FullHttpResponse response = problem(HttpResponseStatus.UPGRADE_REQUIRED, ProblemTypes.of("http-426"),
                    "Only WebSocket version 13 is supported. It was not accepted.");
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
            send(context, response);
        }
        return handshaker;
    }

    /**
     * Swaps this handler for the connection's own ones and answers 101. The connection is registered only once the
     * 101 is out, so that a refusal (per-driver limit, shutdown) can be a close frame.
     */
    private void upgrade(ChannelHandlerContext context, FullHttpRequest request, WebSocketServerHandshaker handshaker,
            Driver driver) {
        NettyStreamChannel channel = new NettyStreamChannel("netty-" + Long.toHexString(ids.incrementAndGet()),
                context.channel());
        DriverConnection connection = new DriverConnection(channel, driver.id(), maxUnacknowledged, intake, mapper,
                connections.metrics());
        ChannelPipeline pipeline = context.pipeline();
        pipeline.remove(HANDSHAKE_TIMEOUT);
        pipeline.replace(this, FRAMES, new NettyFrameHandler(channel, connection, connections));
        // fragments of a message are joined up to the same limit as a single frame
        pipeline.addBefore(FRAMES, "message", new WebSocketFrameAggregator(maxFrameBytes));
        pipeline.addBefore(FRAMES, "read-gate", new ReadGate());
        try {
            handshaker.handshake(context.channel(), request).addListener(upgraded -> {
                if (upgraded.isSuccess()) {
                    connections.opened(connection, driver.tokenExpiresAt());
                } else {
                    context.channel().close();
                }
            });
        } catch (WebSocketHandshakeException e) {
            // no Sec-WebSocket-Key, or no "Connection: upgrade": checked before anything was changed on the wire
            refuse(context, HttpResponseStatus.BAD_REQUEST, Problems.BAD_REQUEST,
                    "The WebSocket upgrade request is incomplete. It was not accepted.");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.debug("A stream connection failed before its upgrade", cause);
        context.close();
    }

    private static @Nullable String bearerToken(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private void unauthorized(ChannelHandlerContext context, String challenge, String detail) {
        FullHttpResponse response = problem(HttpResponseStatus.UNAUTHORIZED, ProblemTypes.of("unauthorized"), detail);
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
        send(context, response);
    }

    private void refuse(ChannelHandlerContext context, HttpResponseStatus status, URI type, String detail) {
        send(context, problem(status, type, detail));
    }

    private FullHttpResponse problem(HttpResponseStatus status, URI type, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.toString());
        problem.put("title", status.reasonPhrase());
        problem.put("status", status.code());
        problem.put("detail", detail);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(mapper.writeValueAsBytes(problem)));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    private static void send(ChannelHandlerContext context, FullHttpResponse response) {
        context.channel().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
