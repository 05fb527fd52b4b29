package io.switchboard.server.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.switchboard.config.InstanceWatcher;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.routing.api.ContactCenter;
import io.switchboard.routing.metrics.AgentFigures;
import io.switchboard.server.agent.AgentPanelFigures;
import io.switchboard.sip.api.SipEdge;
import java.util.List;
import java.util.function.Supplier;

/**
 * Registers the running modules' figures in the server's registry. Every value is read at scrape time
 * from the module itself, so nothing here keeps a second count that could drift.
 */
public final class ModuleMetrics {

    private ModuleMetrics() {
    }

    /** Configuration reloads, so that operators and tests see a change applied or refused without reading the log. */
    public static void instance(PrometheusRegistry registry, InstanceWatcher watcher) {
        CounterWithCallback.builder().name("switchboard_config_reloads_total")
                .help("Instance directory changes validated and applied")
                .callback(cb -> cb.call(watcher.reloads())).register(registry);
        CounterWithCallback.builder().name("switchboard_config_reloads_rejected_total")
                .help("Instance directory changes refused by validation (the running configuration stays)")
                .callback(cb -> cb.call(watcher.rejectedReloads())).register(registry);
    }

    public static void sipEdge(PrometheusRegistry registry, SipEdge edge) {
        registry.register(new FlatCounterMapCollector("switchboard_sip_", "SIP edge counter (see sip-edge docs)",
                edge::metrics));
    }

    /** The TURN server's allocations, refusals, relayed packets and bytes, 401s and rate-limited replies. */
    public static void turn(PrometheusRegistry registry, io.switchboard.turn.api.TurnServer turn) {
        registry.register(new FlatCounterMapCollector("switchboard_turn_", "TURN server", turn::metrics));
    }

    public static void mediaRelay(PrometheusRegistry registry, MediaRelay relay) {
        GaugeWithCallback.builder().name("switchboard_media_endpoints").help("Live media endpoints")
                .callback(cb -> cb.call(relay.endpointCount())).register(registry);
        CounterWithCallback.builder().name("switchboard_media_endpoint_moves_total")
                .help("Media endpoints moved to another media loop to be bridged there (a softphone to its caller's)")
                .callback(cb -> cb.call(relay.endpointMoves())).register(registry);
        CounterWithCallback.builder().name("switchboard_media_packets_dropped")
                .help("Packets media endpoints refused for their source (RTP Bleed), by path node and reason")
                .labelNames("node", "reason")
                .callback(cb -> {
                    io.switchboard.media.api.SourceDrops drops = relay.sourceDrops();
                    cb.call(drops.foreignSource(), "receive/latch", "foreign-source");
                    cb.call(drops.foreignHost(), "receive/rtcp", "foreign-host");
                }).register(registry);
        mediaStreams(registry, relay);
    }

    /** Live media streams (Twilio Media Streams over WebSocket): started, failed, open, frames. */
    private static void mediaStreams(PrometheusRegistry registry, MediaRelay relay) {
        CounterWithCallback.builder().name("switchboard_media_streams_started_total")
                .help("Live media streams that started").callback(cb -> cb.call(relay.streamCounters().started()))
                .register(registry);
        CounterWithCallback.builder().name("switchboard_media_streams_failed_total")
                .help("Live media streams that could not start (server unreachable, handshake refused, timeout)")
                .callback(cb -> cb.call(relay.streamCounters().failed())).register(registry);
        GaugeWithCallback.builder().name("switchboard_media_streams_active").help("Live media streams open now")
                .callback(cb -> cb.call(relay.streamCounters().active())).register(registry);
        CounterWithCallback.builder().name("switchboard_media_stream_frames_sent_total")
                .help("20 ms media frames sent to stream servers")
                .callback(cb -> cb.call(relay.streamCounters().framesSent())).register(registry);
        CounterWithCallback.builder().name("switchboard_media_stream_frames_dropped_total")
                .help("20 ms media frames dropped because a stream server fell behind or was reconnecting")
                .callback(cb -> cb.call(relay.streamCounters().framesDropped())).register(registry);
        CounterWithCallback.builder().name("switchboard_media_stream_frames_played_total")
                .help("20 ms frames of stream servers' audio played to callers")
                .callback(cb -> cb.call(relay.streamCounters().framesPlayed())).register(registry);
        CounterWithCallback.builder().name("switchboard_media_stream_reconnects_total")
                .help("Attempts to reopen a stream whose connection dropped")
                .callback(cb -> cb.call(relay.streamCounters().reconnects())).register(registry);
    }

