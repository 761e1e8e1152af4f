package io.tracking.ingest.stream;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * The WebSocket ingest on a Netty server of its own, beside Tomcat's: same path, protocol and limits, on
 * {@code tracking.ingest.stream.netty.port} (see {@link NettyStreamConfiguration}), so that both transports can be
 * measured on one stack. Connections share {@link StreamConnections} with Tomcat's (per-driver limit across both,
 * keep-alive, token expiry, graceful shutdown); the HTTP upgrade is {@link NettyHandshakeHandler}, frames are
 * {@link NettyFrameHandler}.
 *
 * <p>Threads: {@code threads} event loops ({@code ingest-stream-netty-N}) read, check and publish every frame; Kafka
 * sends are asynchronous, so a loop only waits when the producer has no topic metadata or no buffer space, for at
 * most {@code max.block.ms} (500 ms), after which the publisher answers 503 at once for {@code retry-after}: during
 * such an outage a loop is held at most that long per {@code retry-after}, and every frame is answered 503 anyway.
 * Handing every frame to another thread instead would bring back the hand-off this transport is there to save.
 * Answers are written from the producer's callback thread, which hands them to the loop.
 *
 * <p>I/O: Linux's epoll through Netty's native transport where its library loads (x86-64 and ARM64 Linux), which
 * costs less per frame than the JDK's selector; elsewhere, or with {@code -Dio.netty.transport.noNative=true}, NIO.
 *
 * <p>Memory: a connection holds no buffer while idle (reads go into pooled buffers released after decoding, one read
 * is at most {@value #MAX_READ_BYTES} bytes), and no thread or executor of its own.
 *
 * <p>Shutdown: this lifecycle stops before {@link StreamConnections} (it depends on it, and Spring stops dependents
 * first): it closes the listening socket, so no connection comes in while the open ones drain; then
 * {@link StreamConnections} answers what was read and closes them with 1001; the event loops are shut down last, when
 * the bean is destroyed.
 */
final class NettyStreamServer implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NettyStreamServer.class);
    private static final int MAX_READ_BYTES = 16 * 1024;

    private final @Nullable InetAddress address;
    private final int requestedPort;
    private final EventLoopGroup loops;
    private final ServerBootstrap bootstrap;
    private volatile @Nullable Channel listener;
    private volatile int port = -1;

    NettyStreamServer(@Nullable InetAddress address, int port, int threads, NettyHandshakeHandler handshake) {
        this.address = address;
        this.requestedPort = port;
        this.loops = new MultiThreadIoEventLoopGroup(threads, threadFactory(),
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.bootstrap = new ServerBootstrap()
                .group(loops)
                .channel(Epoll.isAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                // an answer is one small frame: send it now rather than wait to fill a segment
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 1024,
                        MAX_READ_BYTES))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        handshake.addTo(channel.pipeline());
                    }
                });
    }

    /** The port it listens on (the ephemeral one when configured with 0); -1 when not started. */
    int port() {
        return port;
    }

    @Override
    public void start() {
        InetSocketAddress local = address == null ? new InetSocketAddress(requestedPort)
                : new InetSocketAddress(address, requestedPort);
        Channel bound = bootstrap.bind(local).syncUninterruptibly().channel();
        listener = bound;
        port = ((InetSocketAddress) bound.localAddress()).getPort();
        log.info("WebSocket ingest also served by Netty on port {} ({})", port, Epoll.isAvailable() ? "epoll" : "NIO");
    }

    @Override
    public void stop() {
        Channel bound = listener;
        if (bound != null) {
            bound.close().syncUninterruptibly();
            listener = null;
        }
    }

    @Override
    public boolean isRunning() {
        return listener != null;
    }

    /** Same phase as {@link StreamConnections}; the dependency on it orders the two. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** After every lifecycle stopped: the connections are closed by now, their last frames written. */
    @Override
    public void destroy() {
        // no quiet period: tasks already queued (close frames, the last writes) still run before the loops end
        loops.shutdownGracefully(0, NettyStreamChannel.CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(NettyStreamChannel.CLOSE_TIMEOUT_MILLIS + 1_000);
    }

    private static ThreadFactory threadFactory() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            // Netty's own thread type: its thread-locals (buffer caches) are faster on it
            Thread thread = new FastThreadLocalThread(runnable, "ingest-stream-netty-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
