package io.switchboard.control.http;

import java.util.Optional;

/** The request methods routes can answer (RFC 9110 section 9). Others get 501. */
public enum HttpMethod {
    GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS;

    /** The method named exactly {@code name} (methods are case-sensitive, RFC 9110 section 9.1). */
    public static Optional<HttpMethod> of(String name) {
        for (HttpMethod method : values()) {
            if (method.name().equals(name)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
