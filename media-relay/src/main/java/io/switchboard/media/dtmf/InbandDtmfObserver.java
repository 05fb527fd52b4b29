package io.switchboard.media.dtmf;

import io.netty.buffer.ByteBuf;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.RtpHeader;
import io.switchboard.media.pipeline.RtpObserver;

/**
 * Feeds an endpoint's received G.711 audio, decoded into 20 ms blocks, to the Goertzel detector while
 * digits are wanted (a collection or a barge-in prompt: the detector costs about as much CPU as relaying
 * the packet, so it does not run through a whole bridged conversation). Once the peer has sent RFC 4733
 * events the in-band path stays silent, so a phone that sends both is not counted twice. Reuses one sample
 * buffer; allocates nothing per packet.
 */
public final class InbandDtmfObserver implements RtpObserver {
    private GoertzelDtmfDetector detector = new GoertzelDtmfDetector();
    private final short[] block = new short[GoertzelDtmfDetector.BLOCK];
    private final DigitSink sink;
    private final Rfc4733Receiver rfc4733;
    private int filled;
    private boolean enabled;

    /** @param rfc4733 the same endpoint's RFC 4733 receiver, consulted to defer to signalled events */
    public InbandDtmfObserver(DigitSink sink, Rfc4733Receiver rfc4733) {
        this.sink = sink;
        this.rfc4733 = rfc4733;
    }

    /** Starts or stops detection; a restart begins with a fresh detector state. */
    public void setEnabled(boolean on) {
        if (on && !enabled) {
            filled = 0;
            detector = new GoertzelDtmfDetector();
        }
        enabled = on;
    }

    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void onRtp(ByteBuf packet, boolean event, AudioCodec codec, long arrivalNanos) {
        if (!enabled || event || rfc4733.sawEvents()) {
            return;
        }
        int start = packet.readerIndex() + RtpHeader.payloadOffset(packet);
        int length = RtpHeader.payloadLength(packet);
        for (int i = 0; i < length; i++) {
            block[filled++] = codec.decode(packet.getByte(start + i));
            if (filled == block.length) {
                filled = 0;
                char digit = detector.process(block, 0);
                if (digit != 0) {
                    sink.onDigit(digit, DtmfSource.INBAND);
                }
            }
        }
    }
}
