import io.netty.util.ResourceLeakDetector;
import io.switchboard.turn.TurnServers;
import io.switchboard.turn.api.TurnServer;
import io.switchboard.turn.api.TurnSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Our TURN server alone for the benchmark, as coturn runs alone beside it: 127.0.0.1, user turn-demo,
 * loopback peers allowed (127.0.0.1 is its public address), no bandwidth cap and generous quotas, as coturn's
 * defaults. Netty's leak sampling is off, as the server's Main runs it (unless -Dio.netty.leakDetection.level is
 * given). Usage: TurnBenchServer.java PORT RELAY_LOW RELAY_HIGH
 */
public class TurnBenchServer {
    public static void main(String[] args) throws Exception {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        int port = Integer.parseInt(args[0]);
        TurnServer server = TurnServers.start(new TurnSettings("127.0.0.1", "127.0.0.1", port, 0, null, null,
                "switchboard", "bench-secret", Map.of("turn-demo", "demo-password"), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), List.of("127.0.0.1"), List.of("127.0.0.1"), List.of(port), 100_000,
                100_000, 0, 600, 1_000_000));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("turn bench server ready on " + server.udpAddress());
        new CountDownLatch(1).await();
    }
}
