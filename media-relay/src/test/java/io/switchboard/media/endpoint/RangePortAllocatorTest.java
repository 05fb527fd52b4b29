package io.switchboard.media.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RangePortAllocatorTest {

    @Test
    void handsOutEvenPortsWithinTheRangeUntilExhausted() {
        RangePortAllocator ports = new RangePortAllocator(20001, 20010); // pairs 20002, 20004, 20006, 20008
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            int p = ports.allocate();
            assertEquals(0, p % 2);
            assertEquals(true, p >= 20002 && p + 1 <= 20010);
            seen.add(p);
        }
        assertEquals(4, seen.size());
        assertEquals(-1, ports.allocate());
        ports.release(20004);
        assertEquals(20004, ports.allocate());
        assertEquals(4, ports.inUse());
    }

    @Test
    void reusesReleasedPortsAsLateAsPossible() {
        RangePortAllocator ports = new RangePortAllocator(20000, 20009);
        int first = ports.allocate();
        ports.release(first);
        int second = ports.allocate();
        assertEquals(first + 2, second, "round robin moves on rather than reusing the port just freed");
    }

    @Test
    void refusesForeignReleases() {
        RangePortAllocator ports = new RangePortAllocator(20000, 20009);
        assertThrows(IllegalArgumentException.class, () -> ports.release(20002));
        assertThrows(IllegalArgumentException.class, () -> ports.release(20001));
        assertThrows(IllegalArgumentException.class, () -> new RangePortAllocator(20001, 20001));
    }
}
