package io.switchboard.config;

import java.util.regex.Pattern;

/**
 * A name server of the {@code dnsServers} setting: an IPv4 address or a bracketed IPv6 address, with an optional
 * port (53 by default). Only addresses: a name server named by a host name would need a name server to be found.
 */
public record DnsServer(String address, int port) {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

    /** Parses "192.0.2.53", "192.0.2.53:5353" or "[2001:db8::53]:5353"; throws IllegalArgumentException. */
    public static DnsServer parse(String text) {
        String s = text.trim();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in " + text);
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("expected :port after ] in " + text);
                }
                port = s.substring(close + 2);
            }
            if (!IPV6.matcher(host).matches() || host.indexOf(':') < 0) {
                throw new IllegalArgumentException("not an IPv6 address: " + host);
            }
        } else {
            int colon = s.indexOf(':');
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
            var m = IPV4.matcher(host);
            if (!m.matches()) {
                throw new IllegalArgumentException("not an IPv4 address: " + host);
            }
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    throw new IllegalArgumentException("not an IPv4 address: " + host);
                }
            }
        }
        int p = 53;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in " + text, e);
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("port out of range in " + text);
            }
        }
        return new DnsServer(host, p);
    }

    /** True when {@code text} parses. */
    public static boolean valid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
