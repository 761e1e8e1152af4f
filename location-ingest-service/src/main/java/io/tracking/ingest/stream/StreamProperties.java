package io.tracking.ingest.stream;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the WebSocket ingest, under {@code tracking.ingest.stream}. Checked at start-up.
 *
 * @param maxUnacknowledgedFrames frames one connection may have read and not yet answered; at the bound the server
 *        stops reading that connection (TCP then holds the client back) until an answer went out
 * @param maxFrameSize largest text frame; a bigger one closes the connection with 1009. Tomcat holds a buffer of
 *        this many characters (two bytes each) for every connection, idle or not, so it is kept to what a ping frame or
 *        a small batch needs: at 16KB it was two thirds of an idle connection's heap
 * @param maxConnectionsPerDriver connections one driver may hold at once; one more is closed with 1008
 * @param pingInterval how often the server pings a connection (keeps NAT entries and proxies alive)
 * @param idleTimeout a connection from which nothing (no frame, no pong) arrived for this long is closed with 1001
 */
@Validated
@ConfigurationProperties("tracking.ingest.stream")
record StreamProperties(
        @DefaultValue("32") @Min(1) @Max(10_000) int maxUnacknowledgedFrames,
        @DefaultValue("1KB") DataSize maxFrameSize,
        @DefaultValue("2") @Min(1) int maxConnectionsPerDriver,
        @DefaultValue("25s") @DurationMin(millis = 100) Duration pingInterval,
        @DefaultValue("60s") @DurationMin(millis = 200) Duration idleTimeout) {

    StreamProperties {
        if (maxFrameSize.toBytes() < 256 || maxFrameSize.toBytes() > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("tracking.ingest.stream.max-frame-size must be between 256B and 16MB");
        }
    }
}
