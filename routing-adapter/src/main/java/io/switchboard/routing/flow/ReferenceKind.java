package io.switchboard.routing.flow;

/** The kinds of instance resources a flow refers to, with the ARN resource segment each uses. */
public enum ReferenceKind {
    PROMPT("prompt", "prompt/"),
    QUEUE("queue", "queue/"),
    AGENT("agent", "agent/"),
    FLOW("flow", "contact-flow/"),
    HOURS("hours of operation", "operating-hours/"),
    FUNCTION("function", "function:");

    private final String label;
    private final String arnSegment;

    ReferenceKind(String label, String arnSegment) {
        this.label = label;
        this.arnSegment = arnSegment;
    }

    /** How an admin reads it in a message. */
    public String label() {
        return label;
    }

    String arnSegment() {
        return arnSegment;
    }
}
