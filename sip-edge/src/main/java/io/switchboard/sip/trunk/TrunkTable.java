package io.switchboard.sip.trunk;

import io.switchboard.sip.api.TrunkDefinition;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The configured trunks, matched in configuration order; the first whose networks hold the source wins. */
public final class TrunkTable {
    private final Map<String, Trunk> byName = new LinkedHashMap<>();
    /** The same trunks in configuration order, matched without an iterator. */
    private final Trunk[] ordered;

    public TrunkTable(List<TrunkDefinition> definitions) {
        for (TrunkDefinition d : definitions) {
            if (byName.putIfAbsent(d.name(), new Trunk(d)) != null) {
                throw new IllegalArgumentException("duplicate trunk name " + d.name());
            }
        }
        ordered = byName.values().toArray(new Trunk[0]);
    }

    /** The trunk an out-of-dialog request from {@code source} belongs to, or null; from any thread. */
    public Trunk matchInbound(InetAddress source) {
        for (Trunk t : ordered) {
            if (t.acceptsSource(source)) {
                return t;
            }
        }
        return null;
    }

    /** The trunk that has {@code username} among its digest users, or null. */
    public Trunk byDigestUser(String username) {
        for (Trunk t : byName.values()) {
            if (username != null && t.definition().digestUsers().containsKey(username)) {
                return t;
            }
        }
        return null;
    }

    /** True when some trunk authenticates by digest, so unknown sources must be challenged, not refused. */
    public boolean anyDigestUsers() {
        return byName.values().stream().anyMatch(t -> !t.definition().digestUsers().isEmpty());
    }

    /** True when some digest trunk's users may call from {@code source}: its requests are challenged. */
    public boolean challenges(InetAddress source) {
        for (Trunk t : byName.values()) {
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
        List<String> realms = byName.values().stream()
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
        return preferred.stream().filter(a -> byName.values().stream()
                .flatMap(t -> t.definition().digestUsers().values().stream())
                .allMatch(u -> u.ha1(a) != null)).toList();
    }

    public java.util.Collection<Trunk> all() {
        return byName.values();
    }

    public Trunk byName(String name) {
        return byName.get(name);
    }

    /** Per-trunk gauges and counters, keyed in Prometheus label style. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        for (Trunk t : byName.values()) {
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
