package io.switchboard.sip.trunk;

import io.switchboard.sip.api.TrunkDefinition;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configured trunks, matched in configuration order; the first whose networks hold the source wins. A reload
 * ({@link #replace}) swaps in a new set at once: readers on any thread see the old set or the new one.
 */
public final class TrunkTable {
    /** One set of trunks: by name, and in configuration order to match without an iterator. */
    private record Snapshot(Map<String, Trunk> byName, Trunk[] ordered) {
    }

    private volatile Snapshot current;

    public TrunkTable(List<TrunkDefinition> definitions) {
        current = build(definitions, Map.of());
    }

    /**
     * Replaces the trunks with {@code definitions} (core loop; a reload). A trunk whose definition is unchanged is
     * kept as it is; a changed one takes its new definition in place, keeping its live call count, so its limit
     * still counts the calls in progress; a removed one leaves the table, and its calls in progress keep their
     * reference to it until they end. Throws IllegalArgumentException, changing nothing, for a bad definition.
     * Returns the names of trunks added, changed and removed.
     */
    public Changes replace(List<TrunkDefinition> definitions) {
        Map<String, Trunk> before = current.byName();
        for (TrunkDefinition d : definitions) {
            Trunk.check(d);
        }
        Snapshot next = build(definitions, before);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (TrunkDefinition d : definitions) {
            Trunk old = before.get(d.name());
            if (old == null) {
                added.add(d.name());
            } else if (!old.definition().equals(d)) {
                old.reconfigure(d);
                changed.add(d.name());
            }
        }
        List<String> removed = before.keySet().stream().filter(n -> !next.byName().containsKey(n)).toList();
        current = next;
        return new Changes(added, changed, removed);
    }

    /** What a {@link #replace} did, by trunk name. */
    public record Changes(List<String> added, List<String> changed, List<String> removed) {
        public boolean any() {
            return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
        }
    }

    private static Snapshot build(List<TrunkDefinition> definitions, Map<String, Trunk> reuse) {
        Map<String, Trunk> byName = new LinkedHashMap<>();
        for (TrunkDefinition d : definitions) {
            Trunk kept = reuse.get(d.name());
            if (byName.putIfAbsent(d.name(), kept != null ? kept : new Trunk(d)) != null) {
                throw new IllegalArgumentException("duplicate trunk name " + d.name());
            }
        }
        return new Snapshot(java.util.Collections.unmodifiableMap(byName), byName.values().toArray(new Trunk[0]));
    }

    /** The trunk an out-of-dialog request from {@code source} belongs to, or null; from any thread. */
    public Trunk matchInbound(InetAddress source) {
        for (Trunk t : current.ordered()) {
            if (t.acceptsSource(source)) {
                return t;
            }
        }
        return null;
    }

    /** The trunk that has {@code username} among its digest users, or null. */
    public Trunk byDigestUser(String username) {
        for (Trunk t : current.byName().values()) {
            if (username != null && t.definition().digestUsers().containsKey(username)) {
                return t;
            }
        }
        return null;
    }

    /** True when some trunk authenticates by digest, so unknown sources must be challenged, not refused. */
    public boolean anyDigestUsers() {
        return current.byName().values().stream().anyMatch(t -> !t.definition().digestUsers().isEmpty());
    }

    /** True when some digest trunk's users may call from {@code source}: its requests are challenged. */
    public boolean challenges(InetAddress source) {
        for (Trunk t : current.byName().values()) {
            if (t.challengesSource(source)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The one realm every digest user's HA1 was computed for (the realm we challenge with), or null with no
     * digest users. A challenge names one realm before the user is known, so users of several realms could not
     * all answer it: refused here as configuration validation refuses it.
     */
    public String digestRealm() {
        List<String> realms = current.byName().values().stream()
                .flatMap(t -> t.definition().digestUsers().values().stream())
                .map(io.switchboard.sip.api.DigestSecret::realm).distinct().toList();
        if (realms.size() > 1) {
            throw new IllegalArgumentException("digest users of several realms " + realms
                    + ": every inbound digest user must share one realm");
        }
        return realms.isEmpty() ? null : realms.get(0);
    }

    /** The algorithms of {@code preferred} that every digest user has an HA1 for, in that order. */
    public List<String> digestAlgorithmsAllUsersHave(List<String> preferred) {
        return preferred.stream().filter(a -> current.byName().values().stream()
                .flatMap(t -> t.definition().digestUsers().values().stream())
                .allMatch(u -> u.ha1(a) != null)).toList();
    }

    public java.util.Collection<Trunk> all() {
        return current.byName().values();
    }

    public Trunk byName(String name) {
        return current.byName().get(name);
    }

    /** Per-trunk gauges and counters, keyed in Prometheus label style. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        for (Trunk t : current.byName().values()) {
            String label = "{trunk=\"" + t.name() + "\"}";
            m.put("trunk_calls_active" + label, (long) t.activeCalls());
            m.put("trunk_calls_total" + label, t.callsTotal());
            m.put("trunk_calls_rejected_limit_total" + label, t.callsRejectedForLimit());
            List<String> destinations = t.definition().outboundDestinations();
            for (int i = 0; i < destinations.size(); i++) {
                m.put("trunk_destination_up{trunk=\"" + t.name() + "\",destination=\"" + destinations.get(i) + "\"}",
                        t.destinationUp(i) ? 1L : 0L);
            }
        }
        return m;
    }
}
