import io.switchboard.sip.SipEdgeServer;
import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.SipEdge;
import io.switchboard.sip.api.SipEdgeAddresses;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.SipLimits;
import io.switchboard.sip.api.TrunkDefinition;
import java.util.List;
import java.util.Map;

/**
 * The SIP edge with a handler that answers every call at once with a fixed SDP, for bench/sip/run.sh: calls
 * from 127.0.0.1 on a trunk that trusts the address, and from 127.0.0.2 on a digest trunk (user "bench",
 * password "bench-password", realm "bench", MD5 as SIPp answers it; that address is not trusted, so its
 * per-address request rate limit is lifted here to let one SIPp be measured).
 * Usage: java -cp CLASSPATH BenchServer.java PORT. Prints "ready" when listening; on a line "metrics" on
 * stdin prints the edge's counters; exits when stdin closes.
 */
public final class BenchServer {
    private static final String SDP = "v=0\r\no=bench 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SipEdgeSettings settings = SipEdgeSettings.defaults("127.0.0.1").withBind("127.0.0.1", port)
                .withDigestAlgorithms(List.of("MD5"))
                .withLimits(SipLimits.defaults().withSourceRate(1_000_000, 1_000_000));
        TrunkDefinition digest = TrunkDefinition.inbound("bench-digest").withDigestUsers(
                Map.of("bench", DigestSecret.fromPassword("bench", "bench", "bench-password")), List.of("127.0.0.2/32"));
        SipEdge edge = SipEdgeServer.start(settings, List.of(TrunkDefinition.inbound("bench", "127.0.0.1/32"), digest),
                leg -> leg.answer(SDP));
        SipEdgeAddresses bound = edge.addresses();
        System.out.println("ready udp " + bound.udp() + " tcp " + bound.tcp());
        System.out.flush();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.trim().equals("metrics")) {
                    Map<String, Long> m = edge.metrics();
                    m.forEach((k, v) -> System.out.println("metric " + k + " " + v));
                    System.out.println("end-metrics");
                    System.out.flush();
                }
            }
        } finally {
            edge.stop();
        }
    }
}
