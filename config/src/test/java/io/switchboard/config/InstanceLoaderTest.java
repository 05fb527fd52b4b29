package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.SipTrunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading instance.yaml: a valid instance, and one test per class of error with its exact message. */
class InstanceLoaderTest {

    @TempDir
    Path dir;

    @Test
    void minimalInstanceIsValid() throws IOException {
        LoadResult result = InstanceLoader.load(TestInstance.write(dir));
        assertEquals(List.of(), result.problems());
        InstanceConfig config = result.config();
        assertEquals("main", config.phoneNumber("+15550100").orElseThrow().flow());
        assertEquals(5060, config.trunks().get(0).outbound().destinations().get(0).port());
        assertEquals("Office", config.queue("Sales").orElseThrow().hours());
        assertEquals(1, config.routingProfiles().get(0).queues().get(0).priority());
        assertEquals(0, config.users().get(0).afterContactWorkTimeoutSeconds());
        assertTrue(config.flow("main").isPresent());
        assertTrue(config.prompt("beep").isPresent());
    }

    @Test
    void unknownKey() throws IOException {
        assertProblems(replace("    hours: Office\n", "    hours: Office\n    colour: blue\n"),
                "instance.yaml:19: queues[0].colour: unknown key");
    }

    @Test
    void unknownKeySuggestsTheNearestKnownOne() throws IOException {
        assertProblems(replace("    hours: Office", "    hour: Office"),
                "instance.yaml:17: queues[0].hours: missing required key",
                "instance.yaml:18: queues[0].hour: unknown key (did you mean \"hours\"?)");
    }

    @Test
    void wrongScalarType() throws IOException {
        assertProblems(replace("    hours: Office\n", "    hours: Office\n    maxContacts: lots\n"),
                "instance.yaml:19: queues[0].maxContacts: expected a whole number, found \"lots\"");
    }

    @Test
    void scalarWhereAListBelongs() throws IOException {
        assertProblems(replace("    weekly:\n      - { day: monday, start: \"09:00\", end: \"17:00\" }", "    weekly: monday"),
                "instance.yaml:14: hoursOfOperation[0].weekly: expected a list, found \"monday\"");
    }

    @Test
    void sectionOfTheWrongType() throws IOException {
        assertProblems(write(TestInstance.YAML.replace("agentStatuses:\n  - { name: Available }\n  - { name: Offline }\n",
                        "agentStatuses: Available\n")),
                "instance.yaml:31: agentStatuses: expected a list, found \"Available\"",
                "instance.yaml:31: agentStatuses: must include \"Available\"",
                "instance.yaml:31: agentStatuses: must include \"Offline\"");
    }

    @Test
    void pathsKeepTheFileIndexesWhenAnEarlierEntryFails() throws IOException {
        String second = """
                  - name: Support only
                    queues:
                      - { queue: Sales, priority: 0 }
                      - { queue: Sales }
                      - { queue: Sales }
                    defaultOutboundQueue: Sales
                """;
        String yaml = TestInstance.YAML.replace("    defaultOutboundQueue: Sales\n", "    defaultOutboundQueue: Sales\n" + second)
                .replace("  - name: Sales only\n", "  - name: Broken\n    queues: 3\n    defaultOutboundQueue: Sales\n  - name: Sales only\n");
        assertProblems(write(yaml),
                "instance.yaml:21: routingProfiles[0].queues: expected a list, found \"3\"",
                "instance.yaml:29: routingProfiles[2].queues[0].priority: must be between 1 and 99, found 0",
                "instance.yaml:30: routingProfiles[2].queues[1].queue: queue \"Sales\" is listed twice",
                "instance.yaml:31: routingProfiles[2].queues[2].queue: queue \"Sales\" is listed twice");
    }

    @Test
    void anchorsAliasesAndMergeKeys() throws IOException {
        Path instance = replace("      - { day: monday, start: \"09:00\", end: \"17:00\" }\n",
                "      - &weekday { day: monday, start: \"09:00\", end: \"17:00\" }\n"
                        + "      - <<: *weekday\n        day: tuesday\n"
                        + "      - *weekday\n");
        LoadResult result = InstanceLoader.load(instance);
        assertEquals(List.of(), result.problems());
        var weekly = result.config().hours("Office").orElseThrow().weekly();
        assertEquals(3, weekly.size());
        assertEquals(java.time.DayOfWeek.TUESDAY, weekly.get(1).day());
        assertEquals(java.time.LocalTime.of(17, 0), weekly.get(1).end());
        assertEquals(weekly.get(0), weekly.get(2));
    }

