/**
 * Records: contact trace records and agent events in Amazon Connect's formats, and their sinks. Empty until
 * the routing step writes them; it subscribes to the event bus.
 */
package io.switchboard.routing.record;
