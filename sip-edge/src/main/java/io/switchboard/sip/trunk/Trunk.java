package io.switchboard.sip.trunk;

import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.sip.locate.SipDestination;
import java.net.InetAddress;
import java.util.List;

/** A configured trunk at run time: its parsed networks, number rules and live call count (written on the core loop only, volatile for metric reads). */
public final class Trunk {
    private final TrunkDefinition definition;
    private final List<Cidr> networks;
    private final List<Cidr> digestNetworks;
    private final NumberNormaliser numbers;
    /** The outbound destinations as configured, parsed once; host names are located per call (RFC 3263). */
    private final List<SipDestination> destinations;
    private volatile int activeCalls;
    private volatile long callsTotal;
    private volatile long callsRejectedForLimit;
    /** Per outbound destination, false once OPTIONS keepalives go unanswered (core loop writes). */
    private final boolean[] destinationUp;

    public Trunk(TrunkDefinition definition) {
        this.definition = definition;
        this.networks = definition.inboundCidrs().stream().map(Cidr::parse).toList();
        this.digestNetworks = definition.digestSources().stream().map(Cidr::parse).toList();
        this.numbers = new NumberNormaliser(definition.countryCode());
        // a destination that does not parse is a configuration error: fail at startup, not at the first call
        this.destinations = definition.outboundDestinations().stream().map(SipDestination::parse).toList();
        this.destinationUp = new boolean[definition.outboundDestinations().size()];
        java.util.Arrays.fill(destinationUp, true);
    }

    public List<SipDestination> destinations() {
        return destinations;
    }

    public boolean destinationUp(int index) {
        return destinationUp[index];
    }

    public void markDestination(int index, boolean up) {
        destinationUp[index] = up;
    }

    public String name() {
        return definition.name();
    }

    public TrunkDefinition definition() {
        return definition;
    }

    public NumberNormaliser numbers() {
        return numbers;
    }

    /** Allocates nothing for an IPv4 source (indexed loop: no iterator). */
    public boolean acceptsSource(InetAddress source) {
        for (int i = 0; i < networks.size(); i++) {
            if (networks.get(i).contains(source)) {
                return true;
            }
        }
        return false;
    }

    /** True when this trunk's digest users may call from {@code source} (and so it is challenged, not dropped). */
    public boolean challengesSource(InetAddress source) {
        if (definition.digestUsers().isEmpty()) {
            return false;
        }
        if (digestNetworks.isEmpty()) {
            return true;
        }
        for (Cidr cidr : digestNetworks) {
            if (cidr.contains(source)) {
                return true;
            }
        }
        return false;
    }

    /** Takes a call slot; false (and counted) when the trunk is at its limit. */
    public boolean tryStartCall() {
        int max = definition.maxConcurrentCalls();
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
