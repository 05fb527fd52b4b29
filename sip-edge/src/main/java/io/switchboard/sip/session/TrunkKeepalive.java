package io.switchboard.sip.session;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transaction.ClientTransaction;
import io.switchboard.sip.transaction.ClientTransactionListener;
import io.switchboard.sip.locate.LocatedTarget;
import io.switchboard.sip.locate.SipDestination;
import io.switchboard.sip.transport.SipTarget;
import io.switchboard.sip.transport.TransportKind;
import io.switchboard.sip.trunk.Trunk;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings each outbound destination of a trunk with OPTIONS (RFC 3261 section 11) every keepalive interval.
 * Any response means the destination is up; a transaction timeout marks it down, so dialling skips it while
 * another destination is up. Runs on the core loop.
 */
final class TrunkKeepalive {
    private static final Logger LOG = LoggerFactory.getLogger(TrunkKeepalive.class);

    private final SessionLayer session;
    private final Trunk trunk;
    private final List<SipDestination> destinations;
    private final long intervalMillis;
    private boolean stopped;

    TrunkKeepalive(SessionLayer session, Trunk trunk) {
        this.session = session;
        this.trunk = trunk;
        this.destinations = trunk.destinations();
        this.intervalMillis = trunk.definition().keepalive().toMillis();
    }

    void start() {
        session.transactions().scheduler().schedule(0, this::pingAll);
    }

    void stop() {
        stopped = true;
    }

    private void pingAll() {
        if (stopped) {
            return;
        }
        for (int i = 0; i < destinations.size(); i++) {
            ping(i);
        }
        session.transactions().scheduler().schedule(intervalMillis, this::pingAll);
    }

    /** Pings the first target of a destination (located per RFC 3263, cached per TTL); no target marks it down. */
    private void ping(int index) {
        var located = session.locate(List.of(destinations.get(index)));
        located.whenComplete((found, error) -> session.execute(() -> {
            if (stopped) {
                return;
            }
            if (error != null) {
                mark(index, false);
            } else {
                ping(index, found.get(0));
            }
        }));
    }

    private void ping(int index, LocatedTarget located) {
        SipTarget target = located.target();
        Dialog.Via via = session.local().via(target.transport());
        String uri = "sip:" + located.uriHostPort()
                + (target.transport() == TransportKind.UDP ? "" : ";transport=" + target.transport().name().toLowerCase(java.util.Locale.ROOT));
        SipMessage options = SipMessages.request(new SipMessages.RequestParts("OPTIONS", uri,
                "SIP/2.0/" + via.transport() + " " + via.host() + ":" + via.port() + ";branch=" + SipMessages.newBranch()
                        + ";rport",
                "<sip:keepalive@" + via.host() + ">;tag=" + SipMessages.newTag(), "<" + uri + ">",
                SipMessages.newCallId(via.host()), 1, via.contact(), List.of(), List.of(), null, null));
        session.transactions().send(options, session.flowTo(target), new ClientTransactionListener() {
            @Override
            public void onResponse(ClientTransaction tx, SipMessage response) {
                if (response.statusCode() >= 200) {
                    mark(index, true);
                }
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
                mark(index, false);
            }
        });
    }

    private void mark(int index, boolean up) {
        if (trunk.destinationUp(index) != up) {
            LOG.warn("trunk {} destination {} is {}", trunk.name(), destinations.get(index), up ? "up" : "down");
        }
        trunk.markDestination(index, up);
    }
}
