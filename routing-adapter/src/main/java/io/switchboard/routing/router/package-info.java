/**
 * Queues and routing. Today the {@link io.switchboard.routing.router.QueueBook}: contacts waiting in queues in
 * arrival order, with capacity and the figures flows read; the router that offers them to agents comes with
 * the agents.
 */
package io.switchboard.routing.router;
