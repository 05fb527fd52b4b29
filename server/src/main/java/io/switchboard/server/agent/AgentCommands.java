package io.switchboard.server.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.api.AgentDesk;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The panel's commands (docs/agent-websocket.md), each mapped onto the {@link AgentDesk}: a malformed
 * message, an unknown command or a missing field gets an {@code error} naming it, and changes nothing.
 */
final class AgentCommands {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCommands.class);

    private AgentCommands() {
    }

    /** A field the command needs is missing or of the wrong type. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    static void run(AgentSocket socket, String text) {
        JsonNode message;
        try {
            message = AgentMessages.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            refuse(socket, null, "BAD_JSON", "the message is not JSON: " + e.getOriginalMessage());
            return;
        }
        if (message == null || !message.isObject()) {
            refuse(socket, null, "BAD_JSON", "a message is a JSON object with a \"type\"");
            return;
        }
        JsonNode requestIdNode = message.get("requestId");
        String requestId = requestIdNode == null || requestIdNode.isNull() ? null : requestIdNode.asText();
        JsonNode typeNode = message.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            refuse(socket, requestId, "BAD_REQUEST", "the message has no \"type\"");
            return;
        }
        String type = typeNode.asText();
        AgentDesk desk = socket.desk();
        String user = socket.username();
        try {
            switch (type) {
                case "pong" -> {
                    // Hearing it was the point (the socket noted the time).
                }
                case "resync" -> socket.resync();
                case "accept" -> socket.answer(requestId, desk.accept(user, text(message, "contactId")));
                case "reject" -> socket.answer(requestId, desk.reject(user, text(message, "contactId")));
                case "hold" -> socket.answer(requestId, desk.hold(user));
                case "resume" -> socket.answer(requestId, desk.resume(user));
                case "hangup" -> socket.answer(requestId, desk.hangUp(user));
                case "close" -> socket.answer(requestId, desk.closeContact(user, text(message, "contactId")));
                case "status" -> socket.answer(requestId, desk.setStatus(user, text(message, "status")));
                case "mute" -> socket.answer(requestId, desk.mute(user, bool(message, "muted")));
                case "logout" -> socket.answer(requestId, desk.logout(user));
                case "media" -> {
                    String kind = text(message, "kind");
                    if (!kind.equals("offer")) {
                        throw new BadRequest("only a media \"offer\" is accepted from the panel, not \"" + kind + "\"");
                    }
                    String sdp = text(message, "sdp");
                    if (!sdp.startsWith("v=0")) {
                        refuse(socket, requestId, "BAD_SDP", "the sdp does not start with v=0");
                        return;
                    }
                    socket.mediaAnswer(requestId, desk.softphoneOffer(user, socket.connection(), sdp));
                }
                case "dial" -> socket.answer(requestId, desk.outbound(user, text(message, "number"),
                        optionalText(message, "queue")));
                case "phone" -> socket.answer(requestId, desk.setPhone(user, phoneType(text(message, "phoneType")),
                        optionalText(message, "number")));
                default -> refuse(socket, requestId, "UNKNOWN_COMMAND", "unknown command \"" + limited(type)
                        + "\"; see docs/agent-websocket.md");
            }
        } catch (BadRequest e) {
            refuse(socket, requestId, "BAD_REQUEST", e.getMessage());
        }
    }

    private static void refuse(AgentSocket socket, String requestId, String code, String message) {
        LOG.info("agent {}: panel message refused ({}): {}", socket.username(), code, message);
        socket.send(AgentMessages.error(requestId, code, message));
    }

    private static String text(JsonNode message, String field) {
        JsonNode node = message.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new BadRequest("\"" + field + "\" is required, as a string");
        }
        return node.asText();
    }

    /** The panel's phone choice: its softphone or a desk phone (the reference CCP's names accepted too). */
    private static io.switchboard.config.model.User.PhoneType phoneType(String type) {
        return switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "softphone", "soft_phone" -> io.switchboard.config.model.User.PhoneType.SOFTPHONE;
            case "desk", "desk_phone" -> io.switchboard.config.model.User.PhoneType.DESK;
            default -> throw new BadRequest("\"phoneType\" is \"softphone\" or \"desk\", not \"" + limited(type) + "\"");
        };
    }

    /** A field that may be left out (or null); present, it must be a non-blank string. */
    private static String optionalText(JsonNode message, String field) {
        JsonNode node = message.get(field);
        return node == null || node.isNull() ? null : text(message, field);
    }

    private static boolean bool(JsonNode message, String field) {
        JsonNode node = message.get(field);
        if (node == null || !node.isBoolean()) {
            throw new BadRequest("\"" + field + "\" is required, as true or false");
        }
        return node.asBoolean();
    }

    private static String limited(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
