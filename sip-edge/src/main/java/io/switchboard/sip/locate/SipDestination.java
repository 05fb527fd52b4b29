package io.switchboard.sip.locate;

import io.netty.util.NetUtil;
import io.switchboard.sip.transport.SipTarget;
import io.switchboard.sip.transport.TransportKind;
import java.util.Locale;

/**
 * A trunk destination as configured, "host[:port][;transport=udp|tcp|tls]", remembering what was left out: RFC 3263
 * section 4 looks up NAPTR only when neither a transport nor a port is given, SRV only when no port is given, and
 * nothing at all for a numeric address.
 *
 * @param host      a host name or an IP address (IPv6 without brackets)
 * @param port      the port given, or 0 for none
 * @param transport the transport given, or null for none
 */
public record SipDestination(String host, int port, TransportKind transport) {

    /** Parses a destination; throws IllegalArgumentException naming what is wrong. */
    public static SipDestination parse(String destination) {
        String d = destination.trim();
        if (d.regionMatches(true, 0, "sip:", 0, 4)) {
            d = d.substring(4);
        }
        int semi = d.indexOf(';');
        String hostPort = semi < 0 ? d : d.substring(0, semi);
        TransportKind transport = null;
        if (semi >= 0) {
            for (String p : d.substring(semi + 1).split(";")) {
                String[] kv = p.split("=", 2);
                if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("transport")) {
                    transport = transport(kv[1].trim(), destination);
                }
            }
        }
        // SipTarget checks the host and port syntax the same way for every SIP URI
        SipTarget checked = SipTarget.parseDestination(hostPort);
        boolean portGiven = hostPort.startsWith("[") ? hostPort.indexOf("]:") > 0
                : hostPort.indexOf(':') > 0 && hostPort.indexOf(':') == hostPort.lastIndexOf(':');
        return new SipDestination(checked.host(), portGiven ? checked.port() : 0, transport);
    }

    private static TransportKind transport(String name, String destination) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "udp" -> TransportKind.UDP;
            case "tcp" -> TransportKind.TCP;
            case "tls" -> TransportKind.TLS;
            default -> throw new IllegalArgumentException("unknown transport " + name + " in " + destination);
        };
    }

    /** True for an IPv4 or IPv6 address: RFC 3263 section 4.2, no lookup at all. */
    public boolean numeric() {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }

    /** The transport used when DNS does not choose one: the given one, else UDP (RFC 3263 section 4.1). */
    public TransportKind transportOrDefault() {
        return transport == null ? TransportKind.UDP : transport;
    }

    /** The port used without SRV: the given one, else the transport's default (5060, 5061 for TLS). */
    public int portOrDefault() {
        return port != 0 ? port : transportOrDefault() == TransportKind.TLS ? 5061 : 5060;
    }

    /** The target of a numeric destination, which needs no lookup; null for a host name. */
    public SipTarget literalTarget() {
        return numeric() ? new SipTarget(host, portOrDefault(), transportOrDefault()) : null;
    }

    /** The host and the port as written, for Request-URIs and To: the domain, not the address it resolved to. */
    public String uriHostPort() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == 0 ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return uriHostPort() + (transport == null ? "" : ";transport=" + transport.name().toLowerCase(Locale.ROOT));
    }
}
