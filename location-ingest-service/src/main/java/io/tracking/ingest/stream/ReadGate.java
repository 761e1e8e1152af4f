package io.tracking.ingest.stream;

import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

/**
 * Makes switching auto-read off stop the frames at once. One socket read may carry many frames, which the WebSocket
 * decoder passes on one after the other; once auto-read is off, this handler holds the rest of them instead, and when
 * auto-read is switched on again it passes them on one at a time, stopping as soon as it is switched off again, before
 * the channel reads the socket again. So no more frames reach {@link NettyFrameHandler} than the connection asked for,
 * and what is held never exceeds one socket read.
 *
 * <p>Netty's {@code FlowControlHandler} does not do this: once auto-read is back on it passes every message it holds,
 * even if the first of them switches auto-read off again.
 */
final class ReadGate extends ChannelDuplexHandler {

    private @Nullable ArrayDeque<Object> held;

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (held == null && context.channel().config().isAutoRead()) {
            context.fireChannelRead(message);
            return;
        }
        if (held == null) {
            held = new ArrayDeque<>(4);
        }
        held.add(message);
    }

    /** Auto-read was switched on (or the channel wants the next read): first what is held, then the socket. */
    @Override
    public void read(ChannelHandlerContext context) {
        ChannelConfig config = context.channel().config();
        while (held != null && config.isAutoRead()) {
            Object message = held.poll();
            if (message == null) {
                held = null;
            } else {
                context.fireChannelRead(message);
            }
        }
        if (held != null && held.isEmpty()) {
            held = null;
        }
        if (held == null) {
            context.read();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        release();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        release();
    }

    private void release() {
        if (held != null) {
            held.forEach(ReferenceCountUtil::release);
            held = null;
        }
    }
}
