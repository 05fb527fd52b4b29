import io.switchboard.turn.auth.LongTermKey;
import io.switchboard.turn.stun.StunClass;
import io.switchboard.turn.stun.StunDecoder;
import io.switchboard.turn.stun.StunMessage;
import io.switchboard.turn.stun.StunMethod;
import io.switchboard.turn.stun.StunResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A parallel allocation client: THREADS loops, each allocation on a fresh UDP socket (a new 5-tuple, as a new
 * browser session): Allocate (401 and its nonce), Allocate with long-term credentials, Refresh with LIFETIME
 * 0; for SECONDS, then the completed allocations per second. The same code against any TURN server.
 * Usage: TurnAllocLoad.java HOST PORT THREADS SECONDS
 */
public class TurnAllocLoad {
    static final String USER = "turn-demo";
    static final String PASSWORD = "demo-password";
    static final String REALM = "switchboard";

    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int threads = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> run(server, end, done, failed, reasons));
            workers[i].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        // why allocations failed, so that a failing run is diagnosed from its own output
        Map<String, Long> counts = new TreeMap<>();
        reasons.forEach((k, v) -> counts.put(k, v.sum()));
        String why = counts.isEmpty() ? "-" : String.join(",", counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());
        System.out.printf("allocations=%d failed=%d seconds=%d per_second=%.0f failures=%s%n", done.get(),
                failed.get(), seconds, done.get() / (double) seconds, why);
    }

    static void run(InetSocketAddress server, long end, AtomicLong done, AtomicLong failed,
            Map<String, LongAdder> reasons) {
        byte[] key = LongTermKey.of(USER, REALM, PASSWORD);
        while (System.nanoTime() < end) {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                String failure = oneAllocation(socket, server, key);
                if (failure == null) {
                    done.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    reasons.computeIfAbsent(failure, k -> new LongAdder()).increment();
                }
            } catch (Exception e) {
                // counted, not thrown: one failing socket must not end this loop and the run's figure
                failed.incrementAndGet();
                reasons.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            }
        }
    }

    /** null when the allocation was made and deleted, else why not. */
    static String oneAllocation(DatagramSocket socket, InetSocketAddress server, byte[] key) throws Exception {
        StunMessage challenge = exchange(socket, server, StunResponse.message(StunMethod.ALLOCATE, StunClass.REQUEST,
                tid()).requestedTransport(17).encode(null, true));
        if (challenge == null || challenge.nonce() == null) {
            return "challenge:" + outcome(challenge);
        }
        String nonce = challenge.nonce();
        StunMessage ok = exchange(socket, server, StunResponse.message(StunMethod.ALLOCATE, StunClass.REQUEST, tid())
                .requestedTransport(17).username(USER).realm(REALM).nonce(nonce).encode(key, true));
        if (ok == null || ok.messageClass() != StunClass.SUCCESS) {
            if (ok == null) {
                delete(socket, server, key, nonce); // the server may hold an allocation whose answer never came
            }
            return "allocate:" + outcome(ok);
        }
        StunMessage deleted = delete(socket, server, key, nonce);
        // RFC 8656 section 7.3: a 437 to a request deleting the allocation means it is gone, which is success
        // (the answer to an earlier transmission of the same Refresh was lost)
        return deleted != null && (deleted.messageClass() == StunClass.SUCCESS || deleted.errorCode() == 437) ? null
                : "refresh:" + outcome(deleted);
    }

    /**
     * Refresh with LIFETIME 0. Without it a socket that gave up would leave its allocation on the server for
     * its whole lifetime, and the next socket the kernel gives the same ephemeral port (a new allocation on
     * the same 5-tuple) would be answered 437, Allocation Mismatch, as RFC 8656 section 7.2 step 2 requires.
     */
    static StunMessage delete(DatagramSocket socket, InetSocketAddress server, byte[] key, String nonce)
            throws Exception {
        return exchange(socket, server, StunResponse.message(StunMethod.REFRESH, StunClass.REQUEST, tid())
                .lifetime(0).username(USER).realm(REALM).nonce(nonce).encode(key, true));
    }

    static String outcome(StunMessage response) {
        if (response == null) {
            return "timeout";
        }
        return response.messageClass() == StunClass.ERROR ? String.valueOf(response.errorCode())
                : response.messageClass().name();
    }

    /**
     * Sends {@code request} and retransmits it, the same transaction, as RFC 8489 section 6.2.1 says: after
     * 500 ms, then doubling, 3 transmissions in all (3.5 s). The server answers a retransmitted Allocate with
     * the response it kept (RFC 8656 section 7.2), so a lost answer costs time, not a leftover allocation.
     */
    static StunMessage exchange(DatagramSocket socket, InetSocketAddress server, byte[] request) throws Exception {
        byte[] buf = new byte[2048];
        int timeout = 500;
        for (int transmission = 0; transmission < 3; transmission++, timeout *= 2) {
            socket.send(new DatagramPacket(request, request.length, server));
            socket.setSoTimeout(timeout);
            long deadline = System.nanoTime() + timeout * 1_000_000L;
            try {
                while (true) {
                    DatagramPacket in = new DatagramPacket(buf, buf.length);
                    socket.receive(in);
                    StunMessage m = StunDecoder.decode(java.util.Arrays.copyOf(buf, in.getLength()));
                    // a late answer to an earlier transaction on this socket is not this one's
                    if (java.util.Arrays.equals(m.transactionId(), java.util.Arrays.copyOfRange(request, 8, 20))) {
                        return m;
                    }
                    int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
                    if (left <= 0) {
                        break;
                    }
                    socket.setSoTimeout(left);
                }
            } catch (SocketTimeoutException e) {
                // no answer in time: transmitted again
            }
        }
        return null;
    }

    static byte[] tid() {
        byte[] t = new byte[12];
        ThreadLocalRandom.current().nextBytes(t);
        return t;
    }
}
