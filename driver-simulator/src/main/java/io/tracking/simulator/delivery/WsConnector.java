package io.tracking.simulator.delivery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Opens the WebSocket connections of every driver of a {@link WsPingSender} on a few event-loop threads of its own
 * ({@code simulator-ws-io-N}, daemons): one thread serves thousands of connections, so a fleet of tens of thousands
 * costs a handful of threads and nothing runs on the common {@code ForkJoinPool} (the JDK client completes part of
 * its work there, and stalls when a caller holds that pool's workers).
 *
 * <p>Source addresses: one local address gives one connection per ephemeral port to a given server address and port
 * (about 28,000 with Linux's default range), so for more connections the local address is rotated over the given
 * ones (on loopback any of {@code 127.0.0.0/8}); with none the system picks it.
 *
 * <p>I/O: Linux's epoll through Netty's native transport where its library loads, which costs the load generator less
 * per frame than the JDK's selector (and so leaves more of a shared machine to the system it measures); elsewhere,
 * or with {@code -Dio.netty.transport.noNative=true}, NIO.
 */
final class WsConnector {

    /** Answers are tiny; a bigger frame from the server is a protocol error that closes the connection. */
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 16 * 1024;

    private final URI endpoint;
    private final List<InetAddress> sourceAddresses;
    private final AtomicInteger nextSource = new AtomicInteger();
    private final @Nullable SslContext tls;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    WsConnector(URI endpoint, List<InetAddress> sourceAddresses, Duration connectTimeout, int threads) {
        this.endpoint = endpoint;
        this.sourceAddresses = List.copyOf(sourceAddresses);
        this.tls = "wss".equals(endpoint.getScheme()) ? clientTls() : null;
        this.group = new MultiThreadIoEventLoopGroup(threads, threadFactory(),
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        connectTimeout.toMillis()))
                // one small frame per ping: send it now rather than wait to fill a segment
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /** The loop a new driver's connections and timers run on; drivers are spread over the loops in turn. */
    EventLoop nextLoop() {
        return group.next();
    }

    /**
     * Starts a connection on {@code loop} with {@code token}: TCP connect, then the upgrade request, whose outcome
     * and every frame after it go to {@code stream} through a {@link DriverChannelHandler}.
     */
    ChannelFuture connect(EventLoop loop, String token, DriverStream stream) {
        HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(endpoint,
                WebSocketVersion.V13, null, false, headers, MAX_FRAME_BYTES);
        Bootstrap connection = bootstrap.clone(loop).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                ChannelPipeline pipeline = channel.pipeline();
                if (tls != null) {
                    pipeline.addLast(tls.newHandler(channel.alloc(), endpoint.getHost(), port()));
                }
                pipeline.addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES),
                        new WebSocketFrameAggregator(MAX_FRAME_BYTES), new DriverChannelHandler(handshaker, stream));
            }
        });
        InetSocketAddress remote = InetSocketAddress.createUnresolved(endpoint.getHost(), port());
        if (sourceAddresses.isEmpty()) {
            return connection.connect(remote);
        }
        InetAddress source = sourceAddresses.get(Math.floorMod(nextSource.getAndIncrement(), sourceAddresses.size()));
        return connection.connect(remote, new InetSocketAddress(source, 0));
    }

    private int port() {
        return endpoint.getPort() >= 0 ? endpoint.getPort() : "wss".equals(endpoint.getScheme()) ? 443 : 80;
    }

    /**
     * Stops the event loops, which closes every connection still open, and waits for that at most {@code wait}.
     *
     * @return whether the threads ended in time
     */
    boolean close(Duration wait) {
        // no quiet period: the tasks already queued (the streams' closing frames) still run before the loops stop
        return group.shutdownGracefully(0, wait.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(wait.toMillis() + 1_000);
    }

    private static ThreadFactory threadFactory() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            // Netty's own thread type: its thread-locals (buffer caches) are faster on it
            Thread thread = new FastThreadLocalThread(runnable, "simulator-ws-io-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static SslContext clientTls() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for wss: " + e.getMessage(), e);
        }
    }
}