    /** {@code queues} names the instance's queues at scrape time (they change on reload). */
    public static void contactCenter(PrometheusRegistry registry, ContactCenter center, Supplier<List<String>> queues) {
        CounterWithCallback.builder().name("switchboard_calls_accepted_total")
                .help("Inbound calls answered and given to a flow")
                .callback(cb -> cb.call(center.figures().callsAccepted())).register(registry);
        CounterWithCallback.builder().name("switchboard_calls_rejected_total")
                .help("Inbound calls refused (unknown number, draining, unusable offer)")
                .callback(cb -> cb.call(center.figures().callsRejected())).register(registry);
        CounterWithCallback.builder().name("switchboard_contacts_ended_total").help("Contacts that ended")
                .callback(cb -> cb.call(center.figures().contactsEnded())).register(registry);
        CounterWithCallback.builder().name("switchboard_flow_actions_executed_total")
                .help("Flow actions started by the engine")
                .callback(cb -> cb.call(center.figures().flowActionsExecuted())).register(registry);
        GaugeWithCallback.builder().name("switchboard_contacts_active").help("Contacts the flow engine holds")
                .callback(cb -> cb.call(center.figures().contactsActive())).register(registry);
        GaugeWithCallback.builder().name("switchboard_calls_active").help("Inbound calls up (leg and media)")
                .callback(cb -> cb.call(center.figures().callsActive())).register(registry);
        GaugeWithCallback.builder().name("switchboard_flows_published").help("Flows published for new contacts")
                .callback(cb -> cb.call(center.figures().flowsPublished())).register(registry);
        GaugeWithCallback.builder().name("switchboard_queue_contacts").help("Contacts waiting in a queue")
                .labelNames("queue")
                .callback(cb -> {
                    for (String q : queues.get()) {
                        cb.call(center.figures().queueContacts(q), q);
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("switchboard_queue_oldest_contact_age_seconds")
                .help("How long the contact waiting longest in a queue has waited (0: none waits)")
                .labelNames("queue")
                .callback(cb -> {
                    java.time.Instant now = java.time.Instant.now();
                    for (String q : queues.get()) {
                        cb.call(center.figures().oldestContactSince(q)
                                .map(since -> Math.max(0, java.time.Duration.between(since, now).toMillis()) / 1000.0)
                                .orElse(0.0), q);
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("switchboard_queue_agents")
                .help("Agents whose routing profile serves a queue: online, available, on_contact, "
                        + "after_contact_work, non_productive, staffed")
                .labelNames("queue", "figure")
                .callback(cb -> {
                    for (String q : queues.get()) {
                        for (AgentFigures.Figure figure : AgentFigures.Figure.values()) {
                            cb.call(center.agentFigures().queueAgents(q, figure), q,
                                    figure.name().toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }).register(registry);
    }

    /** Agents per routing profile and figure; {@code profiles} names the instance's routing profiles at scrape time. */
    public static void agents(PrometheusRegistry registry, ContactCenter center, Supplier<List<String>> profiles) {
        GaugeWithCallback.builder().name("switchboard_agents")
                .help("Agents per routing profile: online (status not Offline), available, on_contact, "
                        + "after_contact_work, non_productive (a custom status), staffed (online, not custom)")
                .labelNames("routing_profile", "figure")
                .callback(cb -> {
                    for (String profile : profiles.get()) {
                        for (AgentFigures.Figure figure : AgentFigures.Figure.values()) {
                            cb.call(center.agentFigures().agents(profile, figure), profile,
                                    figure.name().toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }).register(registry);
    }

    /** The agent panels (agent WebSockets) open now, those whose agent is routable, and the unreachable ones. */
    public static void agentPanels(PrometheusRegistry registry, AgentPanelFigures panels) {
        GaugeWithCallback.builder().name("switchboard_agent_panels")
                .help("Agent panels (agent WebSockets) open now (figure open) and those whose agent may be offered a "
                        + "contact now (figure routable)")
                .labelNames("figure")
                .callback(cb -> {
                    cb.call(panels.open(), "open");
                    cb.call(panels.routable(), "routable");
                }).register(registry);
        CounterWithCallback.builder().name("switchboard_agent_panels_unreachable_total")
                .help("Agent panels closed because they did not answer the server's pings in time")
                .callback(cb -> cb.call(panels.unreachableTotal())).register(registry);
    }
}
