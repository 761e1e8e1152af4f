package io.tracking.ingest.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * The last handler of an upgraded connection of the Netty server: what {@link StreamHandler} is to Tomcat. Text
 * frames go to the {@link DriverConnection} as bytes, pongs count as a sign of life, a binary frame closes with 1003
 * and a message over {@code max-frame-size} with 1009 (a single frame over it is refused by the decoder already, with
 * the same code). Runs on the connection's event loop.
 */
final class NettyFrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger log = LoggerFactory.getLogger(NettyFrameHandler.class);

    private final NettyStreamChannel channel;
    private final DriverConnection connection;
    private final StreamConnections connections;

    NettyFrameHandler(NettyStreamChannel channel, DriverConnection connection, StreamConnections connections) {
        this.channel = channel;
        this.connection = connection;
        this.connections = connections;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            // a connection refused at registration, or closing, is closed before its frames are read
            if (!channel.closing()) {
                connection.received(ByteBufUtil.getBytes(text.content()));
            }
        } else if (frame instanceof PongWebSocketFrame) {
            connection.heard();
        } else if (frame instanceof PingWebSocketFrame ping) {
            if (!channel.closing()) {
                context.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            }
        } else if (frame instanceof CloseWebSocketFrame close) {
            channel.closedByClient(close);
        } else if (frame instanceof BinaryWebSocketFrame) {
            channel.close(StreamClose.notAcceptable("text frames only"));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        connections.closed(channel.id());
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            // a fragmented message longer than the limit (WebSocketFrameAggregator)
            channel.close(StreamClose.tooBig("message too big"));
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            // the decoder has sent the close frame with the code (1002, 1007, 1009) and closes the connection
            log.debug("A stream connection broke the WebSocket protocol: {}", cause.getMessage());
        } else {
            log.debug("A stream connection failed", cause);
            context.close();
        }
    }
}
