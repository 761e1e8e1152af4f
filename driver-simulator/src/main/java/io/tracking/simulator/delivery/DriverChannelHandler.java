package io.tracking.simulator.delivery;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;

/**
 * The last handler of one connection's pipeline: sends the upgrade request once TCP is up, then turns what arrives
 * into the {@link DriverStream}'s events (open, answer, lost). Runs on the connection's event loop, which is the
 * stream's own.
 */
final class DriverChannelHandler extends SimpleChannelInboundHandler<Object> {

    private final WebSocketClientHandshaker handshaker;
    private final DriverStream stream;

    DriverChannelHandler(WebSocketClientHandshaker handshaker, DriverStream stream) {
        this.handshaker = handshaker;
        this.stream = stream;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        handshaker.handshake(context.channel()).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, Object message) {
        if (!handshaker.isHandshakeComplete()) {
            upgraded(context, (FullHttpResponse) message);
        } else if (message instanceof TextWebSocketFrame text) {
            stream.answered(text.content());
        } else if (message instanceof PingWebSocketFrame ping) {
            context.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
        } else if (message instanceof CloseWebSocketFrame close) {
            stream.lost(context.channel(), "ws-close-" + close.statusCode());
            // echo it, completing the closing handshake, then hang up
            context.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
        }
        // pongs and binary frames need no answer
    }

    private void upgraded(ChannelHandlerContext context, FullHttpResponse response) {
        if (!HttpResponseStatus.SWITCHING_PROTOCOLS.equals(response.status())) {
            stream.lost(context.channel(), "ws-handshake-" + response.status().code());
            context.close();
            return;
        }
        try {
            handshaker.finishHandshake(context.channel(), response);
        } catch (WebSocketHandshakeException e) {
            stream.lost(context.channel(), "ws-handshake-invalid");
            context.close();
            return;
        }
        stream.opened(context.channel());
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        stream.lost(context.channel(), "ws-connection-closed");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        stream.lost(context.channel(), DriverStream.errorKind(cause));
        context.close();
    }
}
