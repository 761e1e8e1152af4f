package io.tracking.ingest.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;

/** Auto-read switched off stops the frames of a socket read at once, and on again lets them through one at a time. */
class ReadGateTests {

    private final List<Object> delivered = new ArrayList<>();
    /** The connection stops reading once it got this many frames, as {@link DriverConnection} does at its bound. */
    private int bound = Integer.MAX_VALUE;

    private final EmbeddedChannel channel = new EmbeddedChannel(new ReadGate(), new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            delivered.add(message);
            if (delivered.size() >= bound) {
                context.channel().config().setAutoRead(false);
            }
        }
    });

    @Test
    void shouldHoldTheRestOfAReadOnceReadingStopsAndPassItOnOneBoundAtATime() {
        bound = 2;
        // one socket read that brought four frames
        channel.writeInbound("a", "b", "c", "d");
        assertThat(delivered).containsExactly("a", "b");

        bound = 3;
        channel.config().setAutoRead(true);
        assertThat(delivered).containsExactly("a", "b", "c");

        bound = Integer.MAX_VALUE;
        channel.config().setAutoRead(true);
        assertThat(delivered).containsExactly("a", "b", "c", "d");

        channel.writeInbound("e");
        assertThat(delivered).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void shouldKeepTheOrderWhenFramesArriveWhileHeldOnesWait() {
        bound = 1;
        channel.writeInbound("a", "b");
        channel.writeInbound("c");

        bound = Integer.MAX_VALUE;
        channel.config().setAutoRead(true);

        assertThat(delivered).containsExactly("a", "b", "c");
    }

    @Test
    void shouldReleaseWhatItHoldsWhenTheConnectionCloses() {
        bound = 1;
        ByteBuf first = Unpooled.buffer(1);
        ByteBuf held = Unpooled.buffer(1);
        channel.writeInbound(first, held);

        channel.close();

        assertThat(delivered).containsExactly(first);
        assertThat(held.refCnt()).isZero();
        first.release();
    }
}