    @Test
    void aliasWithoutAnchor() throws IOException {
        assertProblems(replace("      - { day: monday, start: \"09:00\", end: \"17:00\" }", "      - *weekday"),
                "instance.yaml:15: hoursOfOperation[0].weekly[0]: alias *weekday names no anchor defined above it");
    }

    @Test
    void aliasBombIsRefused() throws IOException {
        StringBuilder yaml = new StringBuilder("agentHierarchy:\n  levels: [&a Floor");
        for (int i = 0; i < 1001; i++) {
            yaml.append(", *a");
        }
        yaml.append("]\n");
        LoadResult result = InstanceLoader.load(write(TestInstance.YAML + yaml));
        assertTrue(result.problems().stream().anyMatch(p -> p.toString().equals(
                "instance.yaml:38: agentHierarchy.levels[1001]: more than 1000 aliases in one file")),
                result.describeProblems());
    }

    @Test
    void documentThatIsNotAMapping() throws IOException {
        assertProblems(write("- just\n- a list\n"), "instance.yaml:1: (document): expected a mapping, found a list");
    }

    @Test
    void numberOutOfRange() throws IOException {
        assertProblems(replace("  - { queue: Sales }", "  - { queue: Sales, priority: 100 }"),
                "instance.yaml:22: routingProfiles[0].queues[0].priority: must be between 1 and 99, found 100");
    }

    @Test
    void badEnumValue() throws IOException {
        assertProblems(replace("    routingProfile: Sales only\n", "    routingProfile: Sales only\n    phoneType: mobile\n"),
                "instance.yaml:31: users[0].phoneType: expected one of softphone, desk, sip, found \"mobile\"");
    }

    @Test
    void badRtpSourceOfATrunk() throws IOException {
        assertProblems(replace("  - name: carrier\n", "  - name: carrier\n    rtpSource: any\n"),
                "instance.yaml:6: trunks[0].rtpSource: expected one of sdp, nat, learn, found \"any\"");
    }

    @Test
    void aTrunkLearnsRtpSourcesOnlyBehindNatUnlessItSaysOtherwise() throws IOException {
        LoadResult plain = InstanceLoader.load(write(TestInstance.YAML));
        assertEquals(SipTrunk.RtpSource.NAT, plain.config().trunks().get(0).rtpSource(), plain.describeProblems());
        LoadResult strict = InstanceLoader.load(replace("  - name: carrier\n", "  - name: carrier\n    rtpSource: sdp\n"));
        assertEquals(SipTrunk.RtpSource.SDP, strict.config().trunks().get(0).rtpSource(), strict.describeProblems());
    }

    @Test
    void missingRequiredKey() throws IOException {
        assertProblems(replace("    firstName: Alice\n", ""),
                "instance.yaml:25: users[0].firstName: missing required key");
    }

    @Test
    void routingProfileNamingAMissingQueue() throws IOException {
        assertProblems(replace("  - { queue: Sales }", "  - { queue: Support }"),
                "instance.yaml:22: routingProfiles[0].queues[0].queue: unknown queue \"Support\"");
    }

    @Test
    void numberNamingAMissingFlow() throws IOException {
        assertProblems(replace("    flow: main", "    flow: mian"),
                "instance.yaml:3: phoneNumbers[0].flow: unknown flow \"mian\" (no flows/mian.json)");
    }

    @Test
    void userNamingAMissingRoutingProfile() throws IOException {
        assertProblems(replace("    routingProfile: Sales only", "    routingProfile: Sales"),
                "instance.yaml:30: users[0].routingProfile: unknown routing profile \"Sales\"");
    }

    @Test
    void userNamingAMissingSecurityProfile() throws IOException {
        assertProblems(replace("    securityProfiles: [Agent]", "    securityProfiles: [Agent, Boss]"),
                "instance.yaml:29: users[0].securityProfiles[1]: unknown security profile \"Boss\"");
    }

    @Test
    void userNamingAMissingHierarchyGroup() throws IOException {
        assertProblems(replace("    routingProfile: Sales only\n", "    routingProfile: Sales only\n    hierarchyGroup: Team A\n"),
                "instance.yaml:31: users[0].hierarchyGroup: unknown hierarchy group \"Team A\"");
    }

