package io.switchboard.turn.server;

import io.switchboard.turn.allocation.Allocation;
import io.switchboard.turn.allocation.AllocationTable;

/**
 * The check CreatePermission and ChannelBind share before their own steps: the request's 5-tuple has an open
 * allocation (else 437, RFC 8656 sections 9.2 and 12.2) made by the user who signed this request (else 441,
 * section 5).
 */
final class OwnedAllocation {
    private OwnedAllocation() {
    }

    /** The open allocation of {@code x}'s 5-tuple and user, or null once the error is answered. */
    static Allocation of(Exchange x, AllocationTable table, Replies replies) {
        Allocation a = table.find(x.key());
        if (a == null || a.state() != Allocation.State.OPEN) {
            replies.error(x, 437, "Allocation Mismatch");
            return null;
        }
        if (!a.username().equals(x.username())) {
            replies.error(x, 441, "Wrong Credentials");
            return null;
        }
        return a;
    }
}
