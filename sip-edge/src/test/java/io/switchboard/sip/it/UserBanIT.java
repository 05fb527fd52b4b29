package io.switchboard.sip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.sip.api.DigestSecret;
import io.switchboard.sip.api.SipEdgeSettings;
import io.switchboard.sip.api.TrunkDefinition;
import io.switchboard.testkit.Sipp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password guessed from several addresses, each below the per-source ban: three wrong answers for the user
 * "pbx" from 127.0.0.2 and 127.0.0.3 ban the user, and the right password from a fourth address is then refused
 * with the same 403 as a wrong one.
 */
class UserBanIT {
    @TempDir
    Path work;
    private EdgeFixture fixture;

    @BeforeEach
    void start() {
        TrunkDefinition pbx = TrunkDefinition.inbound("pbx")
                .withDigestUsers(Map.of("pbx", DigestSecret.fromPassword("pbx", "switchboard", "pw")));
        fixture = new EdgeFixture(s -> s.withDigestAlgorithms(List.of("MD5"))
                .withUnknownSource(SipEdgeSettings.UnknownSourcePolicy.DROP)
                .withLimits(s.limits().withAuthBan(100, Duration.ofMinutes(10)).withUserBan(3, Duration.ofMinutes(1))),
                List.of(pbx));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Sipp.Result run(String scenario, String fromIp, int calls) throws Exception {
        Path xml = Path.of(getClass().getResource("/sipp/" + scenario + ".xml").toURI());
        return Sipp.scenarioFile(xml).target("127.0.0.1", fixture.port).localIp(fromIp)
                .args("-s", "+15550100", "-auth_uri", "+15550100@127.0.0.1:" + fixture.port).calls(calls).rate(10)
                .timeout(Duration.ofSeconds(20)).name(scenario + "-" + fromIp).run(work);
    }

    @Test
    void failuresFromSeveralAddressesBanTheUserAndItsRightPasswordIsRefused() throws Exception {
        Sipp.Result first = run("uac_auth_wrong", "127.0.0.2", 2);
        assertEquals(2, first.successfulCalls(), first.describe());
        assertEquals(0, fixture.metric("guard_user_bans_total"), "two failures ban nobody");

        Sipp.Result second = run("uac_auth_wrong", "127.0.0.3", 1);
        assertEquals(1, second.successfulCalls(), second.describe());
        assertEquals(1, fixture.metric("guard_user_bans_total"));
        assertEquals(0, fixture.metric("guard_bans_total"), "no source was banned");

        Sipp.Result banned = run("uac_auth_banned", "127.0.0.4", 1);
        assertEquals(0, banned.exitCode(), banned.describe());
        assertEquals(1, banned.successfulCalls(), "the right password got 403: " + banned.describe());
        assertEquals(1, fixture.metric("guard_banned_user_refused_total"));
        assertEquals(1, fixture.metric("security_events_total{type=\"user_banned\"}"));
        assertEquals(0, fixture.legs.size(), "no call was let in");
    }
}
