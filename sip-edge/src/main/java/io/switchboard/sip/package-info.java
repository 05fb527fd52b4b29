/**
 * SIP edge: transports on Netty, message codec (jain-sip-ri), transactions, dialogs, B2BUA call legs and trunks. Other modules use only the {@code api} package.
 */
package io.switchboard.sip;
