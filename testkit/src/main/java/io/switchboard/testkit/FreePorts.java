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
     * port (RTP wants even ports, RTCP the next odd one).
     */
    public static int udpRange(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 30000 + 2 * (int) (Math.random() * 15000);
            if (base + count > 65535) {
                continue;
            }
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
