package io.switchboard.media.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.switchboard.media.api.TransportFailure;
import io.switchboard.media.endpoint.MediaLoops;
import io.switchboard.media.sdp.Direction;
import io.switchboard.media.sdp.DtlsSetup;
import io.switchboard.media.sdp.LocalWebRtc;
import io.switchboard.media.sdp.NegotiatedWebRtc;
import io.switchboard.media.sdp.SessionDescription;
import io.switchboard.media.sdp.WebRtcOfferAnswer;
import io.switchboard.media.webrtc.dtls.DtlsCertificate;
import io.switchboard.media.webrtc.ice.StunRequests;
import io.switchboard.testkit.Await;
import io.switchboard.testkit.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The WebRTC transport on a real socket: checks from two browser addresses move the selected pair, and the
 * consent clock, driven with explicit times on the loop, ends the media once.
 */
class WebRtcTransportTest {
    static final long SECOND = 1_000_000_000L;

    MediaLoops loops;
    EventLoop loop;
    WebRtcTransport transport;
    final List<String> events = new CopyOnWriteArrayList<>();
    DatagramChannel host;
    DatagramChannel relayCandidate;

    @BeforeEach
    void open() throws Exception {
        loops = MediaLoops.start(1, false);
        loop = loops.loopFor("t");
        int port = FreePorts.udpRange(2);
        PlainRtpTransport socket = PlainRtpTransport.bind("t", loop, loops.channelClass(),
                InetAddress.getLoopbackAddress(), port, false).get(5, TimeUnit.SECONDS);
        transport = loop.submit(() -> new WebRtcTransport("t", loop, socket, DtlsCertificate.process(),
                Executors.newSingleThreadExecutor(), 10_000, 1234, 0)).get();
        transport.deliverTo((datagram, sender, controlPort, arrival) -> {
            // the path's demux: STUN and DTLS back to the transport, anything else dropped
            int first = datagram.getUnsignedByte(datagram.readerIndex());
            io.switchboard.media.codec.PacketKind kind = io.switchboard.media.codec.PacketKind.of(datagram);
            if (first > 63 || !transport.offerHandshake(kind, datagram, sender)) {
                datagram.release();
            }
        });
        transport.events(new WebRtcTransport.Events() {
            @Override
            public void selected(InetSocketAddress remote) {
                events.add("selected " + remote.getPort());
            }

            @Override
            public void failed(TransportFailure reason) {
                events.add("failed " + reason);
            }
        });
        host = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        relayCandidate = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void close() throws Exception {
        loop.submit(() -> transport.close(() -> { })).get();
        host.close();
        relayCandidate.close();
        loops.close();
    }

    private LocalWebRtc configure(long now) throws Exception {
        return configure(now, DtlsCertificate.process().fingerprint().toString(), "actpass");
    }

    /** Applies an offer as the relay applies a first offer or a re-offer (our role kept for actpass). */
    private LocalWebRtc configure(long now, String fingerprint, String setup) throws Exception {
        String offer = String.join("\r\n", "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0",
                "m=audio 9 UDP/TLS/RTP/SAVPF 0", "c=IN IP4 0.0.0.0", "a=ice-ufrag:peer",
                "a=ice-pwd:peerpasswordpeerpassword", "a=fingerprint:" + fingerprint,
                "a=setup:" + setup, "a=mid:0", "a=rtcp-mux", "a=rtpmap:0 PCMU/8000", "") + "\r\n";
        NegotiatedWebRtc n = WebRtcOfferAnswer.answer(SessionDescription.parse(offer), Direction.SENDRECV);
        return loop.submit(() -> {
            NegotiatedWebRtc applied = n.reofferedOver(transport.remote());
            transport.configure(applied, now);
            return transport.local(applied.dtlsClient() ? DtlsSetup.ACTIVE : DtlsSetup.PASSIVE);
        }).get();
    }

    private byte[] check(DatagramChannel from, LocalWebRtc local, boolean nominate) throws Exception {
        from.send(ByteBuffer.wrap(StunRequests.check(local.iceUfrag() + ":peer", local.icePwd(), nominate)),
                transport.localAddress());
        ByteBuffer response = ByteBuffer.allocate(512);
        from.receive(response);
        response.flip();
        byte[] b = new byte[response.remaining()];
        response.get(b);
        return b;
    }

    @Test
    void checksFromAnotherAddressMoveTheSelectedPairAndBack() throws Exception {
        LocalWebRtc local = configure(System.nanoTime());
        assertEquals(0x0101, StunRequests.type(check(host, local, true)));
        assertEquals(0x0101, StunRequests.type(check(relayCandidate, local, true)));
        assertEquals(0x0101, StunRequests.type(check(host, local, true)));
        int h = ((InetSocketAddress) host.getLocalAddress()).getPort();
        int r = ((InetSocketAddress) relayCandidate.getLocalAddress()).getPort();
        // the response goes out before the selection is reported: wait for the third report
        Await.until("three selections", java.time.Duration.ofSeconds(5), () -> events.size() >= 3);
        assertEquals(List.of("selected " + h, "selected " + r, "selected " + h), List.copyOf(events));
        assertEquals(h, loop.submit(() -> transport.selected().getPort()).get());
    }

    @Test
    void consentExpiresOnceThirtySecondsAfterTheLastCheckAndTheMediaStop() throws Exception {
        LocalWebRtc local = configure(System.nanoTime());
        check(host, local, true);
        long last = System.nanoTime();
        loop.submit(() -> transport.tick(last + 29 * SECOND)).get();
        assertTrue(events.stream().noneMatch(e -> e.startsWith("failed")), "29 s: consent holds");
        loop.submit(() -> transport.tick(last + 31 * SECOND)).get();
        loop.submit(() -> transport.tick(last + 60 * SECOND)).get();
        assertEquals(1, events.stream().filter(e -> e.equals("failed CONSENT_EXPIRED")).count());
        assertEquals(WebRtcTransport.State.FAILED, loop.submit(() -> transport.state()).get());
        // nothing goes out any more: the packet is counted as dropped and released
        long dropped = loop.submit(() -> {
            ByteBuf p = transport.alloc().directBuffer(172).writeZero(172);
            p.setByte(0, 0x80);
            transport.send(p, null);
            return transport.counters().get(2).dropped().get("no-pair");
        }).get();
        assertEquals(1L, dropped);
    }

    @Test
    void aReofferWithAnotherFingerprintStartsANewAssociationAndTheSameOneKeepsIt() throws Exception {
        LocalWebRtc local = configure(System.nanoTime());
        check(host, local, true);
        assertEquals(1, loop.submit(() -> transport.associations()).get());
        configure(System.nanoTime(), DtlsCertificate.process().fingerprint().toString(), "actpass");
        assertEquals(1, loop.submit(() -> transport.associations()).get(), "same fingerprint and role: kept");
        String other = io.switchboard.media.webrtc.dtls.DtlsTestClient.newCertificate().fingerprint().toString();
        configure(System.nanoTime(), other, "actpass");
        assertEquals(2, loop.submit(() -> transport.associations()).get(), "new fingerprint: new association");
        assertEquals(WebRtcTransport.State.CONNECTING, loop.submit(() -> transport.state()).get());
    }

    @Test
    void aReofferTakingThePassiveRoleMakesUsTheClientOfANewAssociation() throws Exception {
        LocalWebRtc local = configure(System.nanoTime());
        check(host, local, true);
        String same = DtlsCertificate.process().fingerprint().toString();
        LocalWebRtc again = configure(System.nanoTime(), same, "passive");
        assertEquals(DtlsSetup.ACTIVE, again.setup(), "our answer takes the client role");
        assertEquals(2, loop.submit(() -> transport.associations()).get());
        // RFC 5764 section 5.1.2: as client we send the ClientHello (a handshake record, content type 22)
        ByteBuffer hello = ByteBuffer.allocate(2048);
        host.configureBlocking(true);
        host.socket().setSoTimeout(5000);
        java.net.DatagramPacket p = new java.net.DatagramPacket(hello.array(), hello.capacity());
        host.socket().receive(p);
        assertEquals(22, hello.get(0));
        configure(System.nanoTime(), same, "actpass");
        assertEquals(2, loop.submit(() -> transport.associations()).get(), "actpass keeps the role we took");
    }
}
