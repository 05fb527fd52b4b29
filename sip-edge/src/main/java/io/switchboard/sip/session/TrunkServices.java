package io.switchboard.sip.session;

import io.switchboard.sip.trunk.Trunk;
import io.switchboard.sip.trunk.TrunkTable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The background work trunks ask for: OPTIONS keepalives and registrations, started and stopped together. */
final class TrunkServices {
    private final SessionLayer session;
    private final TrunkTable trunks;
    /** Core loop only. */
    private final Map<String, TrunkKeepalive> keepalives = new java.util.HashMap<>();
    /** Written on the core loop at start and on reloads; read by metric snapshots from other threads. */
    private final Map<String, TrunkRegistration> registrations = new ConcurrentHashMap<>();

    TrunkServices(SessionLayer session, TrunkTable trunks) {
        this.session = session;
        this.trunks = trunks;
    }

    /** Core loop, once the transaction layer is attached. */
    void start() {
        for (Trunk t : trunks.all()) {
            start(t);
        }
    }

    private void start(Trunk t) {
        if (!t.definition().keepalive().isZero() && !t.definition().outboundDestinations().isEmpty()) {
            TrunkKeepalive k = new TrunkKeepalive(session, t);
            keepalives.put(t.name(), k);
            k.start();
        }
        if (!t.definition().registration().isZero()) {
            TrunkRegistration r = new TrunkRegistration(session, t);
            registrations.put(t.name(), r);
            r.start();
        }
    }

    /** Core loop, after a reload: the services of changed and removed trunks stop, those of new and changed start. */
    void reload(TrunkTable.Changes changes) {
        for (List<String> names : List.of(changes.changed(), changes.removed())) {
            names.forEach(this::stop);
        }
        for (List<String> names : List.of(changes.added(), changes.changed())) {
            for (String name : names) {
                Trunk t = trunks.byName(name);
                if (t != null) {
                    start(t);
                }
            }
        }
    }

    private void stop(String trunk) {
        TrunkKeepalive k = keepalives.remove(trunk);
        if (k != null) {
            k.stop();
        }
        TrunkRegistration r = registrations.remove(trunk);
        if (r != null) {
            r.stop();
        }
    }

    void stop() {
        keepalives.values().forEach(TrunkKeepalive::stop);
        registrations.values().forEach(TrunkRegistration::stop);
    }

    /** trunk_registered{trunk="x"} 1/0 for trunks that register. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        registrations.forEach((name, r) -> m.put("trunk_registered{trunk=\"" + name + "\"}", r.registered() ? 1L : 0L));
        return m;
    }
}
