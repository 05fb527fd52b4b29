package io.switchboard.media.webrtc.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * The one scratch buffer a session transforms packets in, as jitsi-srtp's {@link ByteArrayBuffer}: a packet is
 * copied in, transformed in place (the tag appended or removed), and copied out. Loop-confined, reused for
 * every packet, so the transform allocates nothing.
 */
final class PacketBytes implements ByteArrayBuffer {
    /** Room for the largest datagram we read plus any tag and SRTCP index. */
    static final int CAPACITY = 2048 + 64;

    private byte[] buffer = new byte[CAPACITY];
    private int length;

    void load(int newLength) {
        this.length = newLength;
    }

    byte[] array() {
        return buffer;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return 0;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        this.length = len;
    }

    @Override
    public void setOffset(int off) {
        if (off != 0) {
            throw new UnsupportedOperationException("packet bytes always start at 0");
        }
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        System.arraycopy(buffer, off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (length + howMuch > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, length + howMuch);
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        length = Math.max(0, length - len);
    }
}
