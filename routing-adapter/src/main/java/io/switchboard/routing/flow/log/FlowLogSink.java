package io.switchboard.routing.flow.log;

/**
 * Receives flow log entries from the engine thread. Implementations must return at once and do any I/O
 * elsewhere; an entry that cannot be written is dropped and counted, never thrown back at the engine.
 */
public interface FlowLogSink {

    void append(FlowLogEntry entry);

    /** A sink that drops everything, for engines run without flow logs. */
    FlowLogSink NONE = entry -> { };
}
