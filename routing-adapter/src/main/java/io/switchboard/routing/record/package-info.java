/**
 * Records in Amazon Connect's formats and their sinks: agent events (JSON lines under
 * {@code streams/agent-events}), written on threads of their own so the loop never waits for the disk.
 */
package io.switchboard.routing.record;
