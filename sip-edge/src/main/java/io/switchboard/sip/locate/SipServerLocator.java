package io.switchboard.sip.locate;

import io.switchboard.sip.transport.SipTarget;
import io.switchboard.sip.transport.TransportKind;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a trunk destination into the ordered targets to try (RFC 3263 section 4, "Client usage"): NAPTR when
 * neither transport nor port is given, then SRV, then A/AAAA; a numeric address needs no lookup. Later targets are
 * the failover of earlier ones. Runs on the SIP core loop.
 */
public final class SipServerLocator {
    private static final Logger LOG = LoggerFactory.getLogger(SipServerLocator.class);

    private final DnsLookup dns;
    private final Set<TransportKind> transports;
    private final RandomGenerator random;

    /** {@code transports}: those we have a listener for, so that our Via can name them (RFC 3261 section 18.1.1). */
    public SipServerLocator(DnsLookup dns, Set<TransportKind> transports, RandomGenerator random) {
        this.dns = dns;
        this.transports = transports.isEmpty() ? EnumSet.noneOf(TransportKind.class) : EnumSet.copyOf(transports);
        this.random = random;
    }

    /** A locator that finds numeric destinations only: every name is treated as having no records. */
    public static SipServerLocator numericOnly(Set<TransportKind> transports) {
        return new SipServerLocator(new DnsLookup() {
            @Override
            public CompletableFuture<List<NaptrRecord>> naptr(String name) {
                return CompletableFuture.completedFuture(List.of());
            }

            @Override
            public CompletableFuture<List<SrvRecord>> srv(String name) {
                return CompletableFuture.completedFuture(List.of());
            }

            @Override
            public CompletableFuture<List<InetAddress>> addresses(String name) {
                return CompletableFuture.completedFuture(List.of());
            }
        }, transports, RandomGenerator.getDefault());
    }

    /**
     * The targets of every destination in turn, each destination's own best first: a numeric destination's target
     * is named by its address and port as before, a located one by its configured host. Completes at once when no
     * destination needs a lookup. Completes exceptionally with an {@link UnresolvedDestinationException} only when no
     * destination gave a target (timed out when any lookup did).
     */
    public CompletableFuture<List<LocatedTarget>> locateAll(List<SipDestination> destinations) {
        List<CompletableFuture<List<SipTarget>>> parts = new ArrayList<>(destinations.size());
        for (SipDestination d : destinations) {
            parts.add(locate(d));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).handle((done, ignored) -> {
            List<LocatedTarget> all = new ArrayList<>();
            UnresolvedDestinationException unresolved = null;
            for (int i = 0; i < parts.size(); i++) {
                SipDestination d = destinations.get(i);
                List<SipTarget> targets;
                try {
                    targets = parts.get(i).join();
                } catch (java.util.concurrent.CompletionException e) {
                    UnresolvedDestinationException u = e.getCause() instanceof UnresolvedDestinationException x ? x
                            : new UnresolvedDestinationException(d + ": " + e.getCause(), false);
                    unresolved = unresolved == null || u.timedOut() ? u : unresolved;
                    continue;
                }
                for (SipTarget t : targets) {
                    all.add(new LocatedTarget(t, i, d.numeric() ? t.host() + ":" + t.port() : d.uriHostPort()));
                }
            }
            if (all.isEmpty() && unresolved != null) {
                throw unresolved;
            }
            return all;
        });
    }

    /**
     * The targets of {@code destination}, best first; completes exceptionally with an
     * {@link UnresolvedDestinationException} when there is none.
     */
    public CompletableFuture<List<SipTarget>> locate(SipDestination destination) {
        SipTarget literal = destination.literalTarget();
        if (literal != null) {
            return CompletableFuture.completedFuture(List.of(literal));
        }
        Lookups lookups = new Lookups(destination);
        CompletableFuture<List<SipTarget>> targets;
        if (destination.port() != 0) {
            // section 4.2: a port without transport means UDP; either way only A/AAAA
            targets = lookups.addressesOf(destination.host(), destination.portOrDefault(),
                    destination.transportOrDefault());
        } else if (destination.transport() != null) {
            targets = lookups.viaSrv(destination.transport());
        } else {
            targets = lookups.viaNaptr();
        }
        return targets.thenApply(found -> {
            if (found.isEmpty()) {
                throw new UnresolvedDestinationException("no SIP server found for " + destination
                        + (lookups.timedOut ? " (name server timeout)" : ""), lookups.timedOut);
            }
            return found;
        });
    }

    /** The lookups for one destination, remembering whether any of them went unanswered. */
    private final class Lookups {
        private final SipDestination destination;
        private boolean timedOut;

