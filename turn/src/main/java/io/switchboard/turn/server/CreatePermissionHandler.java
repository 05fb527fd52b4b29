package io.switchboard.turn.server;

import io.switchboard.turn.allocation.Allocation;
import io.switchboard.turn.allocation.AllocationTable;
import io.switchboard.turn.stun.StunResponse;
import java.net.InetSocketAddress;

/** RFC 8656 section 9.2, receiving a CreatePermission request, after the credentials were checked. */
final class CreatePermissionHandler implements TurnHandler {

    private final AllocationTable table;
    private final PeerChecks peers;
    private final Replies replies;

    CreatePermissionHandler(AllocationTable table, PeerChecks peers, Replies replies) {
        this.table = table;
        this.peers = peers;
        this.replies = replies;
    }

    @Override
    public void handle(Exchange x) {
        Allocation a = OwnedAllocation.of(x, table, replies);
        if (a == null) {
            return;
        }
        // Step 1: at least one XOR-PEER-ADDRESS (400).
        if (x.request().peers().isEmpty()) {
            replies.error(x, 400, "XOR-PEER-ADDRESS is missing");
            return;
        }
        // Steps 2 and 3: every peer must be allowed (403) and of the relay's family (443); all or none.
        for (InetSocketAddress peer : x.request().peers()) {
            int refusal = peers.check(x, peer);
            if (refusal != 0) {
                replies.error(x, refusal, refusal == 403 ? "Forbidden" : "Peer Address Family Mismatch");
                return;
            }
        }
        // Step 4: install or refresh a permission per peer IP address, for 300 s.
        for (InetSocketAddress peer : x.request().peers()) {
            table.permit(a, Allocation.ipv4(peer.getAddress()), x.now());
        }
        replies.success(x, StunResponse.success(x.request()));
    }
}
