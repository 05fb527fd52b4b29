/**
 * The contact center: contacts, the flow engine (Amazon Connect flow language), queues, routing profiles, agents, the router, contact trace records, agent events and the control API. Reaches SIP and media only through their {@code api} packages and refers to calls and endpoints by id.
 */
package io.switchboard.routing;
