package io.switchboard.config.model;

import java.net.URI;
import java.net.URISyntaxException;

/** An absolute {@code ws://} or {@code wss://} URL with a host: where live media streams go. */
public record WebSocketUrl(URI uri) {

    public WebSocketUrl {
        String scheme = uri == null ? null : uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("ws") || scheme.equalsIgnoreCase("wss"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("expected a ws:// or wss:// URL with a host, found \"" + uri + "\"");
        }
    }

    public static WebSocketUrl parse(String text) {
        try {
            return new WebSocketUrl(new URI(text.trim()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected a ws:// or wss:// URL with a host, found \"" + text + "\"");
        }
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
