package io.switchboard.server.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.User;
import io.switchboard.control.ws.WebSocketEndpoint;
import io.switchboard.control.ws.WebSocketSession;
import io.switchboard.routing.record.RecordFeed;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/records/ws}: the live stream of contact trace records and agent events for supervisors and
 * integrations (docs/http-api.md), what Amazon Connect's Kinesis streams carry. A socket subscribes once to
 * one or both streams, optionally catching up from an instant; each stream needs its security-profile
 * permission (ContactSearch.View for records, RealtimeMetrics.View for agent events), checked against the
 * instance as it is at that moment. Messages are numbered per socket. A client that reads too slowly is closed
 * by the socket (1013) rather than buffered without bound; it reconnects with {@code since} and loses nothing.
 */
public final class RecordStreamEndpoint implements WebSocketEndpoint {
    public static final String PATH = "/api/records/ws";
    public static final String SUBPROTOCOL = "switchboard.records.v1";

    private static final Logger LOG = LoggerFactory.getLogger(RecordStreamEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The streams by their names on the wire, with the permission each needs. */
    private enum Stream {
        CONTACT_TRACE_RECORDS("ContactTraceRecords", "ContactSearch.View", RecordFeed.Kind.CONTACT_TRACE_RECORD),
        AGENT_EVENTS("AgentEvents", "RealtimeMetrics.View", RecordFeed.Kind.AGENT_EVENT);

        final String wireName;
        final String permission;
        final RecordFeed.Kind kind;

        Stream(String wireName, String permission, RecordFeed.Kind kind) {
            this.wireName = wireName;
            this.permission = permission;
            this.kind = kind;
        }

        static Stream named(String name) {
            for (Stream stream : values()) {
                if (stream.wireName.equals(name)) {
                    return stream;
                }
            }
            return null;
        }
    }

    private final RecordFeed feed;
    private final Supplier<InstanceConfig> instance;
    /** The subscription of each socket that has one, by socket id; sockets run on several event loops. */
    private final Map<String, RecordFeed.Subscription> subscriptions = new ConcurrentHashMap<>();

    public RecordStreamEndpoint(RecordFeed feed, Supplier<InstanceConfig> instance) {
        this.feed = feed;
        this.instance = instance;
    }

    @Override
    public List<String> subprotocols() {
        return List.of(SUBPROTOCOL);
    }

    @Override
    public void onOpen(WebSocketSession session) {
        ObjectNode hello = JSON.createObjectNode().put("type", "hello").put("version", 1);
        var streams = hello.putArray("streams");
        for (Stream stream : Stream.values()) {
            streams.add(stream.wireName);
        }
        session.sendText(hello.toString());
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            error(session, "BAD_JSON", "the message is not JSON: " + e.getOriginalMessage());
            return;
        }
        if (message == null || !message.isObject()) {
            error(session, "BAD_JSON", "a message is a JSON object");
            return;
        }
        String type = message.path("type").asText("");
        if (!type.equals("subscribe")) {
            error(session, "UNKNOWN_COMMAND", "the only command is subscribe, not \"" + type + "\"");
            return;
        }
        subscribe(session, message);
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
        RecordFeed.Subscription subscription = subscriptions.remove(session.id());
        if (subscription != null) {
            subscription.cancel();
        }
    }

    private void subscribe(WebSocketSession session, JsonNode message) {
        if (subscriptions.containsKey(session.id())) {
            error(session, "ALREADY_SUBSCRIBED", "this socket is subscribed; open another one for other streams");
            return;
        }
        JsonNode names = message.path("streams");
        if (!names.isArray() || names.isEmpty()) {
            error(session, "BAD_REQUEST", "streams is a non-empty list of ContactTraceRecords and AgentEvents");
            return;
        }
        Set<Stream> streams = EnumSet.noneOf(Stream.class);
        for (JsonNode name : names) {
            Stream stream = Stream.named(name.asText());
            if (stream == null) {
                error(session, "BAD_REQUEST", "no stream " + name + "; the streams are ContactTraceRecords and AgentEvents");
                return;
            }
            streams.add(stream);
        }
        Instant since = null;
        if (message.hasNonNull("since")) {
            try {
                since = Instant.parse(message.get("since").asText());
            } catch (DateTimeParseException e) {
                error(session, "BAD_REQUEST", "since is an ISO 8601 instant, e.g. 2024-07-10T15:00:00Z");
                return;
            }
        }
        User user = session.caller().user();
        for (Stream stream : streams) {
            if (!instance.get().grants(user, stream.permission)) {
                LOG.info("user {} refused the {} stream: no {} permission", user.username(), stream.wireName,
                        stream.permission);
                error(session, "FORBIDDEN", "the " + stream.wireName + " stream needs the " + stream.permission
                        + " permission in one of your security profiles");
                return;
            }
        }
        ObjectNode subscribed = JSON.createObjectNode().put("type", "subscribed");
        var list = subscribed.putArray("streams");
        Set<RecordFeed.Kind> kinds = EnumSet.noneOf(RecordFeed.Kind.class);
        for (Stream stream : streams) {
            list.add(stream.wireName);
            kinds.add(stream.kind);
        }
        subscribed.put("since", since == null ? null : since.toString());
        session.sendText(subscribed.toString());
        subscriptions.put(session.id(), feed.subscribe(kinds, since, new Forward(session)));
        LOG.info("user {} subscribed to {}{}", user.username(), list, since == null ? "" : " since " + since);
    }

    private static void error(WebSocketSession session, String code, String text) {
        session.sendText(JSON.createObjectNode().put("type", "error").put("code", code).put("message", text).toString());
    }

    /** Sends what the feed publishes, numbered; runs on the contact center's loop, and the send hops off it. */
    private static final class Forward implements RecordFeed.Subscriber {
        private final WebSocketSession session;
        private long seq;

        Forward(WebSocketSession session) {
            this.session = session;
        }

        @Override
        public void record(RecordFeed.Kind kind, String json) {
            // The texts are whole JSON objects from our own serialiser: enveloped without parsing them again.
            String envelope = kind == RecordFeed.Kind.CONTACT_TRACE_RECORD
                    ? "{\"type\":\"ContactTraceRecord\",\"seq\":" + (++seq) + ",\"record\":" + json + "}"
                    : "{\"type\":\"AgentEvent\",\"seq\":" + (++seq) + ",\"event\":" + json + "}";
            session.sendText(envelope);
        }

        @Override
        public void caughtUp(int sent, boolean truncated) {
            session.sendText(JSON.createObjectNode().put("type", "caughtUp").put("seq", ++seq).put("sent", sent)
                    .put("truncated", truncated).toString());
        }

        @Override
        public void catchUpFailed(Throwable error) {
            LOG.warn("socket {}: the catch-up could not read the record store: {}", session.id(), error.toString());
            session.sendText(JSON.createObjectNode().put("type", "error").put("code", "CATCH_UP_FAILED")
                    .put("message", "the stored records could not be read; live records follow").toString());
        }
    }
}
