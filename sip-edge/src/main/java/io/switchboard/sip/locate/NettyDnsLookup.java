package io.switchboard.sip.locate;

import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.sip.api.DnsSettings;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@link DnsLookup} through Netty's DNS resolver on the SIP core loop. A and AAAA answers are cached by the resolver
 * for their TTL; NAPTR and SRV answers here, for the smallest TTL of the set, and their absence for
 * {@link #NEGATIVE_TTL_SECONDS}. Confined to the core loop (the resolver's loop), so the cache needs no lock.
 */
public final class NettyDnsLookup implements DnsLookup, AutoCloseable {
    /** How long a name without NAPTR or SRV records is remembered as such (RFC 2308 would use the SOA minimum). */
    static final long NEGATIVE_TTL_SECONDS = 60;

    private final DnsNameResolver resolver;
    private final LongSupplier nanoClock;
    /** Core loop only. */
    private final Map<String, Cached<?>> cache = new HashMap<>();

    private record Cached<T>(List<T> records, long expiresNanos) {
    }

    public NettyDnsLookup(EventLoop loop, Class<? extends DatagramChannel> channel, DnsSettings settings,
                          LongSupplier nanoClock) {
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder(loop).datagramChannelType(channel)
                .queryTimeoutMillis(settings.queryTimeout().toMillis())
                .negativeTtl((int) NEGATIVE_TTL_SECONDS);
        builder.nameServerProvider(settings.servers().isEmpty() ? DnsServerAddressStreamProviders.platformDefault()
                : new SequentialDnsServerAddressStreamProvider(settings.servers()));
        this.resolver = builder.build();
        this.nanoClock = nanoClock;
    }

    @Override
    public CompletableFuture<List<NaptrRecord>> naptr(String name) {
        return records(name, DnsRecordType.NAPTR, DnsRecordCodec::naptr);
    }

    @Override
    public CompletableFuture<List<SrvRecord>> srv(String name) {
        return records(name, DnsRecordType.SRV, DnsRecordCodec::srv);
    }

    @Override
    public CompletableFuture<List<InetAddress>> addresses(String name) {
        CompletableFuture<List<InetAddress>> result = new CompletableFuture<>();
        resolver.resolveAll(name).addListener(f -> {
            if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                List<InetAddress> found = (List<InetAddress>) f.getNow();
                result.complete(found);
            } else {
                completeFailed(result, f.cause(), "A/AAAA " + name);
            }
        });
        return result;
    }

    private <T> CompletableFuture<List<T>> records(String name, DnsRecordType type, Function<DnsRecord, T> decode) {
        String key = type.name() + " " + name;
        Cached<?> hit = cache.get(key);
        if (hit != null && hit.expiresNanos() - nanoClock.getAsLong() > 0) {
            @SuppressWarnings("unchecked")
            List<T> records = (List<T>) hit.records();
            return CompletableFuture.completedFuture(records);
        }
        CompletableFuture<List<T>> result = new CompletableFuture<>();
        resolver.resolveAll(new DefaultDnsQuestion(name, type)).addListener(f -> {
            if (!f.isSuccess()) {
                if (completeFailed(result, f.cause(), key)) {
                    cache.put(key, new Cached<>(List.of(), nanoClock.getAsLong() + NEGATIVE_TTL_SECONDS * 1_000_000_000L));
                }
                return;
            }
            @SuppressWarnings("unchecked")
            List<DnsRecord> answers = (List<DnsRecord>) f.getNow();
            List<T> decoded = new ArrayList<>(answers.size());
            long ttl = Long.MAX_VALUE;
            try {
                for (DnsRecord r : answers) {
                    T value = r.type() == type ? decode.apply(r) : null;
                    if (value != null) {
                        decoded.add(value);
                        ttl = Math.min(ttl, r.timeToLive());
                    }
                }
            } finally {
                answers.forEach(ReferenceCountUtil::release);
            }
            long seconds = decoded.isEmpty() ? NEGATIVE_TTL_SECONDS : ttl;
            List<T> records = List.copyOf(decoded);
            cache.put(key, new Cached<>(records, nanoClock.getAsLong() + seconds * 1_000_000_000L));
            result.complete(records);
        });
        return result;
    }

    /**
     * Completes {@code result} for a failed query: empty when the name has no such records (NXDOMAIN, no data),
     * exceptionally when no answer came. True for the former, which may be cached.
     */
    private static <T> boolean completeFailed(CompletableFuture<List<T>> result, Throwable cause, String what) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof DnsNameResolverTimeoutException) {
                result.completeExceptionally(new DnsLookupException(what + ": no answer in time", cause));
                return false;
            }
        }
        result.complete(List.of());
        return true;
    }

    @Override
    public void close() {
        resolver.close();
    }
}
