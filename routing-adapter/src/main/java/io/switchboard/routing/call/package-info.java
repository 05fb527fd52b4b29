/**
 * Calls: a {@link io.switchboard.routing.call.Call} owns its customer leg, its transfer to a third party and
 * their media endpoints, and tears them down once. Each leg kind is a state machine with an explicit state
 * enum. The adapters to sip-edge ({@code SipLegEvents}) and media-relay ({@code LoopRelay},
 * {@code RelayEvents}) are the only places that hop threads: everything else here runs on the contact
 * center's loop. Ownership: {@code Telephony -> CallRegistry -> Call -> (CustomerLeg, ThirdPartyLeg) ->
 * endpoint ids}; the relay owns the endpoints themselves.
 */
package io.switchboard.routing.call;
