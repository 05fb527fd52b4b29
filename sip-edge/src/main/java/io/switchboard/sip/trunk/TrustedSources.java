package io.switchboard.sip.trunk;

import io.switchboard.sip.transport.MalformedAnswering;
import java.net.InetAddress;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides which sources hear why their message was refused. Trusted are the addresses inside a trunk's inbound
 * networks (as the source guard trusts them) and the addresses agents' phones registered from; a digest trunk's
 * allowed sources are not, they must still authenticate. With the unknown-source policy DROP an untrusted
 * source gets no 400 (nor 505 or 513): it learns no more from garbage than from a good request. With
 * REJECT_403 the operator chose to be polite to strangers, who already hear from us, so they get the parser's
 * verdict as before: a 403 would claim we understood a request we could not read (RFC 3261 section 21.4.4).
 * Asked on I/O threads: the trunk table is immutable and {@code registeredPhone} reads a published snapshot;
 * an IPv4 decision allocates nothing.
 */
public final class TrustedSources implements MalformedAnswering {
    private final TrunkTable trunks;
    private final Predicate<InetAddress> registeredPhone;
    private final boolean answerUntrusted;

    /**
     * @param registeredPhone  whether a live phone registration came from the address; safe on any thread
     * @param answerUntrusted  true for the REJECT_403 policy: untrusted sources are answered too
     */
    public TrustedSources(TrunkTable trunks, Predicate<InetAddress> registeredPhone, boolean answerUntrusted) {
        this.trunks = Objects.requireNonNull(trunks, "trunks");
        this.registeredPhone = Objects.requireNonNull(registeredPhone, "registeredPhone");
        this.answerUntrusted = answerUntrusted;
    }

    /** Inside a trunk's inbound networks, or where a registered phone is. */
    public boolean trusted(InetAddress source) {
        return trunks.matchInbound(source) != null || registeredPhone.test(source);
    }

    @Override
    public boolean answers(InetAddress source) {
        return answerUntrusted || trusted(source);
    }
}
