package io.switchboard.media.api;

import java.util.Map;

/**
 * The counters of one node of an endpoint's media path, in {@link EndpointStatistics#path()}.
 *
 * @param node the path and the node's role, such as {@code receive/demux} or {@code send/wire}
 * @param in packets that reached the node
 * @param out packets the node passed on ({@code in} minus the dropped ones)
 * @param dropped packets the node dropped, by reason (every reason the node knows, in its order)
 */
public record PathNodeCounters(String node, long in, long out, Map<String, Long> dropped) {
}
