package io.switchboard.sip.transaction;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipMessages;
import io.switchboard.sip.transport.ResponseRouter;
import io.switchboard.sip.transport.SipFlow;
import io.switchboard.sip.transport.TransportKind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A flow that records what is sent on it, with the sending time on the virtual clock. */
public final class LoopbackFlow implements SipFlow, ResponseRouter {
    private final TransportKind kind;
    private final VirtualScheduler clock;
    public final List<SipMessage> sent = new ArrayList<>();
    public final List<Long> sentAt = new ArrayList<>();

    public LoopbackFlow(TransportKind kind, VirtualScheduler clock) {
        this.kind = kind;
        this.clock = clock;
    }

    @Override
    public TransportKind kind() {
        return kind;
    }

    @Override
    public InetSocketAddress remote() {
        return new InetSocketAddress("192.0.2.10", 5060);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void send(byte[] encoded) {
        sent.add(SipMessages.parseTrusted(new String(encoded, StandardCharsets.UTF_8)));
        sentAt.add(clock.nowMillis());
    }

    @Override
    public SipFlow responseFlow(SipMessage response, SipFlow requestFlow) {
        return this;
    }

    public SipMessage last() {
        return sent.get(sent.size() - 1);
    }

    /** Status codes (0 for requests) of everything sent, in order. */
    public List<Integer> codes() {
        return sent.stream().map(SipMessage::statusCode).toList();
    }
}
