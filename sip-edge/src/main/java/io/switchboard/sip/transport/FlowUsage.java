package io.switchboard.sip.transport;

/**
 * Whether a connection still carries a transaction or a dialog, asked by the transports (on the core loop) before
 * closing an idle connection. Implemented above the transport layer, which knows neither.
 */
@FunctionalInterface
public interface FlowUsage {
    boolean inUse(SipFlow flow);
}
