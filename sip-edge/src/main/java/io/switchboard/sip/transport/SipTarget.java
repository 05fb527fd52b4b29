package io.switchboard.sip.transport;

import java.util.Locale;

/**
 * Where a SIP or SIPS URI points: host, port and transport (RFC 3263's defaults without DNS SRV/NAPTR:
 * port 5060, or 5061 for sips and transport=tls).
 */
public record SipTarget(String host, int port, TransportKind transport) {

    /** Parses "sip:user@host:port;transport=tcp" (also in angle brackets); throws IllegalArgumentException. */
    public static SipTarget parse(String uri) {
        String s = uri.trim();
        if (s.startsWith("<")) {
            int close = s.indexOf('>');
            s = s.substring(1, close < 0 ? s.length() : close);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        boolean secure = lower.startsWith("sips:");
        if (!secure && !lower.startsWith("sip:")) {
            throw new IllegalArgumentException("not a SIP URI: " + uri);
        }
        s = s.substring(secure ? 5 : 4);
        TransportKind transport = secure ? TransportKind.TLS : TransportKind.UDP;
        int semi = s.indexOf(';');
        String params = semi < 0 ? "" : s.substring(semi + 1);
        String hostPort = semi < 0 ? s : s.substring(0, semi);
        int q = hostPort.indexOf('?');
        if (q >= 0) {
            hostPort = hostPort.substring(0, q);
        }
        int at = hostPort.lastIndexOf('@');
        hostPort = at < 0 ? hostPort : hostPort.substring(at + 1);
        for (String p : params.split(";")) {
            String[] kv = p.split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("transport")) {
                transport = TransportKind.fromName(kv[1].trim());
            }
        }
        return hostPort(hostPort, transport, uri);
    }

    /** Parses "host[:port][;transport=x]" as trunk destinations are written. */
    public static SipTarget parseDestination(String destination) {
        String d = destination.trim();
        return parse(d.regionMatches(true, 0, "sip", 0, 3) ? d : "sip:" + d);
    }

    private static SipTarget hostPort(String hostPort, TransportKind transport, String original) {
        String host;
        int port = -1;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("bad IPv6 host in " + original);
            }
            host = hostPort.substring(1, close);
            if (hostPort.length() > close + 1 && hostPort.charAt(close + 1) == ':') {
                port = parsePort(hostPort.substring(close + 2), original);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            if (colon >= 0) {
                port = parsePort(hostPort.substring(colon + 1), original);
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + original);
        }
        if (port < 0) {
            port = transport == TransportKind.TLS ? 5061 : 5060;
        }
        return new SipTarget(host, port, transport);
    }

    private static int parsePort(String s, String original) {
        try {
            int port = Integer.parseInt(s.trim());
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range in " + original);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + original, e);
        }
    }
}
