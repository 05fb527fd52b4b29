package io.switchboard.server;

import io.switchboard.config.DnsServer;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.ServerSettings;
import io.switchboard.config.model.Cidr;
import io.switchboard.config.model.SipPhone;
import io.switchboard.config.model.SipTrunk;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.DnsSettings;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.config.model.TurnUser;
import io.switchboard.turn.api.TurnSettings;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the server settings and the instance onto each module's own settings types, so the modules never
 * read configuration themselves. Pure functions, tested on their own.
 */
final class ModuleSettings {

    private static final Logger LOG = LoggerFactory.getLogger("switchboard");

    private ModuleSettings() {
    }

    /**
     * The address written into SDP and Contact headers: the public address if set, else the bind address, else
     * (bound to a wildcard, which names no host a peer can reach) the first non-loopback IPv4 address of an
     * interface that is up, or loopback on a machine that has none.
     */
    static String advertisedAddress(ServerSettings settings) {
        if (settings.publicAddress() != null || !settings.wildcardBind()) {
            return settings.advertisedAddress();
        }
        List<InetAddress> candidates = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp()) {
                    candidates.addAll(Collections.list(nic.getInetAddresses()));
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list network interfaces ({}); advertising loopback", e.getMessage());
        }
        String chosen = pickAdvertised(candidates);
        LOG.info("bound to {} with no public address: advertising {} in SDP and SIP (set --public-address to change)",
                settings.bindAddress(), chosen);
        return chosen;
    }

    static String pickAdvertised(List<InetAddress> interfaceAddresses) {
        return interfaceAddresses.stream()
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .map(InetAddress::getHostAddress)
                .findFirst()
                .orElse("127.0.0.1");
    }

    static SipEdgeSettings sipEdge(ServerSettings settings, String advertised) {
        SipEdgeSettings edge = SipEdgeSettings.defaults(advertised).withBind(settings.bindAddress(), settings.sipPort());
        edge = edge.withLimits(edge.limits()
                .withConnectionIdleTimeout(Duration.ofSeconds(settings.sipConnectionIdleTimeoutSeconds()))
                .withFirstRequestTimeout(Duration.ofSeconds(settings.sipFirstRequestTimeoutSeconds()))
                // total first: the limits refuse a per-source cap above the total at every step
                .withMaxConnections(Math.max(settings.sipMaxConnections(), edge.limits().maxConnectionsPerSource()))
                .withMaxConnectionsPerSource(settings.sipMaxConnectionsPerSource())
                .withMaxConnections(settings.sipMaxConnections())
                .withAuthBan(settings.sipAuthFailuresToBan(), Duration.ofSeconds(settings.sipBanSeconds()))
                .withUserBan(settings.sipUserAuthFailuresToBan(), Duration.ofSeconds(settings.sipUserBanSeconds()))
                .withLoadShedding(settings.sipCoreBacklogToShed(), Duration.ofSeconds(settings.sipShedRetryAfterSeconds())));
        List<InetSocketAddress> nameServers = new ArrayList<>();
        for (String server : settings.dnsServerList()) {
            DnsServer ns = DnsServer.parse(server); // validated with the settings
            // a literal address: InetAddress parses it without a lookup
            nameServers.add(new InetSocketAddress(literal(ns.address()), ns.port()));
        }
        if (!nameServers.isEmpty()) {
            edge = edge.withDns(new DnsSettings(nameServers, edge.dns().queryTimeout()));
        }
        return settings.tlsEnabled()
                ? edge.withTls(settings.sipTlsPort(), settings.tlsCertificate(), settings.tlsPrivateKey())
                : edge;
    }

    private static InetAddress literal(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
    }

    /**
     * The TURN server's settings: relayed addresses are the advertised one; the media relay's advertised
     * address is always an allowed peer (with the operator's blocks); this server's own listening ports on its
     * own addresses never are; static users come from the instance.
     */
    static TurnSettings turn(ServerSettings settings, String advertised, InstanceConfig instance) {
        Map<String, String> users = new LinkedHashMap<>();
        for (TurnUser u : instance.turnUsers()) {
            users.put(u.username(), u.password() != null ? u.password() : "key:" + u.key().value());
        }
        List<String> allowed = new ArrayList<>();
        allowed.add(advertised);
        allowed.addAll(settings.turnAllowedPeerBlocks());
        List<String> own = new ArrayList<>();
        own.add(advertised);
        if (settings.wildcardBind()) {
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        own.add(a.getHostAddress().replaceAll("%.*$", ""));
                    }
                }
            } catch (SocketException e) {
                LOG.warn("cannot list network interfaces ({}); TURN guards the advertised address only", e.getMessage());
            }
        } else {
            own.add(settings.bindAddress());
        }
        List<Integer> ownPorts = new ArrayList<>(List.of(settings.sipPort(), settings.httpPort(), settings.turnPort()));
        if (settings.tlsEnabled()) {
            ownPorts.add(settings.sipTlsPort());
            ownPorts.add(settings.turnsPort());
        }
        return new TurnSettings(settings.bindAddress(), advertised, settings.turnPort(), settings.turnsPort(),
                settings.tlsCertificate(), settings.tlsPrivateKey(), settings.turnRealm(), settings.turnSecret(),
                users, settings.turnRelayPorts().low(), settings.turnRelayPorts().high(), allowed, own, ownPorts,
                settings.turnMaxAllocationsPerUser(), settings.turnMaxAllocations(),
                settings.turnBandwidthKbps() * 1000L / 8, 600, 20);
    }

    static MediaRelaySettings mediaRelay(ServerSettings settings, String advertised, Path recordings)
            throws StartupException {
        InetAddress bind;
        try {
            bind = InetAddress.getByName(settings.bindAddress());
        } catch (UnknownHostException e) {
            throw new StartupException("bad bind address " + settings.bindAddress() + ": " + e.getMessage(), e);
        }
        try {
            return MediaRelaySettings.defaults(bind, advertised, recordings)
                    .withPorts(settings.rtpPortLow(), settings.rtpPortHigh());
        } catch (IllegalArgumentException e) {
            throw new StartupException("rtp-ports " + settings.rtpPortLow() + "-" + settings.rtpPortHigh() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The agents' SIP phones for the edge's registrar: username to HA1 (MD5, as the instance keeps it). */
    static Map<String, DigestSecret> phoneUsers(InstanceConfig instance) {
        Map<String, DigestSecret> users = new LinkedHashMap<>();
        for (SipPhone phone : instance.sipPhones()) {
            users.put(phone.username(), DigestSecret.md5(phone.realm(), phone.ha1().value()));
        }
        return users;
    }

    static List<TrunkDefinition> trunks(InstanceConfig instance) {
        List<TrunkDefinition> trunks = new ArrayList<>();
        for (SipTrunk t : instance.trunks()) {
            trunks.add(trunk(t));
        }
        return trunks;
    }

    static TrunkDefinition trunk(SipTrunk t) {
        List<String> cidrs = new ArrayList<>();
        List<String> digestSources = new ArrayList<>();
        Map<String, DigestSecret> digestUsers = new LinkedHashMap<>();
        if (t.inbound() != null) {
            // With digest users the allowed sources are where they may call from, never trusted without digest.
            List<String> sources = t.inbound().requiresDigest() ? digestSources : cidrs;
            for (Cidr c : t.inbound().allowedSources()) {
                sources.add(c.toString());
            }
            for (SipTrunk.DigestUser u : t.inbound().digestUsers()) {
                digestUsers.put(u.username(), DigestSecret.md5(u.realm(), u.ha1().value()));
            }
        }
        List<String> destinations = new ArrayList<>();
        String username = null;
        String password = null;
        if (t.outbound() != null) {
            for (SipTrunk.Destination d : t.outbound().destinations()) {
                // what the operator left out stays out: it decides the RFC 3263 lookups of a host name
                destinations.add(d.address().host() + (d.hasPort() ? ":" + d.port() : "")
                        + (d.transport() == null ? "" : ";transport=" + d.transport().name().toLowerCase(Locale.ROOT)));
            }
            SipTrunk.Credentials credentials = t.outbound().credentials();
            if (credentials != null) {
                username = credentials.username();
                password = credentials.password();
            }
        }
        Duration registration = Duration.ZERO;
        SipTrunk.Registration register = t.outbound() == null ? null : t.outbound().registration();
        if (register != null) {
            if (username == null || destinations.isEmpty()) {
                LOG.warn("trunk {}: registration needs outbound credentials and a destination; not registering",
                        t.name());
            } else {
                // The edge registers at the first outbound destination; a registrar elsewhere is not supported yet.
                if (!register.registrar().host().equals(t.outbound().destinations().get(0).address().host())) {
                    LOG.warn("trunk {}: registering at the first destination, not at registrar {}", t.name(),
                            register.registrar());
                }
                registration = Duration.ofSeconds(register.expiresSeconds());
            }
        }
        // Number rules are applied by the contact center, which knows the instance's numbers; no country code here.
        // Built through the withers: the record grows as the edge gains trunk features, the withers stay.
        return TrunkDefinition.inbound(t.name(), cidrs.toArray(String[]::new))
                .withOutbound(destinations, username, password)
                .withDigestUsers(digestUsers, digestSources)
                .withLimits(t.maxConcurrentCalls(), "")
                .withRegistration(registration);
    }
}
