package io.switchboard.routing.flow;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.contact.InitiationMethod;
import io.switchboard.routing.contact.QueueMetrics;
import io.switchboard.routing.contact.QueueRef;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Attribute references: every supported root, text interpolation rules, and what is refused. */
class TextTemplateTest {

    private static Contact contact() throws Exception {
        ContactId initial = ContactId.parse("11111111-2222-3333-4444-555555555555");
        Contact c = new Contact(ContactId.parse("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"), initial, initial,
                InitiationMethod.TRANSFER, Endpoint.phone("+15551230000"), Endpoint.phone("+15550100"), Instant.EPOCH);
        c.putAttribute("name", "Ada", Instant.EPOCH);
        c.putAttribute("Name", "upper", Instant.EPOCH);
        c.putAttribute("my key", "spaced", Instant.EPOCH);
        c.setQueue(new QueueRef("Sales", "arn:q/1", null), Instant.EPOCH);
        c.setStoredCustomerInput("1234");
        c.setExternal(new ObjectMapper().readTree("{\"balance\":\"9.50\",\"nested\":{\"level\":\"gold\"}}"));
        c.setMetrics(new QueueMetrics(3, 45, 5, 2, 4, 1, 1, 0, 0));
        return c;
    }

    private static String render(String text) throws Exception {
        return TextTemplate.parse(text).render(contact());
    }

    @Test
    void everyRootResolves() throws Exception {
        assertEquals("Ada upper spaced", render("$.Attributes.name $.Attributes.Name $.Attributes['my key']"));
        assertEquals("9.50 gold", render("$.External.balance $.External.nested.level"));
        assertEquals("+15551230000 +15550100 TELEPHONE_NUMBER", render("$.CustomerEndpoint.Address $.SystemEndpoint.Address $.SystemEndpoint.Type"));
        assertEquals("Sales arn:q/1", render("$.Queue.Name $.Queue.ARN"));
        assertEquals("1234 VOICE TRANSFER", render("$.StoredCustomerInput $.Channel $.InitiationMethod"));
        assertEquals("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee 11111111-2222-3333-4444-555555555555",
                render("$.ContactId $.InitialContactId"));
        assertEquals("3 45 2 4 5 1", render("$.Metrics.Queue.Size $.Metrics.Queue.OldestContactAge $.Metrics.Agents.Available.Count "
                + "$.Metrics.Agents.Staffed.Count $.Metrics.Agents.Online.Count $.Metrics.Agents.AfterContactWork.Count"));
    }

    @Test
    void textRulesAroundReferences() throws Exception {
        assertEquals("Your balance is 9.50.", render("Your balance is $.External.balance."));
        assertEquals("Hi Ada, bye", render("Hi $.Attributes.name, bye"));
        assertEquals("costs $.50", render("costs $.50"), "not a reference: no letter after $.");
        assertEquals("[]", render("[$.Attributes.missing]"), "absent values read as empty");
        assertTrue(TextTemplate.parse("plain").isStatic());
        assertFalse(TextTemplate.parse("x $.Channel").isStatic());
    }

    @Test
    void unknownReferencesAreRefused() {
        for (String bad : new String[] {"$.BadValue", "$.Attributes", "$.Attributes.a.b", "$.Metrics.Queue.Nope",
                "$.Queue.Id", "$.Attributes['open"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AttributePath.parse(bad), bad);
            assertFalse(e.getMessage().isEmpty());
        }
    }

    @Test
    void conditionsCompareAsTheFlowLanguageDoes() {
        assertTrue(new Condition("Equals", "1").test("1"));
        assertTrue(new Condition("Equals", "1.0").test("1"), "numbers compare as numbers");
        assertFalse(new Condition("Equals", "a").test("A"));
        assertFalse(new Condition("Equals", "a").test(null));
        assertTrue(new Condition("TextEndsWith", "-vip").test("gold-vip"));
        assertTrue(new Condition("NumberGreaterOrEqualTo", "10").test("10"));
        assertFalse(new Condition("NumberLessThan", "10").test("ten"));
        assertThrows(IllegalArgumentException.class, () -> new Condition("Contains", "x"));
    }

    @Test
    void arnsResolveByMappingOrTrailingId() {
        ReferenceResolver r = new ReferenceResolver(java.util.Map.of("q-1", "Sales",
                "arn:aws:connect:us-east-1:1:instance/i/queue/q-2", "Support"));
        assertEquals("Sales", r.localName(ReferenceKind.QUEUE, "arn:aws:connect:us-east-1:1:instance/i/queue/q-1").orElseThrow());
        assertEquals("Support", r.localName(ReferenceKind.QUEUE, "arn:aws:connect:us-east-1:1:instance/i/queue/q-2").orElseThrow());
        assertEquals("q-3", r.localName(ReferenceKind.QUEUE, "arn:aws:connect:us-east-1:1:instance/i/queue/q-3").orElseThrow());
        assertEquals("Billing", r.localName(ReferenceKind.QUEUE, "Billing").orElseThrow());
        assertEquals("fn", r.localName(ReferenceKind.FUNCTION, "arn:aws:lambda:eu-west-1:1:function:fn:prod").orElseThrow());
        assertTrue(r.localName(ReferenceKind.QUEUE, "${QueueArn}").isEmpty());
    }
}
