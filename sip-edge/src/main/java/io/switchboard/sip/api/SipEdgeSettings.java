package io.switchboard.sip.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the SIP edge needs from the server configuration, validated once at construction. The
 * launcher maps its own settings onto this; the edge never reads configuration files.
 *
 * @param bindAddress       address the sockets bind to ("0.0.0.0" for all)
 * @param publicAddress     host written into Via, Contact and Record-Route (what peers can reach)
 * @param sipPort           UDP and TCP port; 0 picks a free port (tests)
 * @param tlsPort           TLS port, used only when {@code tlsCertificate} is set; 0 picks a free port
 * @param tlsCertificate    PEM certificate chain for TLS, or null for no TLS listener
 * @param tlsPrivateKey     PEM PKCS#8 private key for TLS, or null
 * @param t1                RFC 3261 T1 (round-trip estimate), 500 ms by default
 * @param t2                RFC 3261 T2, 4 s by default
 * @param t4                RFC 3261 T4, 5 s by default
 * @param unknownSource     what an INVITE from an address no trunk knows gets
 * @param limits            message, transaction and rate limits
 * @param ioThreads         Netty I/O threads (the first also runs the SIP core)
 * @param preferEpoll       use the native epoll transport when it loads
 * @param userAgent         product token for Server and User-Agent headers
 * @param tlsTrust          PEM certificates trusted for outbound TLS, or null for the JDK's default authorities
 * @param digestAlgorithms  digest algorithms offered when challenging, preferred first ("SHA-256", "MD5");
 *                          some peers read only the first challenge, so MD5 alone is the compatible choice
 * @param dns               name servers for trunk destinations given as host names
 */
public record SipEdgeSettings(String bindAddress, String publicAddress, int sipPort, int tlsPort,
                              Path tlsCertificate, Path tlsPrivateKey, Duration t1, Duration t2, Duration t4,
                              UnknownSourcePolicy unknownSource, SipLimits limits, int ioThreads,
                              boolean preferEpoll, String userAgent, Path tlsTrust, List<String> digestAlgorithms,
                              DnsSettings dns) {

    /** What the edge does with an INVITE (or other request) from a source matching no trunk. */
    public enum UnknownSourcePolicy {
        /** Answer 403 Forbidden (polite, but confirms a SIP server listens). */
        REJECT_403,
        /** Send nothing at all (scanners learn nothing). */
        DROP
    }

    public SipEdgeSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(publicAddress, "publicAddress");
        Objects.requireNonNull(unknownSource, "unknownSource");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(dns, "dns");
        requirePort("sipPort", sipPort);
        requirePort("tlsPort", tlsPort);
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a private key");
        }
        if (t1.isNegative() || t1.isZero() || t2.compareTo(t1) < 0 || t4.isNegative() || t4.isZero()) {
            throw new IllegalArgumentException("timers need 0 < T1 <= T2 and T4 > 0: " + t1 + " " + t2 + " " + t4);
        }
        digestAlgorithms = List.copyOf(digestAlgorithms);
        if (digestAlgorithms.isEmpty()) {
            throw new IllegalArgumentException("offer at least one digest algorithm");
        }
        for (String a : digestAlgorithms) {
            if (!a.equals("MD5") && !a.equals("SHA-256")) {
                throw new IllegalArgumentException("unsupported digest algorithm " + a + " (MD5, SHA-256)");
            }
        }
        if (ioThreads < 1 || ioThreads > 64) {
            throw new IllegalArgumentException("ioThreads must be 1..64: " + ioThreads);
        }
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " out of range: " + port);
        }
    }

    /** Defaults for {@code publicAddress}: all addresses, port 5060, RFC 3261 timers, unknown sources dropped. */
    public static SipEdgeSettings defaults(String publicAddress) {
        return new SipEdgeSettings("0.0.0.0", publicAddress, 5060, 5061, null, null, Duration.ofMillis(500),
                Duration.ofSeconds(4), Duration.ofSeconds(5), UnknownSourcePolicy.DROP, SipLimits.defaults(),
                Math.max(1, Runtime.getRuntime().availableProcessors()), true, "Switchboard", null,
                List.of("SHA-256", "MD5"), DnsSettings.system());
    }

    public SipEdgeSettings withBind(String address, int port) {
        return new SipEdgeSettings(address, publicAddress, port, tlsPort, tlsCertificate, tlsPrivateKey, t1, t2, t4,
                unknownSource, limits, ioThreads, preferEpoll, userAgent, tlsTrust, digestAlgorithms, dns);
    }

    public SipEdgeSettings withTls(int port, Path certificate, Path privateKey) {
        return new SipEdgeSettings(bindAddress, publicAddress, sipPort, port, certificate, privateKey, t1, t2, t4,
                unknownSource, limits, ioThreads, preferEpoll, userAgent, tlsTrust, digestAlgorithms, dns);
    }

    public SipEdgeSettings withTimers(Duration newT1, Duration newT2, Duration newT4) {
        return new SipEdgeSettings(bindAddress, publicAddress, sipPort, tlsPort, tlsCertificate, tlsPrivateKey,
                newT1, newT2, newT4, unknownSource, limits, ioThreads, preferEpoll, userAgent, tlsTrust, digestAlgorithms,
                dns);
    }

    public SipEdgeSettings withUnknownSource(UnknownSourcePolicy policy) {
        return new SipEdgeSettings(bindAddress, publicAddress, sipPort, tlsPort, tlsCertificate, tlsPrivateKey, t1, t2,
                t4, policy, limits, ioThreads, preferEpoll, userAgent, tlsTrust, digestAlgorithms, dns);
    }

    public SipEdgeSettings withLimits(SipLimits newLimits) {
        return new SipEdgeSettings(bindAddress, publicAddress, sipPort, tlsPort, tlsCertificate, tlsPrivateKey, t1, t2,
                t4, unknownSource, newLimits, ioThreads, preferEpoll, userAgent, tlsTrust, digestAlgorithms, dns);
    }

    public SipEdgeSettings withIoThreads(int threads) {
        return new SipEdgeSettings(bindAddress, publicAddress, sipPort, tlsPort, tlsCertificate, tlsPrivateKey, t1, t2,
                t4, unknownSource, limits, threads, preferEpoll, userAgent, tlsTrust, digestAlgorithms, dns);
    }

    public SipEdgeSettings withDigestAlgorithms(List<String> algorithms) {
        return new SipEdgeSettings(bindAddress, publicAddress, sipPort, tlsPort, tlsCertificate, tlsPrivateKey, t1, t2,
                t4, unknownSource, limits, ioThreads, preferEpoll, userAgent, tlsTrust, algorithms, dns);
    }

    public SipEdgeSettings withTlsTrust(Path trustedCertificates) {
        return new SipEdgeSettings(bindAddress, publicAddress, sipPort, tlsPort, tlsCertificate, tlsPrivateKey, t1, t2,
                t4, unknownSource, limits, ioThreads, preferEpoll, userAgent, trustedCertificates, digestAlgorithms, dns);
    }

    public SipEdgeSettings withDns(DnsSettings newDns) {
        return new SipEdgeSettings(bindAddress, publicAddress, sipPort, tlsPort, tlsCertificate, tlsPrivateKey, t1, t2,
                t4, unknownSource, limits, ioThreads, preferEpoll, userAgent, tlsTrust, digestAlgorithms, newDns);
    }

    public boolean tlsEnabled() {
        return tlsCertificate != null;
    }
}
