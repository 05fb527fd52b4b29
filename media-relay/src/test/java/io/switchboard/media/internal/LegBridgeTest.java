package io.switchboard.media.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.MediaRelaySettings;
import io.switchboard.media.endpoint.EndpointFactory;
import io.switchboard.media.endpoint.MediaLoops;
import io.switchboard.media.endpoint.RangePortAllocator;
import io.switchboard.media.endpoint.RtpEndpoint;
import io.switchboard.testkit.FreePorts;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A bridge is ended through the leg's peer: unbridging one leg frees both of its ends and touches no other
 * leg, and bridging a leg elsewhere ends its old bridge for the old peer too.
 */
class LegBridgeTest {
    @Test
    void unbridgeFreesBothEndsThroughThePeerAndLeavesOtherBridgesAlone() throws Exception {
        try (Legs legs = new Legs(4)) {
            Leg a = legs.get(0);
            Leg b = legs.get(1);
            Leg c = legs.get(2);
            Leg d = legs.get(3);
            legs.onLoop(() -> {
                a.bridgeWith(b);
                c.bridgeWith(d);
                assertSame(b, a.bridgePeer());
                assertSame(a, b.bridgePeer());

                b.unbridge(); // from either end
                assertNull(a.bridgePeer());
                assertNull(b.bridgePeer());
                assertNull(a.endpoint.consumer(), "a's packets go nowhere now");
                assertNull(b.endpoint.consumer());
                assertSame(d, c.bridgePeer(), "another bridge on the loop is untouched");
                assertNotNull(c.endpoint.consumer());
                assertNotNull(d.endpoint.consumer());
                a.unbridge(); // twice is harmless
            });
        }
    }

    @Test
    void bridgingALegElsewhereEndsItsOldBridgeForTheOldPeer() throws Exception {
        try (Legs legs = new Legs(3)) {
            Leg a = legs.get(0);
            Leg b = legs.get(1);
            Leg c = legs.get(2);
            legs.onLoop(() -> {
                a.bridgeWith(b);
                a.bridgeWith(c);
                assertSame(c, a.bridgePeer());
                assertSame(a, c.bridgePeer());
                assertNull(b.bridgePeer(), "the old peer knows its bridge ended");
                assertNull(b.endpoint.consumer());
                c.teardown();
                assertNull(a.bridgePeer(), "teardown ends the bridge for the peer");
                assertNull(a.endpoint.consumer());
            });
        }
    }

    /** {@code n} legs of one call on real loopback sockets, on one media loop. */
    private static final class Legs implements AutoCloseable {
        private final MediaLoops loops = MediaLoops.start(1, true);
        private final EndpointFactory factory;
        private final List<Leg> legs = new ArrayList<>();

        Legs(int n) throws Exception {
            int base = FreePorts.udpRange(2 * n);
            InetAddress lo = InetAddress.getLoopbackAddress();
            MediaRelaySettings settings = new MediaRelaySettings(lo, "127.0.0.1", base, base + 2 * n - 1,
                    Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(2), Path.of("/tmp"), 1);
            factory = new EndpointFactory(loops, new RangePortAllocator(base, base + 2 * n - 1), settings);
            for (int i = 0; i < n; i++) {
                RtpEndpoint e = factory.create("e" + i, "call", false, x -> { }).get(5, TimeUnit.SECONDS);
                legs.add(new Leg(EndpointId.random(), "call", e, i + 1, new MediaEventListener() { }));
            }
        }

        Leg get(int i) {
            return legs.get(i);
        }

        /** Runs {@code checks} on the legs' loop, as the relay does, and rethrows what failed there. */
        void onLoop(Runnable checks) throws Exception {
            legs.get(0).endpoint.loop().submit(checks).get(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            for (Leg leg : legs) {
                factory.destroy(leg.endpoint).get(5, TimeUnit.SECONDS);
            }
            loops.close();
        }
    }
}
