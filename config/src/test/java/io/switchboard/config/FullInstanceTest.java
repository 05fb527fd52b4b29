package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.model.QuickConnect;
import io.switchboard.config.model.SipTrunk;
import io.switchboard.config.model.User;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An instance that sets every key once, so that every conversion and nested record is exercised. */
class FullInstanceTest {

    private static final String YAML = """
            phoneNumbers:
              - { number: "+33140000000", flow: main, description: Paris office }
            trunks:
              - name: carrier
                inbound:
                  allowedSources: ["198.51.100.0/24", "2001:db8::/32"]
                  digestUsers:
                    - { username: pbx, realm: sip.example.net, ha1: "0x0123456789ABCDEF0123456789ABCDEF" }
                outbound:
                  destinations:
                    - { address: "sbc1.example.net", transport: tls }
                    - { address: "[2001:db8::10]:5080", transport: tcp }
                  credentials: { username: acct42, password: s3cret, realm: sip.example.net }
                  registration: { registrar: "reg.example.net:5060", expiresSeconds: 600 }
                numberRules:
                  - { direction: inbound, match: "0(\\\\d{9})", replace: "+33$1" }
                  - { direction: outbound, match: "\\\\+33(\\\\d{9})", replace: "0$1" }
                callerIdName: Example
                callerIdNumber: "+33140000000"
                maxConcurrentCalls: 30
            hoursOfOperation:
              - name: Office
                description: Weekdays
                timeZone: Europe/Paris
                weekly:
                  - { day: monday, start: "09:00", end: "18:00" }
                overrides:
                  - name: Bastille Day
                    date: 2027-07-14
                  - name: Late opening
                    date: 2027-07-19
                    open: [{ start: "11:00", end: "18:00" }]
            queues:
              - name: Sales
                description: New business
                hours: Office
                maxContacts: 20
                outboundCallerIdName: Example Sales
                outboundCallerIdNumber: "+33140000001"
                quickConnects: [To Bea, To Sales, Switchboard]
                tags: { team: east, tier: 1 }
            routingProfiles:
              - name: Sales
                description: Sales agents
                queues: [{ queue: Sales, priority: 2, delaySeconds: 15 }]
                defaultOutboundQueue: Sales
            users:
              - username: bea
                firstName: Bea
                lastName: Blanc
                passwordHash: "%s"
                securityProfiles: [Agent]
                routingProfile: Sales
                phoneType: desk
                deskPhoneNumber: "+33140000099"
                deskPhoneTrunk: carrier
                autoAccept: true
                afterContactWorkTimeoutSeconds: 45
                hierarchyGroup: East
                tags: { site: paris }
            agentStatuses:
              - { name: Available, enabled: true, order: 1 }
              - { name: Offline, order: 2 }
              - { name: Coaching, enabled: false, order: 3 }
            quickConnects:
              - { name: To Bea, description: Senior agent, type: agent, destination: bea, flow: main }
              - { name: To Sales, type: queue, destination: Sales, flow: main }
              - { name: Switchboard, type: external, destination: "+33140000002" }
            securityProfiles:
              - name: Agent
                description: Agents
                permissions: [BasicAgentAccess, OutboundCallAccess]
                allowedAccessControlTags: { team: east }
            agentHierarchy:
              levels: [Site, Team]
              groups:
                - { name: Paris, level: Site }
                - { name: East, level: Team, parent: Paris }
            externalFunctions:
              - { name: crm-lookup, url: "https://crm.example.net/lookup", timeoutSeconds: 5 }
            turnUsers:
              - { username: probe, key: "0123456789abcdef0123456789abcdef" }
            """.formatted(TestInstance.HASH);

    @TempDir
    Path dir;

    @Test
    void everyKeyBinds() throws IOException {
        LoadResult result = InstanceLoader.load(TestInstance.write(dir, YAML));
        assertEquals(List.of(), result.problems());
        InstanceConfig c = result.config();

        SipTrunk trunk = c.trunk("carrier").orElseThrow();
        assertTrue(trunk.inbound().allowedSources().get(1).contains(InetAddress.getByName("2001:db8::5")));
        assertTrue(trunk.inbound().requiresDigest());
        assertEquals(16, trunk.inbound().digestUsers().get(0).ha1().bytes().length);
        assertEquals(5061, trunk.outbound().destinations().get(0).port());
        assertEquals(SipTrunk.Transport.TCP, trunk.outbound().destinations().get(1).transport());
        assertEquals(5080, trunk.outbound().destinations().get(1).port());
        assertEquals("acct42", trunk.outbound().credentials().username());
        assertFalse(trunk.outbound().credentials().toString().contains("s3cret"));
        assertEquals(600, trunk.outbound().registration().expiresSeconds());
        assertEquals(SipTrunk.NumberDirection.OUTBOUND, trunk.numberRules().get(1).direction());
        assertEquals("+33123456789", trunk.numberRules().get(0).apply("0123456789"));
        assertEquals("0123456789", trunk.numberRules().get(1).apply("+33123456789"));
        assertEquals(30, trunk.maxConcurrentCalls());

        var office = c.hours("Office").orElseThrow();
        assertEquals(LocalDate.of(2027, 7, 14), office.overrides().get(0).date());
        assertFalse(office.isOpenAt(Instant.parse("2027-07-19T08:00:00Z"))); // Monday 10:00 Paris, late opening
        assertTrue(office.isOpenAt(Instant.parse("2027-07-19T09:30:00Z")));

        var sales = c.queue("Sales").orElseThrow();
        assertEquals(Map.of("team", "east", "tier", "1"), sales.tags());
        assertEquals("+33140000001", sales.outboundCallerIdNumber().value());
        assertEquals(15, c.routingProfile("Sales").orElseThrow().queues().get(0).delaySeconds());

        User bea = c.user("bea").orElseThrow();
        assertEquals(User.PhoneType.DESK, bea.phoneType());
        assertEquals(45, bea.afterContactWorkTimeoutSeconds());
        assertEquals("East", bea.hierarchyGroup());

        assertFalse(c.agentStatus("Coaching").orElseThrow().enabled());
        assertEquals(QuickConnect.Type.EXTERNAL, c.quickConnect("Switchboard").orElseThrow().type());
        assertTrue(c.securityProfile("Agent").orElseThrow().grants("OutboundCallAccess"));
        assertEquals("Paris", c.agentHierarchy().groups().get(1).parent());
        assertEquals(5, c.externalFunction("crm-lookup").orElseThrow().timeoutSeconds());
        assertEquals("crm.example.net", c.externalFunctions().get(0).url().uri().getHost());
        assertEquals("0123456789abcdef0123456789abcdef", c.turnUsers().get(0).key().value());
    }
}
