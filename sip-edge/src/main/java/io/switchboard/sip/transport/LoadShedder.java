package io.switchboard.sip.transport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.switchboard.sip.codec.SipMessage;
import java.util.function.IntSupplier;

/**
 * Sheds load before it reaches the core loop: while more than {@code maxBacklog} messages wait for the core, a
 * request that would start new work (one outside every dialog, neither ACK nor CANCEL) is refused with 503 and
 * Retry-After (RFC 3261 sections 21.5.4 and 20.33; RFC 3263 section 4.3 has an upstream proxy try elsewhere
 * for that long), answered on the I/O thread that parsed it. Requests within dialogs (a BYE ends a call and so
 * relieves the core), ACKs, CANCELs and responses always go through, so calls in progress are not hurt. The
 * backlog is read from the core's task queue rather than counted, so an accepted request costs one read and
 * allocates nothing. Used from every I/O thread; holds no state of its own but the counter.
 */
final class LoadShedder {
    private final IntSupplier backlog;
    private final int maxBacklog;
    private final String retryAfter;

    /**
     * @param backlog       messages waiting for the core loop
     * @param maxBacklog    the backlog beyond which new work is refused; 0 never refuses
     * @param retryAfterSec the Retry-After given with each 503
     */
    LoadShedder(IntSupplier backlog, int maxBacklog, int retryAfterSec) {
        this.backlog = backlog;
        this.maxBacklog = maxBacklog;
        this.retryAfter = Integer.toString(retryAfterSec);
    }

    /** The task count of {@code core}'s queue, or nothing when the executor does not tell it. */
    static IntSupplier backlogOf(EventExecutor core) {
        if (core instanceof SingleThreadEventExecutor loop) {
            return loop::pendingTasks;
        }
        return () -> 0;
    }

    /** Whether {@code message} is to be refused now rather than handed to the core loop. */
    boolean sheds(SipMessage message) {
        if (maxBacklog == 0 || backlog.getAsInt() <= maxBacklog || !message.isRequest()) {
            return false;
        }
        String method = message.method();
        return message.toTag() == null && !"ACK".equals(method) && !"CANCEL".equals(method);
    }

    /** The 503 for a shed request. */
    SipMessage refusal(SipMessage request) {
        SipMessage busy = request.createResponse(503, "Service Unavailable");
        busy.setHeader("Retry-After", retryAfter);
        return busy;
    }
}
