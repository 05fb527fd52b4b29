/**
 * The TURN server's state (RFC 8656 sections 5-12): allocations keyed by their client's 5-tuple, each with
 * its permissions and channel bindings, their lifetimes on an injected clock, the relay port allocator, the
 * peer address filter, quotas, the per-allocation bandwidth cap and the per-source rate limit. Plain Java:
 * everything here is owned by the TURN loop and is tested on a virtual clock.
 */
package io.switchboard.turn.allocation;
