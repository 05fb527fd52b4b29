/**
 * Queues and routing: the {@link io.switchboard.routing.router.QueueBook} (contacts waiting in queues, capacity,
 * the figures flows read) and the {@link io.switchboard.routing.router.Router}, which decides which available
 * agent gets which waiting contact by routing-profile priority and delay, contact priority and routing age,
 * and longest-available agent. {@code call.AgentRouting} feeds it from the bus and carries out its matches.
 */
package io.switchboard.routing.router;
