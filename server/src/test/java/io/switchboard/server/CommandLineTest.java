package io.switchboard.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void noArgumentsRunsTheServer() throws Exception {
        CommandLine line = CommandLine.parse(new String[0]);
        assertEquals("run", line.subcommand());
        assertEquals(Map.of(), line.flags());
    }

    @Test
    void flagsTakeSeparateOrInlineValues() throws Exception {
        CommandLine line = CommandLine.parse(new String[] {"--data", "/tmp/x", "--http-port=18080",
                "--rtp-ports", "30000-30100", "--config", "server.yaml"});
        assertEquals(Map.of("data", "/tmp/x", "http-port", "18080", "rtp-ports", "30000-30100"),
                line.settingOverrides());
    }

    @Test
    void selfSignedIsASwitchThatBecomesASettingBesidesTheHttpsFlags() throws Exception {
        CommandLine line = CommandLine.parse(new String[] {"--self-signed", "--https-port", "9443",
                "--tls-certificate", "c.pem", "--tls-private-key", "k.pem"});
        assertEquals(Map.of("self-signed", "true", "https-port", "9443", "tls-certificate", "c.pem",
                "tls-private-key", "k.pem"), line.settingOverrides());
        assertThrows(UsageException.class, () -> CommandLine.parse(new String[] {"--self-signed=yes"}));
    }

    @Test
    void subcommandTakesPositionalArguments() throws Exception {
        CommandLine line = CommandLine.parse(new String[] {"validate", "/srv/instance"});
        assertEquals("validate", line.subcommand());
        assertEquals(List.of("/srv/instance"), line.positional());
    }

    @Test
    void unknownFlagIsNamed() {
        UsageException e = assertThrows(UsageException.class, () -> CommandLine.parse(new String[] {"--sip-prot", "1"}));
        assertEquals("unknown flag --sip-prot (see --help)", e.getMessage());
    }

    @Test
    void missingValueIsNamed() {
        UsageException e = assertThrows(UsageException.class,
                () -> CommandLine.parse(new String[] {"--http-port", "--data", "x"}));
        assertEquals("flag --http-port needs a value", e.getMessage());
    }

    @Test
    void repeatedFlagIsRefused() {
        UsageException e = assertThrows(UsageException.class,
                () -> CommandLine.parse(new String[] {"--data", "a", "--data=b"}));
        assertEquals("flag --data given twice", e.getMessage());
    }

    @Test
    void unknownSubcommandIsNamed() {
        UsageException e = assertThrows(UsageException.class, () -> CommandLine.parse(new String[] {"serve"}));
        assertEquals("unknown command 'serve' (commands: run, validate, hash-password, import-flow, flow-check, simulate)", e.getMessage());
    }

    @Test
    void importFlowTakesItsOwnFlagsWhichNeverBecomeServerSettings() throws Exception {
        CommandLine line = CommandLine.parse(new String[] {"import-flow", "export.json", "--instance", "/srv/i",
                "--mapping", "map.yaml", "--name", "Main menu", "--replace"});
        assertEquals("import-flow", line.subcommand());
        assertEquals(List.of("export.json"), line.positional());
        assertEquals(Map.of("instance", "/srv/i", "mapping", "map.yaml", "name", "Main menu", "replace", "true"),
                line.flags());
        assertEquals(Map.of("instance", "/srv/i"), line.settingOverrides());
    }

    @Test
    void importFlagsAreRefusedElsewhere() {
        UsageException e = assertThrows(UsageException.class,
                () -> CommandLine.parse(new String[] {"--mapping", "map.yaml"}));
        assertEquals("flag --mapping belongs to import-flow", e.getMessage());
    }
}
