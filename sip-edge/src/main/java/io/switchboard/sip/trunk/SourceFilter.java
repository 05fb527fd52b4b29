package io.switchboard.sip.trunk;

import io.switchboard.sip.api.SecurityEvent;
import io.switchboard.sip.api.SecurityEventListener;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.security.SecurityLog;
import io.switchboard.sip.transport.InboundListener;
import io.switchboard.sip.transport.SipFlow;
import java.net.InetAddress;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in front of the transaction layer and silently drops requests from sources no trunk accepts, before a
 * transaction (and its 100 Trying) exists, so such a source learns nothing of us: an in-dialog-looking request
 * passes only when it matches a dialog we have (a carrier's BYE from an address outside its inbound networks),
 * never to be answered 481; a REGISTER passes while agents' phones may register. INVITEs from where a digest trunk's users may call pass to be challenged; responses
 * pass (transaction matching protects those). Each drop is a security event and an offence of the source.
 * Used only when the unknown-source policy is DROP; core loop only.
 */
public final class SourceFilter implements InboundListener {
    private static final Logger LOG = LoggerFactory.getLogger(SourceFilter.class);

    private final TrunkTable trunks;
    private final InboundListener next;
    private final LongAdder dropped = new LongAdder();
    private final SecurityLog security;
    private final Consumer<InetAddress> offence;
    private final Predicate<SipMessage> servedAnywhere;

    public SourceFilter(TrunkTable trunks, InboundListener next) {
        this(trunks, next, new SecurityLog(System::currentTimeMillis, SecurityEventListener.NONE), ip -> { },
                m -> false);
    }

    /**
     * @param offence     told of each drop (the source guard counts it towards a ban)
     * @param servedAnywhere whether a request is ours from any source: one of our dialogs' (never a 481 to a
     *                       guess), or a REGISTER of an agent's phone (challenged by the registrar)
     */
    public SourceFilter(TrunkTable trunks, InboundListener next, SecurityLog security, Consumer<InetAddress> offence,
                        Predicate<SipMessage> servedAnywhere) {
        this.trunks = trunks;
        this.next = next;
        this.security = security;
        this.offence = offence;
        this.servedAnywhere = servedAnywhere;
    }

    @Override
    public void onMessage(SipMessage message, SipFlow flow) {
        InetAddress ip = flow.remote().getAddress();
        if (message.isRequest() && trunks.matchInbound(ip) == null && !admitted(message, ip)) {
            dropped.increment();
            LOG.debug("dropped {} from unknown source {}", message.method(), flow.remote());
            security.request(SecurityEvent.Type.REFUSED_SOURCE, message, flow, null, "no trunk accepts the source");
            offence.accept(ip);
            return;
        }
        next.onMessage(message, flow);
    }

    /** A request from outside every trunk's networks that may still go on. */
    private boolean admitted(SipMessage request, InetAddress ip) {
        if (servedAnywhere.test(request)) {
            return true;
        }
        if (trunks.challenges(ip)) {
            // digest users may call from here: INVITEs are challenged, their dialogs' requests matched
            return "INVITE".equals(request.method()) || request.toTag() != null;
        }
        return false;
    }

    public long dropped() {
        return dropped.sum();
    }
}
