package io.switchboard.routing.contact;

import java.util.Optional;

/**
 * The contact events a flow can be attached to with {@code UpdateContactEventHooks}, with the default
 * flow that runs when none was set. The key names are those of the flow language.
 */
public enum EventHook {
    CUSTOMER_QUEUE("CustomerQueue", "Default customer queue"),
    CUSTOMER_HOLD("CustomerHold", "Default customer hold"),
    CUSTOMER_WHISPER("CustomerWhisper", "Default customer whisper"),
    AGENT_WHISPER("AgentWhisper", "Default agent whisper"),
    AGENT_HOLD("AgentHold", "Default agent hold"),
    OUTBOUND_WHISPER("OutboundWhisper", "Default outbound"),
    /** The disconnect flow: runs for a caller still on the line after the agent hung up; none by default. */
    CUSTOMER_REMAINING("CustomerRemaining", null);

    private final String key;
    private final String defaultFlow;

    EventHook(String key, String defaultFlow) {
        this.key = key;
        this.defaultFlow = defaultFlow;
    }

    /** The key in the {@code EventHooks} parameter object. */
    public String key() {
        return key;
    }

    /** The name of the shipped default flow for this event; null when nothing runs unless a flow sets one. */
    public String defaultFlow() {
        return defaultFlow;
    }

    public static Optional<EventHook> byKey(String key) {
        for (EventHook hook : values()) {
            if (hook.key.equals(key)) {
                return Optional.of(hook);
            }
        }
        return Optional.empty();
    }
}
