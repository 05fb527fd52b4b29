package io.switchboard.sip.session;

import io.switchboard.sip.trunk.Trunk;
import io.switchboard.sip.trunk.TrunkTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The background work trunks ask for: OPTIONS keepalives and registrations, started and stopped together. */
final class TrunkServices {
    private final SessionLayer session;
    private final TrunkTable trunks;
    /** Core loop only. */
    private final List<TrunkKeepalive> keepalives = new ArrayList<>();
    /** Written once at start on the core loop; read by metric snapshots from other threads. */
    private final Map<String, TrunkRegistration> registrations = new ConcurrentHashMap<>();

    TrunkServices(SessionLayer session, TrunkTable trunks) {
        this.session = session;
        this.trunks = trunks;
    }

    /** Core loop, once the transaction layer is attached. */
    void start() {
        for (Trunk t : trunks.all()) {
            if (!t.definition().keepalive().isZero() && !t.definition().outboundDestinations().isEmpty()) {
                TrunkKeepalive k = new TrunkKeepalive(session, t);
                keepalives.add(k);
                k.start();
            }
            if (!t.definition().registration().isZero()) {
                TrunkRegistration r = new TrunkRegistration(session, t);
                registrations.put(t.name(), r);
                r.start();
            }
        }
    }

    void stop() {
        keepalives.forEach(TrunkKeepalive::stop);
        registrations.values().forEach(TrunkRegistration::stop);
    }

    /** trunk_registered{trunk="x"} 1/0 for trunks that register. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        registrations.forEach((name, r) -> m.put("trunk_registered{trunk=\"" + name + "\"}", r.registered() ? 1L : 0L));
        return m;
    }
}
