package io.switchboard.sip.trunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.sip.api.TrunkDefinition;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reload swaps the trunks in: sources and destinations change at once, live call counts survive. */
class TrunkTableReloadTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void aChangedTrunkTakesItsNewAclAndKeepsItsCalls() throws Exception {
        TrunkTable table = new TrunkTable(List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24").withLimits(2, "")));
        Trunk carrier = table.byName("carrier");
        carrier.tryStartCall();
        TrunkTable.Changes changes = table.replace(List.of(TrunkDefinition.inbound("carrier", "198.51.100.0/24")
                .withLimits(2, "")));
        assertEquals(List.of("carrier"), changes.changed());
        assertNull(table.matchInbound(ip("192.0.2.7")), "the old network no longer matches");
        assertSame(carrier, table.matchInbound(ip("198.51.100.7")));
        assertEquals(1, carrier.activeCalls(), "the call in progress still counts towards the limit");
        carrier.tryStartCall();
        assertEquals(false, carrier.tryStartCall(), "limit 2 with the call from before the reload");
    }

    @Test
    void destinationsOfAChangedTrunkAreNewAndStartUp() {
        TrunkTable table = new TrunkTable(List.of(TrunkDefinition.inbound("carrier")
                .withOutbound(List.of("192.0.2.1:5060"), null, null)));
        Trunk carrier = table.byName("carrier");
        carrier.markDestination(0, false);
        table.replace(List.of(TrunkDefinition.inbound("carrier")
                .withOutbound(List.of("sbc.carrier.test", "192.0.2.2"), "user", "secret")));
        assertEquals("sbc.carrier.test", carrier.destinations().get(0).host());
        assertEquals(true, carrier.destinationUp(0));
        assertEquals(true, carrier.destinationUp(5), "an index a reload took away reads as up");
        assertEquals("user", carrier.definition().outboundUsername());
    }

    @Test
    void addedAndRemovedTrunks() throws Exception {
        TrunkTable table = new TrunkTable(List.of(TrunkDefinition.inbound("old", "192.0.2.0/24")));
        Trunk old = table.byName("old");
        TrunkTable.Changes changes = table.replace(List.of(TrunkDefinition.inbound("new", "192.0.2.0/24")));
        assertEquals(List.of("new"), changes.added());
        assertEquals(List.of("old"), changes.removed());
        assertNull(table.byName("old"));
        assertEquals("new", table.matchInbound(ip("192.0.2.1")).name());
        old.endCall(); // a call in progress on the removed trunk still ends on it
    }

    @Test
    void anUnchangedSetChangesNothing() {
        List<TrunkDefinition> same = List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24"));
        TrunkTable table = new TrunkTable(same);
        Trunk before = table.byName("carrier");
        assertEquals(false, table.replace(same).any());
        assertSame(before, table.byName("carrier"));
    }

    @Test
    void aBadSetIsRefusedWholeAndTheRunningTrunksStay() throws Exception {
        TrunkTable table = new TrunkTable(List.of(TrunkDefinition.inbound("carrier", "192.0.2.0/24")));
        assertThrows(IllegalArgumentException.class, () -> table.replace(List.of(
                TrunkDefinition.inbound("carrier", "198.51.100.0/24"),
                TrunkDefinition.inbound("broken").withOutbound(List.of("sbc:99999"), null, null))));
        assertEquals("carrier", table.matchInbound(ip("192.0.2.1")).name());
        assertThrows(IllegalArgumentException.class, () -> table.replace(List.of(
                TrunkDefinition.inbound("twice", "192.0.2.0/24"), TrunkDefinition.inbound("twice"))));
        assertEquals("carrier", table.matchInbound(ip("192.0.2.1")).name());
    }
}
