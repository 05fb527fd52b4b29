package io.switchboard.server.agent;

import io.switchboard.routing.api.AgentView;
import java.util.Optional;

/** Which {@code contact} event a change of the agent's view is (docs/agent-websocket.md), if any. */
final class ContactEvents {
    private ContactEvents() {
    }

    static Optional<String> event(AgentView before, AgentView after) {
        AgentView.ContactView was = before == null ? null : before.contact().orElse(null);
        AgentView.ContactView now = after.contact().orElse(null);
        if (now == null) {
            if (was == null) {
                return Optional.empty();
            }
            return Optional.of(was.state().equals("CONNECTING") ? "withdrawn" : "closed");
        }
        boolean same = was != null && was.contactId().equals(now.contactId());
        String from = same ? was.state() : null;
        String event = switch (now.state()) {
            // The agent's own outbound call is connecting (dialling the customer), not ringing for them.
            case "CONNECTING" -> same ? null : "OUTBOUND".equals(now.initiationMethod()) ? "connecting" : "incoming";
            case "CONNECTED" -> {
                if (same && was.mediaPaused() != now.mediaPaused()) {
                    yield now.mediaPaused() ? "paused" : "connected";
                }
                yield "CONNECTED".equals(from) ? null : "CONNECTED_ONHOLD".equals(from) ? "resumed" : "connected";
            }
            case "CONNECTED_ONHOLD" -> "CONNECTED_ONHOLD".equals(from) ? null : "held";
            case "ENDED" -> "ENDED".equals(from) ? null : "ended";
            case "MISSED" -> "MISSED".equals(from) ? null : "missed";
            case "ERROR" -> "ERROR".equals(from) ? null : "failed";
            default -> null;
        };
        return Optional.ofNullable(event);
    }
}
