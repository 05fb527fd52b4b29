/**
 * The long-term credential mechanism (RFC 8489 section 9.2): the realm, nonces that expire (438), and the
 * keys of static users from the configuration and of TURN REST ephemeral users ({@code use-auth-secret}).
 */
package io.switchboard.turn.auth;
