/**
 * The HTTPS listener's certificate and key: PEM files the operator configured, or a self-signed pair made at
 * start for trials. Bouncy Castle (certificate generation) stays in this package; the rest of the control API
 * sees a Netty {@code SslContext} and a fingerprint.
 */
package io.switchboard.control.tls;