        Lookups(SipDestination destination) {
            this.destination = destination;
        }

        /** Section 4.1: NAPTR records of the services we support; without any, SRV for every transport we have. */
        CompletableFuture<List<SipTarget>> viaNaptr() {
            return absentOnTimeout(dns.naptr(destination.host()), "NAPTR " + destination.host()).thenCompose(naptr -> {
                List<NaptrRecord> usable = new ArrayList<>();
                for (NaptrRecord r : naptr) {
                    if (r.pointsToSrv() && serviceTransport(r.service()) != null) {
                        usable.add(r);
                    }
                }
                usable.sort(Comparator.comparingInt(NaptrRecord::order).thenComparingInt(NaptrRecord::preference));
                List<CompletableFuture<List<SipTarget>>> parts = new ArrayList<>();
                if (usable.isEmpty()) {
                    for (TransportKind t : List.of(TransportKind.UDP, TransportKind.TCP, TransportKind.TLS)) {
                        if (transports.contains(t)) {
                            parts.add(srvTargets(srvName(t) + destination.host(), t));
                        }
                    }
                } else {
                    for (NaptrRecord r : usable) {
                        parts.add(srvTargets(r.replacement(), serviceTransport(r.service())));
                    }
                }
                return concat(parts).thenCompose(found -> found.isEmpty()
                        ? addressesOf(destination.host(), destination.portOrDefault(), destination.transportOrDefault())
                        : CompletableFuture.completedFuture(found));
            });
        }

        /** Section 4.2: the transport is known; SRV for it, else A/AAAA on its default port. */
        CompletableFuture<List<SipTarget>> viaSrv(TransportKind transport) {
            return srvTargets(srvName(transport) + destination.host(), transport).thenCompose(found -> found.isEmpty()
                    ? addressesOf(destination.host(), destination.portOrDefault(), transport)
                    : CompletableFuture.completedFuture(found));
        }

        private CompletableFuture<List<SipTarget>> srvTargets(String name, TransportKind transport) {
            if (!transports.contains(transport)) {
                return CompletableFuture.completedFuture(List.of());
            }
            return absentOnTimeout(dns.srv(name), "SRV " + name).thenCompose(records -> {
                List<CompletableFuture<List<SipTarget>>> parts = new ArrayList<>();
                for (SrvRecord r : SrvOrder.order(records, random)) {
                    parts.add(addressesOf(r.target(), r.port(), transport));
                }
                return concat(parts);
            });
        }

        /** Every address of {@code name} as a target; none when the name has none or did not resolve in time. */
        CompletableFuture<List<SipTarget>> addressesOf(String name, int port, TransportKind transport) {
            if (!transports.contains(transport)) {
                return CompletableFuture.completedFuture(List.of());
            }
            return absentOnTimeout(dns.addresses(name), "A/AAAA " + name).thenApply(addresses -> {
                List<SipTarget> targets = new ArrayList<>(addresses.size());
                for (InetAddress a : addresses) {
                    targets.add(new SipTarget(a.getHostAddress(), port, transport));
                }
                return targets;
            });
        }

        /** A lookup that was not answered counts as no records, so the next step of section 4 can still succeed. */
        private <T> CompletableFuture<List<T>> absentOnTimeout(CompletableFuture<List<T>> lookup, String what) {
            return lookup.exceptionally(e -> {
                timedOut = true;
                LOG.debug("DNS {} unanswered: {}", what, e.toString());
                return List.of();
            });
        }
    }

    private static String srvName(TransportKind transport) {
        return switch (transport) {
            case UDP -> "_sip._udp.";
            case TCP -> "_sip._tcp.";
            case TLS -> "_sips._tcp.";
        };
    }

    /** The transport of an RFC 3263 NAPTR service field, or null for one we do not use. */
    private TransportKind serviceTransport(String service) {
        TransportKind t = switch (service.toUpperCase(Locale.ROOT)) {
            case "SIP+D2U" -> TransportKind.UDP;
            case "SIP+D2T" -> TransportKind.TCP;
            case "SIPS+D2T" -> TransportKind.TLS;
            default -> null;
        };
        return t != null && transports.contains(t) ? t : null;
    }

    private static CompletableFuture<List<SipTarget>> concat(List<CompletableFuture<List<SipTarget>>> parts) {
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<SipTarget> all = new ArrayList<>();
            for (CompletableFuture<List<SipTarget>> p : parts) {
                for (SipTarget t : p.join()) {
                    if (!all.contains(t)) {
                        all.add(t);
                    }
                }
            }
            return all;
        });
    }
}
