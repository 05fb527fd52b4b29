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

    public TrunkTable(List<TrunkDefinition> definitions) {
        for (TrunkDefinition d : definitions) {
            if (byName.putIfAbsent(d.name(), new Trunk(d)) != null) {
                throw new IllegalArgumentException("duplicate trunk name " + d.name());
            }
        }
    }

    /** The trunk an out-of-dialog request from {@code source} belongs to, or null. */
    public Trunk matchInbound(InetAddress source) {
        for (Trunk t : byName.values()) {
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
