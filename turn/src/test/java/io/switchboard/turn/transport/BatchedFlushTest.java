package io.switchboard.turn.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchedFlushTest {

    @Test
    void writesOfOneLoopPassLeaveInOneFlushAfterTheReadyChannelsAreHandled() {
        AtomicInteger flushes = new AtomicInteger();
        EmbeddedChannel listener = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                ctx.flush();
            }
        });
        // the loop's tasks of this pass, run once the ready channels are handled
        ArrayDeque<Runnable> passTasks = new ArrayDeque<>();
        BatchedFlush batched = new BatchedFlush(listener, passTasks::add);

        batched.write(Unpooled.wrappedBuffer(new byte[] {1}));
        batched.write(Unpooled.wrappedBuffer(new byte[] {2}));
        assertEquals(0, flushes.get(), "nothing is flushed before the loop pass ends");
        assertTrue(listener.outboundMessages().isEmpty(), "nothing leaves before the loop pass ends");

        endOfPass(passTasks);
        assertEquals(1, flushes.get());
        assertEquals(1, first(listener));
        assertEquals(2, first(listener));

        batched.write(Unpooled.wrappedBuffer(new byte[] {3}));
        endOfPass(passTasks);
        assertEquals(2, flushes.get(), "a later pass flushes again");
        assertEquals(3, first(listener));
        listener.finishAndReleaseAll();
    }

    private static void endOfPass(ArrayDeque<Runnable> tasks) {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    private static int first(EmbeddedChannel channel) {
        ByteBuf b = channel.readOutbound();
        try {
            return b.getByte(0);
        } finally {
            b.release();
        }
    }
}
