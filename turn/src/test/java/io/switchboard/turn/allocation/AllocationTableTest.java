package io.switchboard.turn.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lifetimes of allocations, permissions and channels, and the quotas, on a virtual clock (milliseconds). */
class AllocationTableTest {

    private long now = 1_000_000;
    private final List<Allocation> ended = new ArrayList<>();
    private final RangeRelayPortAllocator ports = new RangeRelayPortAllocator(50000, 50009);
    private final AllocationTable table = new AllocationTable(AllocationPolicy.of(2, 3, 0), ports, ended::add);

    @Test
    void anAllocationLivesItsLifetimeAndNotAMillisecondLonger() {
        Allocation a = allocate("k1", "alice", 600);
        now += 599_999;
        table.sweep(now);
        assertSame(a, table.find("k1"));
        now += 1;
        table.sweep(now);
        assertNull(table.find("k1"));
        assertEquals(List.of(a), ended);
        assertEquals(Allocation.State.CLOSED, a.state());
        assertEquals(0, ports.inUse(), "the relay port is given back");
    }

    @Test
    void refreshMovesTheDeadline() {
        Allocation a = allocate("k1", "alice", 600);
        now += 500_000;
        table.refresh(a, 600, now);
        now += 599_999;
        table.sweep(now);
        assertSame(a, table.find("k1"));
        now += 1;
        table.sweep(now);
        assertNull(table.find("k1"));
    }

    @Test
    void refreshToZeroIsRemove() {
        Allocation a = allocate("k1", "alice", 600);
        table.remove(a);
        assertNull(table.find("k1"));
        assertEquals(List.of(a), ended);
        table.remove(a);
        assertEquals(1, ended.size(), "ends once");
    }

    @Test
    void grantedLifetimesFollowTheDefaultAndTheMaximum() {
        AllocationPolicy p = table.policy();
        assertEquals(600, p.grantedLifetime(null));
        assertEquals(600, p.grantedLifetime(30));
        assertEquals(1200, p.grantedLifetime(1200));
        assertEquals(3600, p.grantedLifetime(86400));
    }

    @Test
    void permissionsLastFiveMinutes() throws Exception {
        Allocation a = allocate("k1", "alice", 3600);
        int peer = Allocation.ipv4(InetAddress.getByName("203.0.113.5"));
        table.permit(a, peer, now);
        now += 299_999;
        assertTrue(a.permitted(peer, now));
        now += 1;
        assertFalse(a.permitted(peer, now));
        table.sweep(now);
        assertEquals(0, a.permissionCount());
    }

    @Test
    void channelsLastTenMinutesAndRefreshTheirPermission() throws Exception {
        Allocation a = allocate("k1", "alice", 3600);
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("203.0.113.5"), 4000);
        int ip = Allocation.ipv4(peer.getAddress());
        assertEquals(Allocation.BindOutcome.BOUND, table.bind(a, 0x4000, peer, now));
        assertTrue(a.permitted(ip, now));
        now += 299_000;
        assertEquals(Allocation.BindOutcome.REFRESHED, table.bind(a, 0x4000, peer, now));
        now += 599_999;
        assertNotNull(a.channel(0x4000, now));
        assertSame(a.channel(0x4000, now), a.channelTo(ip, 4000, now));
        now += 1;
        assertNull(a.channel(0x4000, now));
        table.sweep(now);
        assertEquals(0, a.channelCount());
    }

    @Test
    void aChannelAndAPeerAreBoundToEachOtherOnly() throws Exception {
        Allocation a = allocate("k1", "alice", 600);
        InetSocketAddress p1 = new InetSocketAddress(InetAddress.getByName("203.0.113.5"), 4000);
        InetSocketAddress p2 = new InetSocketAddress(InetAddress.getByName("203.0.113.5"), 4001);
        table.bind(a, 0x4000, p1, now);
        assertEquals(Allocation.BindOutcome.NUMBER_BOUND_TO_OTHER_PEER, table.bind(a, 0x4000, p2, now));
        assertEquals(Allocation.BindOutcome.PEER_BOUND_TO_OTHER_NUMBER, table.bind(a, 0x4001, p1, now));
    }

    @Test
    void quotasPerUserAndInTotal() {
        allocate("k1", "alice", 600);
        allocate("k2", "alice", 600);
        assertEquals(AllocationTable.Admission.USER_QUOTA, table.admit("alice"));
        assertEquals(AllocationTable.Admission.ADMITTED, table.admit("bob"));
        allocate("k3", "bob", 600);
        assertEquals(AllocationTable.Admission.TOTAL_QUOTA, table.admit("carol"));
        table.remove(table.find("k1"));
        assertEquals(AllocationTable.Admission.ADMITTED, table.admit("alice"));
    }

    @Test
    void theBandwidthCapRefusesWhatExceedsIt() {
        AllocationTable capped = new AllocationTable(AllocationPolicy.of(5, 5, 100_000), ports, ended::add);
        Allocation a = capped.create("c", "u", new NoClient(), new byte[12], ports.take(), null, 600, now, -1);
        int sent = 0;
        while (a.spendToPeer(1000, now)) {
            sent++;
        }
        assertEquals(65, sent, "the burst: 65 536 bytes");
        assertFalse(a.spendToPeer(1000, now));
        now += 10; // 10 ms at 100 kB/s: 1000 bytes
        assertTrue(a.spendToPeer(1000, now));
        assertFalse(a.spendToPeer(1000, now));
    }

    private Allocation allocate(String key, String user, int lifetime) {
        Allocation a = table.create(key, user, new NoClient(), new byte[12], ports.take(), null, lifetime, now, -1);
        a.opened(new RelayEndpoint() {
            @Override
            public void sendToPeer(ByteBuf payload, InetSocketAddress peer) {
                payload.release();
            }

            @Override
            public void close() {
            }
        });
        return a;
    }

    static final class NoClient implements ClientPath {
        @Override
        public void send(ByteBuf message) {
            message.release();
        }

        @Override
        public boolean stream() {
            return false;
        }

        @Override
        public io.netty.buffer.ByteBufAllocator alloc() {
            return io.netty.buffer.ByteBufAllocator.DEFAULT;
        }

        @Override
        public InetSocketAddress client() {
            return new InetSocketAddress(0);
        }
    }
}
