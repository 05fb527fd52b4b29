package io.switchboard.sip.session;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transaction.ServerTransaction;
import io.switchboard.sip.transaction.TimerScheduler;

/**
 * A far end's offer (re-INVITE or UPDATE) handed to the listener and not answered yet: the open server
 * transaction, its request and the timer that bounds the wait. Whoever takes it from {@link Renegotiation}
 * first (the answer, the timer, a CANCEL, the leg's end) sends its one final response. Core loop only.
 */
final class PendingAnswer {
    final ServerTransaction tx;
    final SipMessage request;
    private TimerScheduler.Cancellable limit;

    PendingAnswer(ServerTransaction tx, SipMessage request) {
        this.tx = tx;
        this.request = request;
    }

    boolean isReInvite() {
        return "INVITE".equals(request.method());
    }

    String offer() {
        return request.bodyText();
    }

    /** "re-INVITE" or "UPDATE", for log lines. */
    String label() {
        return isReInvite() ? "re-INVITE" : request.method();
    }

    void startLimit(TimerScheduler scheduler, long millis, Runnable onExpiry) {
        limit = scheduler.schedule(millis, onExpiry);
    }

    /** Stops the wait's timer; the caller then sends the final response. */
    void settle() {
        if (limit != null) {
            limit.cancel();
            limit = null;
        }
    }
}
