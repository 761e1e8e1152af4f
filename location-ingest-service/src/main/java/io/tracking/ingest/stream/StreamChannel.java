package io.tracking.ingest.stream;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * One WebSocket connection as {@link DriverConnection} and {@link StreamConnections} need it, whatever server carries
 * it (Tomcat through Spring's WebSocket support, or the Netty server). Every method may be called from any thread and
 * returns without waiting for the client.
 */
interface StreamChannel {

    /** Unique among the open connections of both transports. */
    String id();

    boolean isOpen();

    /**
     * Writes one text frame; {@code sent} is called once it is on the socket (with null) or could not be written (with
     * the cause), possibly on the calling thread. The caller writes the next frame only after that call.
     */
    void sendText(String text, Consumer<@Nullable Throwable> sent);

    /** Takes no further frame from the socket, so that TCP flow control holds the client back. */
    void suspendReading();

    /** Undoes {@link #suspendReading()}. */
    void resumeReading();

    /** Sends an empty keep-alive ping; the client's pong is reported to {@link DriverConnection#heard()}. */
    void ping();

    /** Starts the closing handshake with {@code close}; later calls do nothing. */
    void close(StreamClose close);
}
