package io.tracking.ingest.stream;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * A connection of the Netty server as a {@link StreamChannel}. Everything that touches the channel's state runs on its
 * event loop (callers on other threads hand it over), so a close and the answers around it keep their order: once the
 * close frame is out, no data frame follows it (RFC 6455, section 5.5.1), and answers still arriving fail as written
 * to a closed connection would.
 *
 * <p>Reading is suspended with the channel's auto-read; {@link ReadGate} holds what the last socket read had already
 * brought. Resuming is always handed to the event loop, also from the event loop itself: it delivers the held frames,
 * and doing that inside {@link DriverConnection}'s completion of a write would re-enter it.
 *
 * <p>Closing: the server sends its close frame, reads on (discarding data frames) until the client's close frame
 * arrives, then closes the TCP connection; a client that does not answer within {@link #CLOSE_TIMEOUT_MILLIS} is cut.
 * Closing only after the client answered keeps its unread frames from turning the close into a reset that would
 * lose the close frame.
 */
final class NettyStreamChannel implements StreamChannel {

    /** How long the server waits for the client's close frame (Tomcat's blocking-send bound for a close, too). */
    static final long CLOSE_TIMEOUT_MILLIS = 2_000;

    private static final ClosedChannelException CLOSED = new ClosedChannelException();

    private final String id;
    private final Channel channel;
    private volatile boolean readingWanted = true;
    private volatile boolean closeSent;

    NettyStreamChannel(String id, Channel channel) {
        this.id = id;
        this.channel = channel;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return channel.isActive() && !closeSent;
    }

    /** Whether the server sent its close frame, or echoed the client's; data frames are ignored from then on. */
    boolean closing() {
        return closeSent;
    }

    @Override
    public void sendText(String text, Consumer<@Nullable Throwable> sent) {
        if (!onEventLoop(() -> write(text, sent))) {
            sent.accept(CLOSED);
        }
    }

    private void write(String text, Consumer<@Nullable Throwable> sent) {
        if (closeSent || !channel.isActive()) {
            sent.accept(CLOSED);
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(ByteBufUtil.writeUtf8(channel.alloc(), text)))
                .addListener(written -> sent.accept(written.cause()));
    }

    @Override
    public void suspendReading() {
        readingWanted = false;
        // takes effect at once, also from another thread: ReadGate holds the frames decoded after this
        channel.config().setAutoRead(false);
    }

    @Override
    public void resumeReading() {
        readingWanted = true;
        try {
            channel.eventLoop().execute(() -> {
                // a suspension may have come after this resumption was handed over (shutdown drains)
                if (readingWanted && !closeSent) {
                    channel.config().setAutoRead(true);
                }
            });
        } catch (RejectedExecutionException e) {
            // the server's event loops are shutting down: nothing is read any more anyway
        }
    }

    @Override
    public void ping() {
        // a client that reads nothing must not pile up pings in the server's outbound buffer
        if (channel.isWritable()) {
            channel.writeAndFlush(new PingWebSocketFrame());
        }
    }

    @Override
    public void close(StreamClose close) {
        onEventLoop(() -> {
            if (closeSent || !channel.isActive()) {
                return;
            }
            closeSent = true;
            channel.writeAndFlush(new CloseWebSocketFrame(close.code(), close.reason()));
            // read the client's close frame even if reading was suspended
            channel.config().setAutoRead(true);
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    /** The client's close frame arrived: the answer to the server's, or the client's own, which is echoed. */
    void closedByClient(CloseWebSocketFrame frame) {
        if (closeSent) {
            channel.close();
            return;
        }
        closeSent = true;
        channel.writeAndFlush(new CloseWebSocketFrame(true, frame.rsv(), frame.content().retain()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private boolean onEventLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
            return true;
        }
        try {
            channel.eventLoop().execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            // the server's event loops are shutting down: the connection is gone with them
            return false;
        }
    }
}
