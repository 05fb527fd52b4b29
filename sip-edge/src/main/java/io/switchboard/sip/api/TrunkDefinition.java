package io.switchboard.sip.api;

import java.util.List;
import java.util.Objects;

/**
 * A SIP trunk: who may send us calls, and where our calls to it go.
 *
 * @param name                 unique trunk name, used in logs, metrics and {@code dial}
 * @param inboundCidrs         source networks accepted without authentication ("203.0.113.0/24", "127.0.0.1/32",
 *                             IPv6 too); empty to accept none by address
 * @param outboundDestinations where outbound INVITEs go, in failover order, as "host[:port][;transport=udp|tcp|tls]"
 * @param maxConcurrentCalls   calls (both directions) allowed at once, 0 for no limit; beyond it 503
 * @param countryCode          country calling code used to bring national numbers to E.164 ("1"), or "" to leave
 *                             numbers as they come
 */
public record TrunkDefinition(String name, List<String> inboundCidrs, List<String> outboundDestinations,
                              int maxConcurrentCalls, String countryCode) {
    public TrunkDefinition {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("trunk name is blank");
        }
        inboundCidrs = List.copyOf(inboundCidrs);
        outboundDestinations = List.copyOf(outboundDestinations);
        if (maxConcurrentCalls < 0) {
            throw new IllegalArgumentException("trunk " + name + ": maxConcurrentCalls < 0");
        }
        countryCode = countryCode == null ? "" : countryCode;
        if (!countryCode.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("trunk " + name + ": country code must be digits: " + countryCode);
        }
    }

    /** A trunk that accepts calls from {@code cidrs}, no outbound destinations, no call limit. */
    public static TrunkDefinition inbound(String name, String... cidrs) {
        return new TrunkDefinition(name, List.of(cidrs), List.of(), 0, "");
    }
}
