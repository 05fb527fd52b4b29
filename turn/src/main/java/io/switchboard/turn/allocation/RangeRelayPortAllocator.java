package io.switchboard.turn.allocation;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Relay ports from a configured range {@code low..high}, handed out round-robin so a port just freed is not
 * reused at once (a late packet to it would reach the wrong allocation). Reservations last 30 s (RFC 8656
 * section 7.2, "a reservation ... about 30 seconds").
 */
public final class RangeRelayPortAllocator implements RelayPortAllocator {

    static final long RESERVATION_MILLIS = 30_000;

    private final int low;
    private final int high;
    private final BitSet used = new BitSet();
    private final Map<Long, Held> reservations = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private int cursor;

    private record Held(int port, long expiresAt) {
    }

    public RangeRelayPortAllocator(int low, int high) {
        if (low < 1024 || high > 65535 || high - low < 1) {
            throw new IllegalArgumentException("relay port range " + low + "-" + high);
        }
        this.low = low;
        this.high = high;
        this.cursor = low;
    }

    /** Never hands out {@code port} (one of this server's listening ports inside the range). */
    public RangeRelayPortAllocator excluding(Iterable<Integer> ports) {
        for (int port : ports) {
            if (port >= low && port <= high) {
                used.set(port - low);
            }
        }
        return this;
    }

    @Override
    public int take() {
        return find(1, false);
    }

    @Override
    public int takeEven() {
        return find(2, false);
    }

    @Override
    public Reservation takeEvenReserving(long nowMillis) {
        int port = find(2, true);
        if (port < 0) {
            return null;
        }
        used.set(port + 1 - low);
        byte[] token = new byte[8];
        long key;
        do {
            random.nextBytes(token);
            key = ByteBuffer.wrap(token).getLong();
        } while (reservations.containsKey(key));
        reservations.put(key, new Held(port + 1, nowMillis + RESERVATION_MILLIS));
        return new Reservation(port, token);
    }

    @Override
    public int claim(byte[] token, long nowMillis) {
        if (token == null || token.length != 8) {
            return -1;
        }
        Held held = reservations.remove(ByteBuffer.wrap(token).getLong());
        if (held == null) {
            return -1;
        }
        if (held.expiresAt <= nowMillis) {
            release(held.port);
            return -1;
        }
        return held.port;
    }

    @Override
    public void release(int port) {
        if (port >= low && port <= high) {
            used.clear(port - low);
        }
    }

    @Override
    public void sweep(long nowMillis) {
        reservations.values().removeIf(h -> {
            if (h.expiresAt <= nowMillis) {
                release(h.port);
                return true;
            }
            return false;
        });
    }

    @Override
    public int inUse() {
        return used.cardinality();
    }

    /** The next free port from the cursor with {@code port % step == 0}, and its successor free when asked. */
    private int find(int step, boolean successorFree) {
        int size = high - low + 1;
        for (int i = 0; i < size; i++) {
            int port = low + (cursor - low + i) % size;
            if (port % step != 0 || used.get(port - low)) {
                continue;
            }
            if (successorFree && (port + 1 > high || used.get(port + 1 - low))) {
                continue;
            }
            used.set(port - low);
            cursor = port + 1 > high ? low : port + 1;
            return port;
        }
        return -1;
    }
}
