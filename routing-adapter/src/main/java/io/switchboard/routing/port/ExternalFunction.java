package io.switchboard.routing.port;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * An external function (the local stand-in for an AWS Lambda): a name flows refer to, the HTTP(S) URL
 * that receives the Lambda-shaped event, and the longest it may take.
 */
public record ExternalFunction(String name, URI url, Duration timeout) {

    /** Amazon Connect waits at most 8 seconds for a function. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(8);

    public ExternalFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("function " + name + ": URL must be http or https: " + url);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("function " + name + ": timeout must be in (0, 8] seconds");
        }
    }
}
