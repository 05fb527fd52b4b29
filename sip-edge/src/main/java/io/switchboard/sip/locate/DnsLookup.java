package io.switchboard.sip.locate;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The three queries RFC 3263 needs. A name without records of the type (NXDOMAIN or no data) gives an empty list;
 * a lookup that got no answer in time completes exceptionally with a {@link DnsLookupException}. Called and
 * completed on the SIP core loop.
 */
public interface DnsLookup {

    CompletableFuture<List<NaptrRecord>> naptr(String name);

    CompletableFuture<List<SrvRecord>> srv(String name);

    /** A and AAAA records, in the order the resolver prefers. */
    CompletableFuture<List<InetAddress>> addresses(String name);
}
