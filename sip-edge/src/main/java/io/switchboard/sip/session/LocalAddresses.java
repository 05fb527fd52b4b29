package io.switchboard.sip.session;

import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transport.TransportKind;
import java.util.EnumMap;
import java.util.Map;

/** How the edge names itself per transport: the public host and the bound ports, for Via and Contact. */
public final class LocalAddresses {
    private final String publicHost;
    private final Map<TransportKind, Integer> ports;
    private final Map<TransportKind, Dialog.Via> vias = new EnumMap<>(TransportKind.class);

    public LocalAddresses(String publicHost, Map<TransportKind, Integer> ports) {
        this.publicHost = publicHost;
        this.ports = new EnumMap<>(ports);
        for (Map.Entry<TransportKind, Integer> e : this.ports.entrySet()) {
            TransportKind kind = e.getKey();
            // sip: with transport=tls rather than sips:, which would promise TLS on every hop (RFC 5630)
            String param = kind == TransportKind.UDP ? "" : kind == TransportKind.TCP ? ";transport=tcp"
                    : ";transport=tls";
            String contact = "<sip:" + hostForUri() + ":" + e.getValue() + param + ">";
            vias.put(kind, new Dialog.Via(kind.name(), hostForUri(), e.getValue(), contact));
        }
    }

    /** True when the edge listens on {@code kind} (and so can name itself in a Via for it). */
    public boolean has(TransportKind kind) {
        return vias.containsKey(kind);
    }

    /** The transports the edge listens on. */
    public java.util.Set<TransportKind> transports() {
        return java.util.Collections.unmodifiableSet(vias.keySet());
    }

    public Dialog.Via via(TransportKind kind) {
        Dialog.Via via = vias.get(kind);
        if (via == null) {
            throw new IllegalStateException("no listener for " + kind);
        }
        return via;
    }

    /** Our Contact for messages on {@code kind}. */
    public String contact(TransportKind kind) {
        return via(kind).contact();
    }

    public String host() {
        return publicHost;
    }

    private String hostForUri() {
        return publicHost.indexOf(':') >= 0 && !publicHost.startsWith("[") ? "[" + publicHost + "]" : publicHost;
    }
}
