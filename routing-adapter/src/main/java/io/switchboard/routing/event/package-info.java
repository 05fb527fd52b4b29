/**
 * The in-loop bus of call and contact events: who decided something publishes it, the router, the calls and
 * the metrics read it (CTRs and agent events join with the routing step).
 */
package io.switchboard.routing.event;
