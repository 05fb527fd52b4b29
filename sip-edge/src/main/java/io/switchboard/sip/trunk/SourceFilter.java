package io.switchboard.sip.trunk;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transport.InboundListener;
import io.switchboard.sip.transport.SipFlow;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits in front of the transaction layer and silently drops out-of-dialog requests from sources no trunk
 * accepts, before a transaction (and its 100 Trying) exists. In-dialog requests and responses pass: dialog
 * and transaction matching protect those. Used only when the unknown-source policy is DROP.
 */
public final class SourceFilter implements InboundListener {
    private static final Logger LOG = LoggerFactory.getLogger(SourceFilter.class);

    private final TrunkTable trunks;
    private final InboundListener next;
    private final LongAdder dropped = new LongAdder();

    public SourceFilter(TrunkTable trunks, InboundListener next) {
        this.trunks = trunks;
        this.next = next;
    }

    @Override
    public void onMessage(SipMessage message, SipFlow flow) {
        if (message.isRequest() && message.toTag() == null
                // INVITEs from where a digest trunk's users may call go on to be challenged
                && !("INVITE".equals(message.method()) && trunks.challenges(flow.remote().getAddress()))
                && trunks.matchInbound(flow.remote().getAddress()) == null) {
            dropped.increment();
            LOG.debug("dropped {} from unknown source {}", message.method(), flow.remote());
            return;
        }
        next.onMessage(message, flow);
    }

    public long dropped() {
        return dropped.sum();
    }
}
