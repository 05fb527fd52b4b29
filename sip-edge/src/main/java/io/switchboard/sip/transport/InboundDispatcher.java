package io.switchboard.sip.transport;

import io.netty.channel.EventLoop;
import io.switchboard.sip.codec.ParseResult;
import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.codec.SipParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses frames on the I/O thread that read them and hands good messages to the core loop. Broken but
 * answerable requests get their 400 here, straight back on the flow, when the source is one we answer (an
 * untrusted source gets nothing: it learns no more from garbage than from a good request); the 503s of load
 * shedding go back here too; everything else is counted.
 */
final class InboundDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(InboundDispatcher.class);

    private final SipParser parser;
    private final EventLoop core;
    private final InboundListener listener;
    private final TrafficCounters counters;
    private final ResponseRouter router;
    private final LoadShedder shedder;
    private volatile MalformedAnswering answering = MalformedAnswering.EVERY_SOURCE;

    InboundDispatcher(SipParser parser, EventLoop core, InboundListener listener, TrafficCounters counters,
                      ResponseRouter router, LoadShedder shedder) {
        this.shedder = shedder;
        this.parser = parser;
        this.core = core;
        this.listener = listener;
        this.counters = counters;
        this.router = router;
    }

    /** Which sources get the verdict of a message the parser refused; the others get nothing. */
    void answerMalformed(MalformedAnswering policy) {
        this.answering = java.util.Objects.requireNonNull(policy, "policy");
    }

    /** @return true when the frame was a well-formed request, now on its way to the core loop */
    boolean dispatch(byte[] frame, int length, SipFlow flow) {
        try {
            return dispatchUnchecked(frame, length, flow);
        } catch (RuntimeException e) {
            counters.dropped.increment();
            LOG.error("inbound message from {} could not be handled", flow, e);
            return false;
        }
    }

    /** Answers a request whose stream framing failed (400 or 513), when it has a usable Via. */
    void rejectUnframeable(SipStreamDecoder.UnframeableRequest request, SipFlow flow) {
        try {
            counters.received.increment();
            handle(parser.rejectHeaders(request.head(), request.status(), request.reason()), flow);
        } catch (RuntimeException e) {
            LOG.error("answering an unframeable message from {} failed", flow, e);
        }
    }

    private boolean dispatchUnchecked(byte[] frame, int length, SipFlow flow) {
        counters.received.increment();
        ParseResult result = parser.parse(frame, length);
        handle(result, flow);
        return result.kind() == ParseResult.Kind.MESSAGE && result.message().isRequest();
    }

    private void handle(ParseResult result, SipFlow flow) {
        switch (result.kind()) {
            case MESSAGE -> deliver(result.message(), flow);
            case REJECT -> {
                SipMessage response = result.message();
                if (answering.answers(flow.remote().getAddress())) {
                    counters.rejected400.increment();
                    response.stampVia(flow.remote().getAddress().getHostAddress(), flow.remote().getPort());
                    LOG.debug("{} to {} {}: {}", response.statusCode(), flow.kind(), flow.remote(), result.problem());
                    router.sendResponse(response, flow);
                } else {
                    counters.unansweredUntrusted.increment();
                    LOG.debug("no {} to untrusted {} {}: {}", response.statusCode(), flow.kind(), flow.remote(),
                            result.problem());
                }
                reportMalformed(flow, readable(response::method), readable(response::callId), result.problem());
            }
            case DROP -> {
                counters.dropped.increment();
                LOG.debug("dropped message from {} {}: {}", flow.kind(), flow.remote(), result.problem());
                reportMalformed(flow, null, null, result.problem());
            }
            case KEEPALIVE -> counters.keepalives.increment();
            default -> throw new IllegalStateException("unknown parse result " + result.kind());
        }
    }

    /** Reports a message dropped before it was parsed (over a size limit). */
    void refusedUnread(SipFlow flow, String problem) {
        reportMalformed(flow, null, null, problem);
    }

    /** Hands a refused message to the core loop, where the defences count it and make it a security event. */
    private void reportMalformed(SipFlow flow, String method, String callId, String problem) {
        Runnable report = () -> {
            try {
                listener.onMalformed(flow, method, callId, problem);
            } catch (RuntimeException e) {
                LOG.error("reporting a malformed message from {} failed", flow.remote(), e);
            }
        };
        if (core.inEventLoop()) {
            report.run();
        } else {
            core.execute(report);
        }
    }

    /** A field of the response built for a refused request (method from its CSeq, Call-ID), or null. */
    private static String readable(java.util.function.Supplier<String> field) {
        try {
            return field.get();
        } catch (RuntimeException e) {
            return null; // a 400 built from raw header lines may lack the header
        }
    }

    private void deliver(SipMessage message, SipFlow flow) {
        if (message.isRequest()) {
            // RFC 3261 section 18.2.1 and RFC 3581 section 4: record where the request really came from
            message.stampVia(flow.remote().getAddress().getHostAddress(), flow.remote().getPort());
            if (shedder.sheds(message)) {
                counters.shed503.increment();
                router.sendResponse(shedder.refusal(message), flow);
                return;
            }
        }
        if (core.inEventLoop()) {
            safeDeliver(message, flow);
        } else {
            core.execute(() -> safeDeliver(message, flow));
        }
    }

    private void safeDeliver(SipMessage message, SipFlow flow) {
        try {
            listener.onMessage(message, flow);
        } catch (RuntimeException e) {
            // a peer's message must never take the loop down; this is our bug, so log it loudly
            counters.dropped.increment();
            LOG.error("handling {} {} from {} failed", message.method(), message.callId(), flow.remote(), e);
        }
    }
}
