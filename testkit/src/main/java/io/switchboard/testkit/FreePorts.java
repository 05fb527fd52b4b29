package io.switchboard.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds loopback ports that are free for both TCP and UDP at the moment of asking. */
public final class FreePorts {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /**
     * UDP ranges are taken above Linux's ephemeral ports (32768-60999), so that a single port handed out
     * by the kernel for another listener never falls inside an RTP range, which the server refuses.
     */
    private static final int RANGE_BOTTOM = 61000;
    private static final int RANGE_TOP = 65534;

    private FreePorts() {
    }

    /** A port free on 127.0.0.1 for TCP and UDP alike (SIP and TURN listen on both). */
    public static int tcpAndUdp() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = tcp();
            if (udpFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port free for both TCP and UDP after 50 attempts");
    }

    /** A port free on 127.0.0.1 for TCP. */
    public static int tcp() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(LOOPBACK, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The low end of a run of {@code count} consecutive UDP ports that are free now, starting at an even
     * port (RTP wants even ports, RTCP the next odd one), above the ephemeral range.
     */
    public static int udpRange(int count) {
        if (count > RANGE_TOP - RANGE_BOTTOM) {
            throw new IllegalArgumentException("no room for " + count + " ports above the ephemeral range");
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int slots = (RANGE_TOP - RANGE_BOTTOM - count) / 2;
            int base = RANGE_BOTTOM + 2 * (int) (Math.random() * (slots + 1));
            boolean free = true;
            for (int p = base; p < base + count && free; p++) {
                free = udpFree(p);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free UDP range of " + count + " ports after 50 attempts");
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
