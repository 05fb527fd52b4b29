package io.switchboard.turn.server;

import io.switchboard.turn.allocation.PeerAddressFilter;
import io.switchboard.turn.allocation.PeerVerdict;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The peer checks CreatePermission and ChannelBind share: the filter (403), then the family (443). */
final class PeerChecks {

    private static final Logger LOG = LoggerFactory.getLogger(PeerChecks.class);

    private final PeerAddressFilter filter;
    private final TurnCounters counters;

    PeerChecks(PeerAddressFilter filter, TurnCounters counters) {
        this.filter = filter;
        this.counters = counters;
    }

    /** 0 when the relay may talk to {@code peer}, else the error code to answer. */
    int check(Exchange x, InetSocketAddress peer) {
        PeerVerdict verdict = filter.check(peer.getAddress(), peer.getPort());
        if (verdict != PeerVerdict.ALLOWED) {
            counters.peerRefused(verdict.label());
            LOG.info("TURN user {} at {}: peer {} refused ({})", x.username(), x.path().client(), peer,
                    verdict.label());
            return 403;
        }
        // RFC 8656 section 9.1: the relay is IPv4, so an IPv6 peer is a family mismatch.
        return peer.getAddress() instanceof Inet4Address ? 0 : 443;
    }
}
