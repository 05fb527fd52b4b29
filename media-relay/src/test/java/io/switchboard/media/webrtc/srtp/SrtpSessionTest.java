package io.switchboard.media.webrtc.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpSessionTest {
    static SrtpKeys keys(SrtpProfile profile) {
        byte[] material = new byte[profile.materialLength()];
        new Random(7).nextBytes(material);
        return SrtpKeys.fromExporter(profile, material, false);
    }

    static byte[] rtp(int seq, long ts, int ssrc) {
        ByteBuffer b = ByteBuffer.allocate(172);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt((int) ts).putInt(ssrc);
        for (int i = 0; i < 160; i++) {
            b.put((byte) (i * 3));
        }
        return b.array();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpRoundTripsAndTheWireIsEncrypted(SrtpProfile profile) {
        SrtpSession sender = new SrtpSession(keys(profile).reversed());
        SrtpSession receiver = new SrtpSession(keys(profile));
        byte[] plain = rtp(1, 160, 0x11223344);
        System.arraycopy(plain, 0, sender.scratch(plain.length + 20), 0, plain.length);
        int protectedLength = sender.protect(plain.length, false);
        assertEquals(plain.length + (profile == SrtpProfile.AEAD_AES_128_GCM ? 16 : 10), protectedLength);
        byte[] wire = Arrays.copyOf(sender.result(), protectedLength);
        assertArrayEquals(Arrays.copyOf(plain, 12), Arrays.copyOf(wire, 12), "the header stays clear");
        assertFalse(Arrays.equals(Arrays.copyOfRange(plain, 12, 172), Arrays.copyOfRange(wire, 12, 172)));
        System.arraycopy(wire, 0, receiver.scratch(wire.length), 0, wire.length);
        assertEquals(plain.length, receiver.unprotect(wire.length, false));
        assertArrayEquals(plain, Arrays.copyOf(receiver.result(), plain.length));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTrips(SrtpProfile profile) {
        SrtpSession sender = new SrtpSession(keys(profile).reversed());
        SrtpSession receiver = new SrtpSession(keys(profile));
        byte[] rr = ByteBuffer.allocate(8).put((byte) 0x80).put((byte) 201).putShort((short) 1)
                .putInt(0x55667788).array();
        System.arraycopy(rr, 0, sender.scratch(64), 0, rr.length);
        int n = sender.protect(rr.length, true);
        byte[] wire = Arrays.copyOf(sender.result(), n);
        System.arraycopy(wire, 0, receiver.scratch(n), 0, n);
        assertEquals(rr.length, receiver.unprotect(n, true));
        assertArrayEquals(rr, Arrays.copyOf(receiver.result(), rr.length));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReplayedPacketIsDroppedAndCountedAndATamperedOneFailsAuthentication(SrtpProfile profile) {
        SrtpSession sender = new SrtpSession(keys(profile).reversed());
        SrtpReceiveNode node = new SrtpReceiveNode();
        node.keyed(new SrtpSession(keys(profile)));
        SrtpSendNode out = new SrtpSendNode();
        out.keyed(sender);
        PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
        ByteBuf[] wire = new ByteBuf[100];
        for (int i = 0; i < wire.length; i++) {
            ByteBuf p = alloc.directBuffer(200);
            p.writeBytes(rtp(1000 + i, 160L * i, 0x0A0B0C0D));
            wire[i] = out.protect(p, false, alloc);
            assertNotNull(wire[i]);
        }
        ByteBuf replay = wire[50].copy();
        ByteBuf tampered = wire[99]; // never delivered intact, so only its tag can fail
        tampered.setByte(tampered.writerIndex() - 1, tampered.getByte(tampered.writerIndex() - 1) ^ 1);
        for (int i = 0; i < 99; i++) {
            assertTrue(node.unprotect(wire[i], false));
            assertEquals(172, wire[i].readableBytes());
            wire[i].release();
        }
        assertFalse(node.unprotect(replay, false));
        replay.release();
        assertFalse(node.unprotect(tampered, false));
        tampered.release();
        assertEquals(1, node.replayed());
        assertEquals(1L, node.counters().dropped().get("replay"));
        assertEquals(1L, node.counters().dropped().get("auth"));
        assertEquals(99, node.counters().out());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void reorderedPacketsInsideTheWindowPass(SrtpProfile profile) {
        SrtpSession sender = new SrtpSession(keys(profile).reversed());
        SrtpSession receiver = new SrtpSession(keys(profile));
        byte[][] wire = new byte[70][];
        for (int i = 0; i < wire.length; i++) {
            byte[] plain = rtp(i + 1, 160L * i, 5);
            System.arraycopy(plain, 0, sender.scratch(200), 0, plain.length);
            wire[i] = Arrays.copyOf(sender.result(), sender.protect(plain.length, false));
        }
        int[] order = {1, 0, 3, 2};
        for (int i : order) {
            System.arraycopy(wire[i], 0, receiver.scratch(200), 0, wire[i].length);
            assertEquals(172, receiver.unprotect(wire[i].length, false), "packet " + i);
        }
        for (int i = 4; i < 70; i++) {
            System.arraycopy(wire[i], 0, receiver.scratch(200), 0, wire[i].length);
            assertEquals(172, receiver.unprotect(wire[i].length, false));
        }
        // packet 5 is now 64 behind packet 69: outside the window, refused as too old
        System.arraycopy(wire[5], 0, receiver.scratch(200), 0, wire[5].length);
        assertNotEquals(172, receiver.unprotect(wire[5].length, false));
    }
}
