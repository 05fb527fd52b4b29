package io.switchboard.config.model;

import java.util.regex.Pattern;

/** A host name or IP address with an optional port ({@code sbc.example.net:5060}, {@code [2001:db8::1]:5061}). */
public record HostPort(String host, int port) {

    /** Port used when none is written; the transport's own default applies where it differs. */
    public static final int NO_PORT = 0;

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9a-fA-F:.]+\\]");

    public HostPort {
        if (host == null || !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("not a host name or address: \"" + host + "\"");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, found " + port);
        }
    }

    public static HostPort parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        boolean bracketed = t.startsWith("[");
        if (colon < 0 || (bracketed && colon < t.indexOf(']'))) {
            return new HostPort(t, NO_PORT);
        }
        if (!bracketed && t.indexOf(':') != colon) {
            throw new IllegalArgumentException("write IPv6 addresses in brackets, as [2001:db8::1]:5060: \"" + text + "\"");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected host:port, found \"" + text + "\"");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, found \"" + text + "\"");
        }
        return new HostPort(t.substring(0, colon), port);
    }

    /** The port, or {@code fallback} when none was written. */
    public int portOr(int fallback) {
        return port == NO_PORT ? fallback : port;
    }

    @Override
    public String toString() {
        return port == NO_PORT ? host : host + ":" + port;
    }
}
