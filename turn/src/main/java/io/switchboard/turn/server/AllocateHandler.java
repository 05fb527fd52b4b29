package io.switchboard.turn.server;

import io.switchboard.turn.allocation.Allocation;
import io.switchboard.turn.allocation.AllocationTable;
import io.switchboard.turn.allocation.RelayPortAllocator;
import io.switchboard.turn.stun.StunResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 8656 section 7.2, receiving an Allocate request, after the long-term credentials were checked (step 1).
 * The relay socket binds asynchronously; the success response is sent once it is bound and kept for
 * retransmissions of the same request.
 */
final class AllocateHandler implements TurnHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AllocateHandler.class);
    private static final int UDP = 17;

    private final AllocationTable table;
    private final RelayOpener opener;
    private final InetAddress relayAddress;
    private final Replies replies;
    private final TurnCounters counters;
    private final Runnable sizeChanged;

    AllocateHandler(AllocationTable table, RelayOpener opener, InetAddress relayAddress, Replies replies,
                    TurnCounters counters, Runnable sizeChanged) {
        this.table = table;
        this.opener = opener;
        this.relayAddress = relayAddress;
        this.replies = replies;
        this.counters = counters;
        this.sizeChanged = sizeChanged;
    }

    @Override
    public void handle(Exchange x) {
        var request = x.request();
        // Step 2: the 5-tuple must not have an allocation, unless this is a retransmission of its Allocate.
        Allocation existing = table.find(x.key());
        if (existing != null) {
            if (existing.madeBy(request.transactionId())) {
                if (existing.allocateResponse() != null) {
                    replies.resend(x, existing.allocateResponse());
                }
                return; // still binding: the client retransmits and gets the response then
            }
            replies.error(x, 437, "Allocation Mismatch");
            return;
        }
        // Step 3: REQUESTED-TRANSPORT must be there (400) and be UDP (442).
        if (request.requestedTransport() == null) {
            replies.error(x, 400, "REQUESTED-TRANSPORT is missing");
            return;
        }
        if (request.requestedTransport() != UDP) {
            replies.error(x, 442, "Unsupported Transport Protocol");
            return;
        }
        // Step 4: DONT-FRAGMENT is honoured: Linux sends from UDP sockets with path MTU discovery on, so
        // relayed datagrams leave with DF set.
        // Step 5: RESERVATION-TOKEN excludes EVEN-PORT and REQUESTED-ADDRESS-FAMILY.
        byte[] token = request.reservationToken();
        if (token != null && (request.evenPortReserve() != null || request.requestedFamily() != null)) {
            replies.error(x, 400, "RESERVATION-TOKEN with EVEN-PORT or REQUESTED-ADDRESS-FAMILY");
            return;
        }
        // Step 7: REQUESTED-ADDRESS-FAMILY: the relay serves IPv4 only (RFC 8656 section 7.2: 440).
        if (request.requestedFamily() != null && request.requestedFamily() != 1) {
            replies.error(x, 440, "Address Family not Supported");
            return;
        }
        // Step 10 (quotas) before taking a port: 486 per user and in total.
        AllocationTable.Admission admission = table.admit(x.username());
        if (admission != AllocationTable.Admission.ADMITTED) {
            LOG.info("TURN user {} at {}: allocation refused ({})", x.username(), x.path().client(), admission);
            replies.error(x, 486, "Allocation Quota Reached");
            return;
        }
        // Steps 5 and 6: the port from the token, an even port (and the next one held), or any port; 508 if none.
        RelayPortAllocator ports = table.ports();
        int port;
        byte[] newToken = null;
        int reserved = -1;
        if (token != null) {
            port = ports.claim(token, x.now());
        } else if (request.evenPortReserve() != null && request.evenPortReserve()) {
            RelayPortAllocator.Reservation r = ports.takeEvenReserving(x.now());
            port = r == null ? -1 : r.port();
            if (r != null) {
                newToken = r.token();
                reserved = r.port() + 1;
            }
        } else if (request.evenPortReserve() != null) {
            port = ports.takeEven();
        } else {
            port = ports.take();
        }
        if (port < 0) {
            replies.error(x, 508, "Insufficient Capacity");
            return;
        }
        // Step 8: the lifetime: the default when absent or shorter, at most the maximum.
        int lifetime = table.policy().grantedLifetime(request.lifetime());
        Allocation a = table.create(x.key(), x.username(), x.path(), request.transactionId(), port,
                new InetSocketAddress(relayAddress, port), lifetime, x.now(), reserved);
        sizeChanged.run();
        open(x, a, port, lifetime, newToken);
    }

    private void open(Exchange x, Allocation a, int port, int lifetime, byte[] token) {
        opener.open(a, port, (endpoint, failure) -> {
            if (a.state() != Allocation.State.OPENING) {
                if (endpoint != null) {
                    endpoint.close(); // the allocation ended while its socket was binding
                }
                return;
            }
            if (endpoint == null) {
                LOG.warn("TURN relay port {} could not be bound: {}", port, failure.toString());
                table.remove(a);
                sizeChanged.run();
                replies.error(x, 508, "Insufficient Capacity");
                return;
            }
            a.opened(endpoint);
            counters.allocationsCreated.increment();
            // Step 11: the success response: XOR-RELAYED-ADDRESS, LIFETIME, RESERVATION-TOKEN, XOR-MAPPED-ADDRESS.
            StunResponse response = StunResponse.success(x.request()).xorRelayedAddress(a.relayAddress())
                    .lifetime(lifetime);
            if (token != null) {
                response.reservationToken(token);
            }
            response.xorMappedAddress(x.path().client());
            byte[] bytes = replies.encodeSuccess(x, response);
            a.rememberAllocateResponse(bytes);
            replies.resend(x, bytes);
        });
    }
}
