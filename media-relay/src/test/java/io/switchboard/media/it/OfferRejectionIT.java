package io.switchboard.media.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.NegotiatedEndpoint;
import io.switchboard.media.api.OfferRejectedException;
import io.switchboard.testkit.RtpPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unacceptable remote SDP fails the future with the API's {@link OfferRejectedException}, whose message
 * says why, for every method that takes one; nothing is left behind and a rejected re-offer changes nothing.
 */
class OfferRejectionIT {
    private static final String NO_AUDIO = "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\nm=video 40000 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n";
    private static final String SAVP_ONLY = "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
            + "t=0 0\r\nm=audio 40000 RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private static final String WIDEBAND_ONLY = "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 9\r\na=rtpmap:9 G722/8000\r\n";

    @TempDir
    Path dir;

    @Test
    void anAnswerToAnUnacceptableOfferFailsWithTheReasonAndLeavesNoEndpoint() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            for (String offer : new String[] {"v=0\r\ngarbage\r\n", NO_AUDIO, SAVP_ONLY, WIDEBAND_ONLY}) {
                OfferRejectedException e = rejection(f.relay.answer("call-1", offer));
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "the reason is given");
            }
            assertEquals(0, f.relay.endpointCount());
        }
    }

    @Test
    void anUnacceptableAnswerToOurOfferFailsWithTheReason() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            NegotiatedEndpoint ours = f.relay.offer("call-1").get(5, TimeUnit.SECONDS);
            OfferRejectedException e = rejection(f.relay.acceptAnswer(ours.id(), WIDEBAND_ONLY));
            assertTrue(!e.getMessage().isBlank());
            assertEquals(1, f.relay.endpointCount(), "the endpoint is the caller's to destroy");
        }
    }

    @Test
    void anUnacceptableReOfferFailsAndTheStreamKeepsFlowing() throws Exception {
        try (RelayFixture f = new RelayFixture(dir, Duration.ofSeconds(30))) {
            RtpPeer caller = f.peer();
            RtpPeer agent = f.peer();
            EndpointId c = f.answer("call-1", caller, RtpPeer.PCMU, 101);
            EndpointId a = f.answer("call-1", agent, RtpPeer.PCMU, 101);
            f.relay.bridge(c, a).get(5, TimeUnit.SECONDS);
            rejection(f.relay.update(c, SAVP_ONLY));
            caller.sendTone(1004, 8000, Duration.ofMillis(400), RtpPeer.PCMU);
            assertEquals(20, agent.await(r -> true, 20, Duration.ofSeconds(3)).size(),
                    "the previous description still holds");
        }
    }

    private static OfferRejectedException rejection(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(OfferRejectedException.class, e.getCause());
    }
}