    @Test
    void queueNamingMissingHours() throws IOException {
        assertProblems(replace("    hours: Office", "    hours: Nights"),
                "instance.yaml:18: queues[0].hours: unknown hours of operation \"Nights\"");
    }

    @Test
    void quickConnectNamingAMissingUserQueueAndFlow() throws IOException {
        String quickConnects = """
                quickConnects:
                  - { name: To Bob, type: agent, destination: bob, flow: main }
                  - { name: To Support, type: queue, destination: Support, flow: main }
                  - { name: To Sales, type: queue, destination: Sales, flow: transfer }
                """;
        assertProblems(write(TestInstance.YAML + quickConnects),
                "instance.yaml:38: quickConnects[0].destination: unknown user \"bob\"",
                "instance.yaml:39: quickConnects[1].destination: unknown queue \"Support\"",
                "instance.yaml:40: quickConnects[2].flow: unknown flow \"transfer\" (no flows/transfer.json)");
    }

    @Test
    void duplicateNames() throws IOException {
        assertProblems(replace("    hours: Office\n", "    hours: Office\n  - name: Sales\n    hours: Office\n"),
                "instance.yaml:19: queues[1].name: duplicate name \"Sales\" (also at line 17)");
    }

    @Test
    void duplicateKeys() throws IOException {
        assertProblems(replace("    hours: Office\n", "    hours: Office\n    hours: Office\n"),
                "instance.yaml:19: queues[0].hours: duplicate key (first at line 18)");
    }

    @Test
    void numberNotInE164() throws IOException {
        assertProblems(replace("\"+15550100\"", "\"555-0100\""),
                "instance.yaml:2: phoneNumbers[0].number: not an E.164 number (+ and 2 to 15 digits): \"555-0100\"");
    }

    @Test
    void badCidr() throws IOException {
        assertProblems(replace("[\"192.0.2.0/24\"]", "[\"192.0.2.0/24\", \"192.0.2.300\"]"),
                "instance.yaml:7: trunks[0].inbound.allowedSources[1]: not a CIDR block or IP address: \"192.0.2.300\"");
    }

    @Test
    void inboundDigestUsersShareOneRealm() throws IOException {
        assertProblems(replace("      allowedSources: [\"192.0.2.0/24\"]\n", """
                      allowedSources: ["192.0.2.0/24"]
                      digestUsers:
                        - { username: pbx, realm: switchboard, ha1: "0123456789abcdef0123456789abcdef" }
                        - { username: pbx2, realm: elsewhere, ha1: "0123456789abcdef0123456789abcdef" }
                """),
                "instance.yaml:10: trunks[0].inbound.digestUsers[1].realm: realm \"elsewhere\" differs from "
                        + "\"switchboard\" of the first digest user: the SIP edge challenges with one realm");
    }

    @Test
    void aDigestUserNameBelongsToOneTrunk() throws IOException {
        assertProblems(replace("      allowedSources: [\"192.0.2.0/24\"]\n", """
                      allowedSources: ["192.0.2.0/24"]
                      digestUsers:
                        - { username: pbx, realm: switchboard, ha1: "0123456789abcdef0123456789abcdef" }
                        - { username: pbx, realm: switchboard, ha1: "0123456789abcdef0123456789abcdef" }
                """),
                "instance.yaml:10: trunks[0].inbound.digestUsers[1].username: digest user \"pbx\" is already a "
                        + "user of trunk \"carrier\"");
    }

    @Test
    void sipPhonesNameKnownUsersOncePerUserInOneRealm() throws IOException {
        String phones = """
                sipPhones:
                  - { username: alice, realm: switchboard, ha1: "c82372aa5004d8719b32c45465e600ec" }
                  - { username: alice, realm: elsewhere, ha1: "c82372aa5004d8719b32c45465e600ec" }
                  - { username: zed, realm: switchboard, ha1: "c82372aa5004d8719b32c45465e600ec" }
                """;
        Path instance = replace("agentStatuses:\n", phones + "agentStatuses:\n");
        LoadResult result = InstanceLoader.load(instance);
        List<String> problems = result.problems().stream().map(ConfigProblem::toString).toList();
        assertTrue(problems.stream().anyMatch(p -> p.contains("sipPhones[2].username") && p.contains("zed")),
                problems.toString());
    }

