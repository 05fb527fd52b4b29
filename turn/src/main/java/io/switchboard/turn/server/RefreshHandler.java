package io.switchboard.turn.server;

import io.switchboard.turn.allocation.Allocation;
import io.switchboard.turn.allocation.AllocationTable;
import io.switchboard.turn.stun.StunResponse;

/** RFC 8656 section 7.3, receiving a Refresh request, after the credentials were checked. */
final class RefreshHandler implements TurnHandler {

    private final AllocationTable table;
    private final Replies replies;
    private final Runnable sizeChanged;

    RefreshHandler(AllocationTable table, Replies replies, Runnable sizeChanged) {
        this.table = table;
        this.replies = replies;
        this.sizeChanged = sizeChanged;
    }

    @Override
    public void handle(Exchange x) {
        // Step 1: the 5-tuple must have an allocation (437).
        Allocation a = table.find(x.key());
        if (a == null || a.state() == Allocation.State.CLOSED) {
            replies.error(x, 437, "Allocation Mismatch");
            return;
        }
        // Section 5: only the user who made the allocation may refresh it (441).
        if (!a.username().equals(x.username())) {
            replies.error(x, 441, "Wrong Credentials");
            return;
        }
        Integer requested = x.request().lifetime();
        // Step 2: a LIFETIME of 0 deletes the allocation, and the response says 0.
        if (requested != null && requested == 0) {
            table.remove(a);
            sizeChanged.run();
            replies.success(x, StunResponse.success(x.request()).lifetime(0));
            return;
        }
        // Step 3: else the lifetime is the requested one (default when absent or shorter), at most the maximum.
        int lifetime = table.policy().grantedLifetime(requested);
        table.refresh(a, lifetime, x.now());
        replies.success(x, StunResponse.success(x.request()).lifetime(lifetime));
    }
}
