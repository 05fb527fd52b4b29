package io.switchboard.config.model;

import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Range;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP trunk: who may send us calls ({@code inbound}), where we send calls ({@code outbound}),
 * how numbers are rewritten, the caller ID we present, how many calls it may carry at once
 * ({@code maxConcurrentCalls}, 0 = no limit) and which RTP sources its calls' media accepts
 * ({@code rtpSource}).
 */
public record SipTrunk(
        String name,
        @Optional Inbound inbound,
        @Optional Outbound outbound,
        List<NumberRule> numberRules,
        @Optional String callerIdName,
        @Optional E164 callerIdNumber,
        @Default("0") @Range(min = 0) int maxConcurrentCalls,
        @Default("nat") RtpSource rtpSource) {

    public SipTrunk {
        numberRules = List.copyOf(numberRules);
    }

    /**
     * Who may place calls into the instance over a trunk: a request must come from one of
     * {@code allowedSources} (any port) and, when {@code digestUsers} is not empty, also answer a
     * digest challenge (RFC 3261 section 22) as one of them.
     */
    public record Inbound(List<Cidr> allowedSources, List<DigestUser> digestUsers) {

        public Inbound {
            allowedSources = List.copyOf(allowedSources);
            digestUsers = List.copyOf(digestUsers);
        }

        public boolean requiresDigest() {
            return !digestUsers.isEmpty();
        }
    }

    /** A SIP digest user, stored as HA1 = MD5(username:realm:password) so the password itself is never kept. */
    public record DigestUser(String username, String realm, Md5Hex ha1) {
    }

    /** Where outbound calls over a trunk go (tried in order), how we authenticate, and whether we register. */
    public record Outbound(
            List<Destination> destinations,
            @Optional Credentials credentials,
            @Optional Registration registration) {

        public Outbound {
            destinations = List.copyOf(destinations);
        }
    }

    /**
     * One next hop of a trunk. A host name without a transport or port is located per RFC 3263 (NAPTR, then SRV,
     * then A/AAAA); with a transport, its SRV records; with a port, its addresses. A numeric address without a port
     * is reached on the transport's default (5060, or 5061 for TLS), over UDP unless a transport is given.
     *
     * @param transport the transport given, or null to let DNS choose (UDP without NAPTR/SRV records)
     */
    public record Destination(HostPort address, @Optional Transport transport) {

        public int port() {
            return address.portOr(transport == null ? Transport.UDP.defaultPort() : transport.defaultPort());
        }

        /** True when the address names a port. */
        public boolean hasPort() {
            return address.port() != HostPort.NO_PORT;
        }
    }

    /**
     * Which sources may feed the media of a call on the trunk (RTP Bleed): the address its SDP names always
     * latches; another source is learned (several packets in a row, one SSRC, consecutive sequence numbers)
     * never ({@code sdp}), only when the SDP names a private address ({@code nat}), or whatever it names
     * ({@code learn}).
     */
    public enum RtpSource {
        SDP, NAT, LEARN
    }

    /** SIP transport of a trunk destination. */
    public enum Transport {
        UDP(5060), TCP(5060), TLS(5061);

        private final int defaultPort;

        Transport(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        /** RFC 3263 default port when a destination names none. */
        public int defaultPort() {
            return defaultPort;
        }
    }

    /**
     * What we answer to the carrier's digest challenges. Unlike agent passwords this one must be kept
     * usable, since we compute responses with it; {@code realm} limits it to one realm when set.
     */
    public record Credentials(String username, String password, @Optional String realm) {

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", realm=" + realm + "]";
        }
    }

    /** Registration of the trunk with the carrier's registrar (RFC 3261 section 10), refreshed before expiry. */
    public record Registration(
            HostPort registrar,
            @Default("3600") @Range(min = 60, max = 86400) int expiresSeconds) {
    }

    /**
     * A number normalisation rule: when {@code match} (a Java regular expression) matches the whole
     * number, it is replaced by {@code replace} ({@code $1} names a group). Rules of a trunk are tried
     * in order; the first that matches wins.
     */
    public record NumberRule(NumberDirection direction, Pattern match, String replace) {

        /** The rewritten number, or null when this rule does not match. */
        public String apply(String number) {
            Matcher m = match.matcher(number);
            return m.matches() ? m.replaceFirst(replace) : null;
        }
    }

    /** Which numbers a normalisation rule rewrites: called numbers of inbound calls, or dialled numbers of outbound calls. */
    public enum NumberDirection {
        INBOUND, OUTBOUND
    }
}
