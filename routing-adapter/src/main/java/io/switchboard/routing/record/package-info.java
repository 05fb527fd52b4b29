/**
 * Records in Amazon Connect's formats and their sinks: contact trace records, built from the event bus when a
 * contact ends, written to the CTR day files by a writer thread and indexed for look-ups; agent events (JSON
 * lines under {@code streams/agent-events}), written on a thread of their own. The loop never waits for the disk.
 */
package io.switchboard.routing.record;
