package io.switchboard.media.api;

import java.util.List;

/**
 * Counters of one endpoint, for the CTR and {@code /metrics}.
 *
 * @param packetsIn RTP packets admitted from the latched peer
 * @param bytesIn bytes of those packets
 * @param packetsLost RTP packets lost by RFC 3550 appendix A.3 (negative when duplicates arrived)
 * @param jitterMillis RFC 3550 interarrival jitter in milliseconds
 * @param invalidDropped datagrams that were not valid RTP/RTCP
 * @param foreignSourceDropped packets from sources other than the latched peer (RTP Bleed attempts among them)
 * @param payloadTypeDropped packets with a payload type not negotiated
 * @param rtcpIn RTCP packets received from the peer
 * @param packetsOut packets sent to the peer
 * @param bytesOut bytes sent
 * @param sendDropped packets not sent (no destination yet, direction forbids, or a higher-priority source)
 * @param sourceSwitches how many times the outgoing stream changed source (rewritten for continuity)
 * @param rtcpOut RTCP compound packets we sent (SR or RR with SDES)
 * @param remoteFractionLost loss of our stream as the peer last reported it (0..1)
 * @param remotePacketsLost cumulative loss of our stream as the peer last reported it
 * @param remoteJitterMillis jitter of our stream as the peer last reported it
 * @param roundTripMillis round trip from the peer's last report about us, or -1 when unknown
 * @param path every node of the receive path (demux, validate, latch, payload, stats, observers, consumer,
 *     and rtcp for the control branch) and of the send path (priority, payload-map, transcode, rewrite, taps,
 *     wire), in order, with what each let through and dropped by reason
 */
public record EndpointStatistics(long packetsIn, long bytesIn, long packetsLost, double jitterMillis,
        long invalidDropped, long foreignSourceDropped, long payloadTypeDropped, long rtcpIn, long packetsOut,
        long bytesOut, long sendDropped, long sourceSwitches, long rtcpOut, double remoteFractionLost,
        long remotePacketsLost, double remoteJitterMillis, double roundTripMillis, List<PathNodeCounters> path) {
}