    @Test
    void aSecondPhoneForOneUserOrAnotherRealmIsRefused() throws IOException {
        String phones = """
                sipPhones:
                  - { username: alice, realm: switchboard, ha1: "c82372aa5004d8719b32c45465e600ec" }
                  - { username: alice, realm: elsewhere, ha1: "c82372aa5004d8719b32c45465e600ec" }
                """;
        Path instance = replace("agentStatuses:\n", phones + "agentStatuses:\n");
        List<String> problems = InstanceLoader.load(instance).problems().stream().map(ConfigProblem::toString)
                .toList();
        assertTrue(problems.stream().anyMatch(p -> p.contains("sipPhones[1].username: user \"alice\" already has")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("sipPhones[1].realm: realm \"elsewhere\" differs")),
                problems.toString());
    }

    @Test
    void badTimeZone() throws IOException {
        assertProblems(replace("Europe/Paris", "Europe/Atlantis"),
                "instance.yaml:13: hoursOfOperation[0].timeZone: unknown time zone \"Europe/Atlantis\"");
    }

    @Test
    void badTimeOfDay() throws IOException {
        assertProblems(replace("end: \"17:00\"", "end: \"25:00\""),
                "instance.yaml:15: hoursOfOperation[0].weekly[0].end: expected a time as HH:mm (00:00 to 23:59), found \"25:00\"");
    }

    @Test
    void plaintextPasswordIsRefused() throws IOException {
        assertProblems(replace("    passwordHash: \"" + TestInstance.HASH + "\"", "    passwordHash: secret"),
                "instance.yaml:28: users[0].passwordHash: not a bcrypt hash; store only password hashes: "
                        + "run \"java -jar switchboard.jar hash-password\" and paste its output here");
    }

    @Test
    void passwordKeyIsRefusedWithAHint() throws IOException {
        assertProblems(replace("    passwordHash: \"" + TestInstance.HASH + "\"", "    password: secret"),
                "instance.yaml:25: users[0].passwordHash: missing required key",
                "instance.yaml:28: users[0].password: plaintext passwords are not accepted; put a bcrypt hash "
                        + "in passwordHash (run \"java -jar switchboard.jar hash-password\")");
    }

    @Test
    void deskPhoneRules() throws IOException {
        assertProblems(replace("    routingProfile: Sales only\n", "    routingProfile: Sales only\n    phoneType: desk\n"),
                "instance.yaml:25: users[0].deskPhoneNumber: required when phoneType is desk",
                "instance.yaml:25: users[0].deskPhoneTrunk: required when phoneType is desk");
    }

    @Test
    void aSipPhoneAgentNeedsASipPhoneEntry() throws IOException {
        assertProblems(replace("    routingProfile: Sales only\n", "    routingProfile: Sales only\n    phoneType: sip\n"),
                "instance.yaml:31: users[0].phoneType: sip needs an entry for \"" + "alice" + "\" in sipPhones");
    }

