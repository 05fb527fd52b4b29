/**
 * Records: contact trace records in Amazon Connect's format, built from the event bus when a contact ends,
 * written to the CTR day files by a writer thread and indexed for look-ups (agent events join them with
 * agents).
 */
package io.switchboard.routing.record;
