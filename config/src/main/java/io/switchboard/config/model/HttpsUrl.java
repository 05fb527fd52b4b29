package io.switchboard.config.model;

import java.net.URI;
import java.net.URISyntaxException;

/** An absolute {@code https://} URL with a host. External functions are only called over TLS. */
public record HttpsUrl(URI uri) {

    public HttpsUrl {
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("expected an https:// URL with a host, found \"" + uri + "\"");
        }
    }

    public static HttpsUrl parse(String text) {
        try {
            return new HttpsUrl(new URI(text.trim()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected an https:// URL with a host, found \"" + text + "\"");
        }
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
