package io.switchboard.turn.server;

import io.switchboard.turn.allocation.Allocation;
import io.switchboard.turn.allocation.AllocationTable;
import io.switchboard.turn.stun.RelayFraming;
import io.switchboard.turn.stun.StunResponse;
import java.net.InetSocketAddress;

/** RFC 8656 section 12.2, receiving a ChannelBind request, after the credentials were checked. */
final class ChannelBindHandler implements TurnHandler {

    private final AllocationTable table;
    private final PeerChecks peers;
    private final Replies replies;

    ChannelBindHandler(AllocationTable table, PeerChecks peers, Replies replies) {
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
        // Step 1: CHANNEL-NUMBER present and in 0x4000-0x7FFF (400; RFC 5766's range, as coturn's clients use).
        Integer number = x.request().channelNumber();
        if (number == null || number < RelayFraming.CHANNEL_MIN || number > RelayFraming.CHANNEL_MAX) {
            replies.error(x, 400, "CHANNEL-NUMBER missing or out of range");
            return;
        }
        // Step 2: exactly one XOR-PEER-ADDRESS (400), allowed (403) and of the relay's family (443).
        if (x.request().peers().size() != 1) {
            replies.error(x, 400, "ChannelBind needs one XOR-PEER-ADDRESS");
            return;
        }
        InetSocketAddress peer = x.request().peers().get(0);
        int refusal = peers.check(x, peer);
        if (refusal != 0) {
            replies.error(x, refusal, refusal == 403 ? "Forbidden" : "Peer Address Family Mismatch");
            return;
        }
        // Steps 3 and 4: the number not bound to another peer, the peer not bound to another number (400);
        // binding (or refreshing) also installs or refreshes the peer's permission.
        switch (table.bind(a, number, peer, x.now())) {
            case BOUND, REFRESHED -> replies.success(x, StunResponse.success(x.request()));
            case NUMBER_BOUND_TO_OTHER_PEER -> replies.error(x, 400, "channel bound to another peer");
            case PEER_BOUND_TO_OTHER_NUMBER -> replies.error(x, 400, "peer bound to another channel");
        }
    }
}
