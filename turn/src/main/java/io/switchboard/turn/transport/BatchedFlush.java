package io.switchboard.turn.transport;

import io.netty.channel.Channel;
import java.util.concurrent.Executor;

/**
 * Writes to one channel that are flushed together once the loop has handled every socket that was ready:
 * datagrams from many relay sockets to clients on the one listener then leave in a single sendmmsg instead
 * of a system call each. The flush runs as a task of the same loop pass, so nothing waits for later input.
 * Used on the TURN loop only.
 */
final class BatchedFlush {

    private final Channel channel;
    private final Executor loop;
    private final Runnable flush = this::flushNow;
    private boolean scheduled;

    BatchedFlush(Channel channel) {
        this(channel, channel.eventLoop());
    }

    /** {@code loop} runs the flush after the ready channels are handled: the channel's own event loop. */
    BatchedFlush(Channel channel, Executor loop) {
        this.channel = channel;
        this.loop = loop;
    }

    Channel channel() {
        return channel;
    }

    /** Queues {@code message} (ownership passes to the channel); it is sent at the end of this loop pass. */
    void write(Object message) {
        channel.write(message, channel.voidPromise());
        if (!scheduled) {
            scheduled = true;
            loop.execute(flush);
        }
    }

    private void flushNow() {
        scheduled = false;
        channel.flush();
    }
}
