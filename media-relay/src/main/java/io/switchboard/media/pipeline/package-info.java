/**
 * An endpoint's media path as small named nodes, each keeping its counters: the receive path (demux by
 * RFC 7983, validate, latch, payload filter, statistics, observers, consumer; RTCP on its own branch) and
 * the send path (priority, payload map, transcode, rewrite, taps, wire). The nodes know the transport only
 * through {@link io.switchboard.media.transport.MediaTransport}, and nothing of the endpoint that owns them.
 */
package io.switchboard.media.pipeline;
