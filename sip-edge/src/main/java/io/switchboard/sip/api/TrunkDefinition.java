package io.switchboard.sip.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A SIP trunk: who may send us calls, and where our calls to it go.
 *
 * @param name                 unique trunk name, used in logs, metrics and {@code dial}
 * @param inboundCidrs         source networks accepted without authentication ("203.0.113.0/24", "127.0.0.1/32",
 *                             IPv6 too); empty to accept none by address
 * @param digestUsers          username to HA1 for sources outside {@code inboundCidrs} that authenticate
 *                             with digest (401 challenge); empty for none
 * @param digestSources        networks the digest users may call from ("198.51.100.0/24"); empty for anywhere.
 *                             A source here must still authenticate: these networks are not trusted
 * @param outboundDestinations where outbound INVITEs go, in failover order, as "host[:port][;transport=udp|tcp]"
 * @param outboundUsername     username for answering the provider's 401/407 challenges, or null
 * @param outboundPassword     password for those challenges, or null
 * @param maxConcurrentCalls   calls (both directions) allowed at once, 0 for no limit; beyond it 503
 * @param countryCode          country calling code used to bring national numbers to E.164 ("1"), or "" to leave
 *                             numbers as they come
 * @param registration         expiry to REGISTER with at the first outbound destination using the outbound
 *                             credentials (refreshed before it runs out), or zero for no registration
 * @param outboundFormat       how numbers are written on outbound calls (normalised to E.164 first when a country
 *                             code is set)
 * @param keepalive            interval of OPTIONS pings to each outbound destination (a destination that does
 *                             not answer is marked down and skipped while another is up), or zero for none
 */
public record TrunkDefinition(String name, List<String> inboundCidrs, Map<String, DigestSecret> digestUsers,
                              List<String> digestSources,
                              List<String> outboundDestinations, String outboundUsername, String outboundPassword,
                              int maxConcurrentCalls, String countryCode, NumberFormat outboundFormat,
                              java.time.Duration keepalive, java.time.Duration registration) {
    public TrunkDefinition {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("trunk name is blank");
        }
        inboundCidrs = List.copyOf(inboundCidrs);
        digestUsers = Map.copyOf(digestUsers);
        digestSources = digestSources == null ? List.of() : List.copyOf(digestSources);
        if (!digestSources.isEmpty() && digestUsers.isEmpty()) {
            throw new IllegalArgumentException("trunk " + name + ": digest sources without digest users");
        }
        if (digestUsers.values().stream().map(DigestSecret::realm).distinct().count() > 1) {
            throw new IllegalArgumentException("trunk " + name + ": digest users of one trunk share one realm");
        }
        outboundDestinations = List.copyOf(outboundDestinations);
        if ((outboundUsername == null) != (outboundPassword == null)) {
            throw new IllegalArgumentException("trunk " + name + ": outbound username and password go together");
        }
        if (maxConcurrentCalls < 0) {
            throw new IllegalArgumentException("trunk " + name + ": maxConcurrentCalls < 0");
        }
        countryCode = countryCode == null ? "" : countryCode;
        outboundFormat = outboundFormat == null ? NumberFormat.E164 : outboundFormat;
        keepalive = keepalive == null ? java.time.Duration.ZERO : keepalive;
        if (keepalive.isNegative() || (!keepalive.isZero() && keepalive.toMillis() < 1000)) {
            throw new IllegalArgumentException("trunk " + name + ": keepalive must be zero or at least 1 s");
        }
        registration = registration == null ? java.time.Duration.ZERO : registration;
        if (!registration.isZero() && (registration.toSeconds() < 10 || outboundDestinations.isEmpty()
                || outboundUsername == null)) {
            throw new IllegalArgumentException("trunk " + name
                    + ": registration needs at least 10 s, an outbound destination and credentials");
        }
        if (!countryCode.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("trunk " + name + ": country code must be digits: " + countryCode);
        }
    }

    /** A trunk that accepts calls from {@code cidrs}, no outbound destinations, no call limit. */
    public static TrunkDefinition inbound(String name, String... cidrs) {
        return new TrunkDefinition(name, List.of(cidrs), Map.of(), List.of(), List.of(), null, null, 0, "",
                NumberFormat.E164, java.time.Duration.ZERO, java.time.Duration.ZERO);
    }

    public TrunkDefinition withOutbound(List<String> destinations, String username, String password) {
        return new TrunkDefinition(name, inboundCidrs, digestUsers, digestSources, destinations, username, password,
                maxConcurrentCalls, countryCode, outboundFormat, keepalive, registration);
    }

    /** Digest users callable from anywhere (sources must still authenticate). */
    public TrunkDefinition withDigestUsers(Map<String, DigestSecret> users) {
        return new TrunkDefinition(name, inboundCidrs, users, digestSources, outboundDestinations, outboundUsername,
                outboundPassword, maxConcurrentCalls, countryCode, outboundFormat, keepalive, registration);
    }

    /** Digest users who may call only from {@code sources} (CIDRs); elsewhere they are unknown sources. */
    public TrunkDefinition withDigestUsers(Map<String, DigestSecret> users, List<String> sources) {
        return new TrunkDefinition(name, inboundCidrs, users, sources, outboundDestinations, outboundUsername,
                outboundPassword, maxConcurrentCalls, countryCode, outboundFormat, keepalive, registration);
    }

    public TrunkDefinition withLimits(int maxCalls, String country) {
        return new TrunkDefinition(name, inboundCidrs, digestUsers, digestSources, outboundDestinations, outboundUsername,
                outboundPassword, maxCalls, country, outboundFormat, keepalive, registration);
    }

    public TrunkDefinition withOutboundFormat(NumberFormat format) {
        return new TrunkDefinition(name, inboundCidrs, digestUsers, digestSources, outboundDestinations, outboundUsername,
                outboundPassword, maxConcurrentCalls, countryCode, format, keepalive, registration);
    }

    public TrunkDefinition withKeepalive(java.time.Duration interval) {
        return new TrunkDefinition(name, inboundCidrs, digestUsers, digestSources, outboundDestinations, outboundUsername,
                outboundPassword, maxConcurrentCalls, countryCode, outboundFormat, interval, registration);
    }

    public TrunkDefinition withRegistration(java.time.Duration expiry) {
        return new TrunkDefinition(name, inboundCidrs, digestUsers, digestSources, outboundDestinations, outboundUsername,
                outboundPassword, maxConcurrentCalls, countryCode, outboundFormat, keepalive, expiry);
    }
}
