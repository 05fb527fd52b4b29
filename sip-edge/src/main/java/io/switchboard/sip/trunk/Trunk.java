package io.switchboard.sip.trunk;

import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.sip.locate.SipDestination;
import java.net.InetAddress;
import java.util.List;

/**
 * A configured trunk at run time: its parsed networks, number rules and destinations (replaced whole on a reload,
 * so a reader sees one configuration or the next, never a mix) and its live call count, which survives a reload
 * (written on the core loop only, volatile for metric reads).
 */
public final class Trunk {
    /** One configuration of the trunk, parsed once. */
    private record Parsed(TrunkDefinition definition, List<Cidr> networks, List<Cidr> digestNetworks,
                          NumberNormaliser numbers, List<SipDestination> destinations, boolean[] destinationUp) {

        static Parsed of(TrunkDefinition definition) {
            // a destination that does not parse is a configuration error: refused before any call uses it
            List<SipDestination> destinations = definition.outboundDestinations().stream().map(SipDestination::parse)
                    .toList();
            boolean[] up = new boolean[destinations.size()];
            java.util.Arrays.fill(up, true);
            return new Parsed(definition, definition.inboundCidrs().stream().map(Cidr::parse).toList(),
                    definition.digestSources().stream().map(Cidr::parse).toList(),
                    new NumberNormaliser(definition.countryCode()), destinations, up);
        }
    }

    private volatile Parsed parsed;
    private volatile int activeCalls;
    private volatile long callsTotal;
    private volatile long callsRejectedForLimit;

    public Trunk(TrunkDefinition definition) {
        this.parsed = Parsed.of(definition);
    }

    /**
     * Takes {@code definition} from now on (a reload): new calls and new requests see it; calls in progress keep
     * what they already took from the old one (their dialogs, their located targets). Keepalive states of
     * destinations start up again. Throws IllegalArgumentException, changing nothing, when it does not parse.
     */
    void reconfigure(TrunkDefinition definition) {
        if (!definition.name().equals(name())) {
            throw new IllegalArgumentException("trunk " + name() + " cannot become " + definition.name());
        }
        parsed = Parsed.of(definition);
    }

    /** Checks that {@code definition} parses as a trunk, without building one. */
    static void check(TrunkDefinition definition) {
        Parsed.of(definition);
    }

    public List<SipDestination> destinations() {
        return parsed.destinations();
    }

    /** Whether keepalives report destination {@code index} up; true for an index a reload took away. */
    public boolean destinationUp(int index) {
        boolean[] up = parsed.destinationUp();
        return index >= up.length || up[index];
    }

    public void markDestination(int index, boolean up) {
        boolean[] states = parsed.destinationUp();
        if (index < states.length) {
            states[index] = up;
        }
    }

    public String name() {
        return parsed.definition().name();
    }

    public TrunkDefinition definition() {
        return parsed.definition();
    }

    public NumberNormaliser numbers() {
        return parsed.numbers();
    }

    /** Allocates nothing for an IPv4 source (indexed loop: no iterator). */
    public boolean acceptsSource(InetAddress source) {
        List<Cidr> networks = parsed.networks();
        for (int i = 0; i < networks.size(); i++) {
            if (networks.get(i).contains(source)) {
                return true;
            }
        }
        return false;
    }

    /** True when this trunk's digest users may call from {@code source} (and so it is challenged, not dropped). */
    public boolean challengesSource(InetAddress source) {
        Parsed p = parsed;
        if (p.definition().digestUsers().isEmpty()) {
            return false;
        }
        if (p.digestNetworks().isEmpty()) {
            return true;
        }
        for (Cidr cidr : p.digestNetworks()) {
            if (cidr.contains(source)) {
                return true;
            }
        }
        return false;
    }

    /** Takes a call slot; false (and counted) when the trunk is at its limit. */
    public boolean tryStartCall() {
        int max = parsed.definition().maxConcurrentCalls();
        if (max > 0 && activeCalls >= max) {
            callsRejectedForLimit++;
            return false;
        }
        activeCalls++;
        callsTotal++;
        return true;
    }

    public void endCall() {
        if (activeCalls > 0) {
            activeCalls--;
        }
    }

    public int activeCalls() {
        return activeCalls;
    }

    public long callsTotal() {
        return callsTotal;
    }

    public long callsRejectedForLimit() {
        return callsRejectedForLimit;
    }
}
