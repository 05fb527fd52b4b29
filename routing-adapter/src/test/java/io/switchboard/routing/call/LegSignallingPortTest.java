package io.switchboard.routing.call;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.DemoInstance;
import io.switchboard.config.InstanceLoader;
import io.switchboard.config.LoadResult;
import io.switchboard.config.model.SipTrunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trunk's outbound number rules shape the number a transfer dials; inbound rules never do. */
class LegSignallingPortTest {

    @TempDir
    Path dir;

    private SipTrunk trunkWithRules(String rules) throws Exception {
        Path instance = DemoInstance.extractTo(dir.resolve("instance"));
        Path yaml = instance.resolve("instance.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("    numberRules:\n", "    numberRules:\n" + rules));
        LoadResult loaded = InstanceLoader.load(instance);
        assertEquals(List.of(), loaded.problems());
        return loaded.config().trunk("demo-trunk").orElseThrow();
    }

    @Test
    void firstMatchingOutboundRuleRewritesTheNumber() throws Exception {
        SipTrunk trunk = trunkWithRules("""
                      - { direction: outbound, match: "\\\\+44(\\\\d+)", replace: "0044$1" }
                      - { direction: outbound, match: "\\\\+1(\\\\d+)", replace: "$1" }
                      - { direction: outbound, match: "\\\\+1555(\\\\d+)", replace: "never$1" }
                """);
        assertEquals("5550199", LegSignallingPort.outboundNumber(trunk, "+15550199"));
        assertEquals("00442071234567", LegSignallingPort.outboundNumber(trunk, "+442071234567"));
    }

    @Test
    void numbersNoOutboundRuleMatchesAreDialledAsTheyAre() throws Exception {
        SipTrunk trunk = trunkWithRules("""
                      - { direction: outbound, match: "\\\\+44(\\\\d+)", replace: "0044$1" }
                """);
        // The demo trunk's inbound rule matches "5550199" but applies to called numbers of incoming calls only.
        assertEquals("5550199", LegSignallingPort.outboundNumber(trunk, "5550199"));
        assertEquals("+15550199", LegSignallingPort.outboundNumber(trunk, "+15550199"));
    }
}
