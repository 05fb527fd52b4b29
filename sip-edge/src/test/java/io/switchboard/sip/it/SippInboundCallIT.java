package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testkit.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIPp plays the trunk and calls the edge over UDP and TCP. */
class SippInboundCallIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;

    @BeforeEach
    void start() {
        fixture = new EdgeFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Sipp uac() {
        return Sipp.builtIn("uac").target("127.0.0.1", fixture.port).args("-s", "+15550100")
                .timeout(Duration.ofSeconds(20));
    }

    @Test
    void basicCallsOverUdpAreAnsweredAndHungUpBySipp() throws Exception {
        Sipp.Result r = uac().calls(20).rate(20).run(work);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(20, r.successfulCalls(), r.describe());
        assertEquals(0, r.failedCalls(), r.describe());
        assertEquals(20, fixture.metric("calls_answered_total"));
        assertEquals(0, fixture.awaitMetric("calls_active", 0, Duration.ofSeconds(2)));
        assertEquals(20, fixture.awaitEnds("REMOTE BYE", 20));
        assertEquals("+15550100", fixture.legs.peek().called());
        assertEquals("sipp", fixture.legs.peek().trunk());
        assertTrue(fixture.legs.peek().remoteSdp().contains("m=audio"));
    }

    @Test
    void basicCallsOverTcp() throws Exception {
        Sipp.Result r = uac().transport("t1").calls(10).rate(10).run(work);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals(10, r.successfulCalls(), r.describe());
        assertEquals(10, fixture.metric("calls_answered_total"));
    }
}
