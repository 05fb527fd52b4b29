package io.switchboard.sip.api;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How trunk destinations given as host names are looked up (RFC 3263: NAPTR, SRV, A/AAAA).
 *
 * @param servers      name servers asked in order, or empty for the system's (resolv.conf)
 * @param queryTimeout how long one query may take before the next server is asked or the lookup fails
 */
public record DnsSettings(List<InetSocketAddress> servers, Duration queryTimeout) {

    public DnsSettings {
        servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("DNS query timeout must be at least 1 ms: " + queryTimeout);
        }
    }

    /** The system's name servers, 5 s per query. */
    public static DnsSettings system() {
        return new DnsSettings(List.of(), Duration.ofSeconds(5));
    }
}
