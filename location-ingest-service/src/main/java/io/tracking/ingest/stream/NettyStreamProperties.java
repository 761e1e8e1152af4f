package io.tracking.ingest.stream;

import java.net.InetAddress;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Netty transport of the WebSocket ingest, under {@code tracking.ingest.stream.netty}; bound only
 * when {@code port} is set (see {@link NettyStreamConfiguration}). Everything else (frame size, bound of unanswered
 * frames, keep-alive, per-driver limit) is shared with the Tomcat transport, in {@link StreamProperties}.
 *
 * @param port the port of the Netty server, 0 for an ephemeral one (tests)
 * @param address the address it listens on; by default {@code server.address}, or every address when that is unset
 * @param threads event-loop threads: one serves thousands of connections, so more only help with more cores than
 *        the rest of the service keeps busy
 */
@Validated
@ConfigurationProperties("tracking.ingest.stream.netty")
record NettyStreamProperties(
        @Min(0) @Max(65_535) int port,
        @Nullable InetAddress address,
        @DefaultValue("1") @Min(1) @Max(64) int threads) {
}
