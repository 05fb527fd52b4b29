/**
 * SIP edge: transports on Netty, message codec (jain-sip-ri), transactions, dialogs, B2BUA call legs and trunks.
 * Other modules use the {@code api} package, and {@link io.switchboard.sip.SipEdgeServer#start} to start an edge;
 * {@code SipEdgeServer} is the composition root, the only class that wires the module's packages together.
 */
package io.switchboard.sip;