    @Test
    void proficienciesNameValuesOfPredefinedAttributesOnce() throws IOException {
        String user = "    routingProfile: Sales only\n    proficiencies:\n"
                + "      - { attributeName: Language, attributeValue: Spanish, level: 4 }\n"
                + "      - { attributeName: Language, attributeValue: Klingon, level: 2 }\n"
                + "      - { attributeName: Product, attributeValue: Billing, level: 3 }\n"
                + "      - { attributeName: Language, attributeValue: Spanish, level: 5 }\n"
                + "      - { attributeName: Language, attributeValue: English, level: 6 }\n";
        String yaml = TestInstance.YAML.replace("    routingProfile: Sales only\n", user)
                + "predefinedAttributes:\n  - { name: Language, values: [English, Spanish] }\n";
        LoadResult result = InstanceLoader.load(write(yaml));
        List<String> problems = result.problems().stream().map(Object::toString).toList();
        assertEquals(4, problems.size(), String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.contains("users[0].proficiencies[1].attributeValue: \"Klingon\" is"
                + " not a value of Language (values: English, Spanish)")), String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.contains("users[0].proficiencies[2].attributeName: no predefined"
                + " attribute \"Product\"")), String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.contains("users[0].proficiencies[3]: the proficiency Language:"
                + " Spanish is listed twice")), String.join("\n", problems));
        assertTrue(problems.stream().anyMatch(p -> p.contains("users[0].proficiencies[4].level")),
                String.join("\n", problems));
    }

    @Test
    void requiredAgentStatuses() throws IOException {
        assertProblems(replace("  - { name: Offline }\n", "  - { name: Lunch }\n"),
                "instance.yaml:31: agentStatuses: must include \"Offline\"");
    }

    @Test
    void hierarchyRules() throws IOException {
        String hierarchy = """
                agentHierarchy:
                  levels: [Site, Floor, Team, Squad, Pod, Desk]
                  groups:
                    - { name: Paris, level: Site }
                    - { name: Blue, level: Team, parent: Paris }
                    - { name: Red, level: Moon }
                    - { name: Green, level: Floor, parent: Lyon }
                    - { name: Top, level: Site, parent: Paris }
                    - { name: Orphan, level: Floor }
                """;
        assertProblems(write(TestInstance.YAML + hierarchy),
                "instance.yaml:38: agentHierarchy.levels: at most 5 levels, found 6",
                "instance.yaml:41: agentHierarchy.groups[1].parent: parent \"Paris\" is on level \"Site\", expected level \"Floor\"",
                "instance.yaml:42: agentHierarchy.groups[2].level: unknown hierarchy level \"Moon\"",
                "instance.yaml:43: agentHierarchy.groups[3].parent: unknown hierarchy group \"Lyon\"",
                "instance.yaml:44: agentHierarchy.groups[4].parent: a group on the top level \"Site\" has no parent",
                "instance.yaml:45: agentHierarchy.groups[5].parent: required below the top level (a group on level \"Site\")");
    }

    @Test
    void yamlSyntaxError() throws IOException {
        assertProblems(replace("    hours: Office", "    hours: [Office"),
                "instance.yaml:19: (syntax): syntax error: while parsing a flow sequence");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() throws IOException {
        String yaml = TestInstance.YAML.replace("flow: main", "flow: nope")
                .replace("Europe/Paris", "Mars/Base")
                .replace("  - { queue: Sales }", "  - { queue: Support }")
                .replace("    routingProfile: Sales only", "    routingProfile: None");
        assertProblems(write(yaml),
                "instance.yaml:3: phoneNumbers[0].flow: unknown flow \"nope\" (no flows/nope.json)",
                "instance.yaml:13: hoursOfOperation[0].timeZone: unknown time zone \"Mars/Base\"",
                "instance.yaml:22: routingProfiles[0].queues[0].queue: unknown queue \"Support\"",
                "instance.yaml:30: users[0].routingProfile: unknown routing profile \"None\"");
    }

    @Test
    void anEntryThatFailsToBindStillResolvesAsAReference() throws IOException {
        // The queue has a type error; the routing profile naming it must not also be reported.
        assertProblems(replace("    hours: Office\n", "    hours: Office\n    maxContacts: -1\n"),
                "instance.yaml:19: queues[0].maxContacts: must be at least 0, found -1");
    }

    @Test
    void missingInstanceFile() throws IOException {
        TestInstance.write(dir);
        Files.delete(dir.resolve("instance.yaml"));
        assertProblems(dir, "instance.yaml:0: (file): missing: an instance directory needs instance.yaml");
    }

    @Test
    void invalidResultRefusesToHandOutAConfig() throws IOException {
        LoadResult result = InstanceLoader.load(replace("Europe/Paris", "Nowhere"));
        assertFalse(result.isValid());
        assertThrows(IllegalStateException.class, result::config);
    }

    @Test
    void problemToStringIsFileLineFieldMessage() {
        assertEquals("instance.yaml:12: queues[1].hours: unknown hours of operation \"Nights\"",
                new ConfigProblem("instance.yaml", 12, "queues[1].hours", "unknown hours of operation \"Nights\"").toString());
    }

    private Path replace(String from, String to) throws IOException {
        assertTrue(TestInstance.YAML.contains(from), "fixture lacks: " + from);
        return write(TestInstance.YAML.replace(from, to));
    }

    private Path write(String yaml) throws IOException {
        return TestInstance.write(dir, yaml);
    }

    static void assertProblems(Path instance, String... expected) {
        LoadResult result = InstanceLoader.load(instance);
        assertEquals(List.of(expected), result.problems().stream().map(ConfigProblem::toString).toList());
    }
}
