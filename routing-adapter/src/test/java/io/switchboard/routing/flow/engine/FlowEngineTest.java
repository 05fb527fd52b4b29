package io.switchboard.routing.flow.engine;

import static io.switchboard.routing.testing.Flows.*;
import static org.junit.jupiter.api.Assertions.*;

import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.testing.EngineHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Engine behaviour that is not one action's: guards, missing branches, snapshots, publishing. */
class FlowEngineTest {

    @Test
    void aFlowThatLoopsWithoutWaitingIsStopped() {
        String f = flow("a",
                action("a", "UpdateContactAttributes", "\"Attributes\":{\"x\":\"1\"}", next("b")),
                action("b", "UpdateContactAttributes", "\"Attributes\":{\"x\":\"2\"}", next("a")));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.start("f");
        assertEquals(DisconnectReason.CONTACT_FLOW_DISCONNECT, h.ended.get(0).disconnectReason());
        assertEquals(FlowEngine.MAX_STEPS_WITHOUT_WAITING, h.engine.actionsExecuted());
    }

    @Test
    void anErrorWithoutBranchDisconnects() {
        String f = flow("q", action("q", "TransferContactToQueue", "", "\"Errors\":[]"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        h.start("f");
        assertEquals(1, h.ended.size());
        assertEquals(1, h.signalling.disconnects.size());
    }

    @Test
    void unknownFlowIsRefusedAtStart() {
        EngineHarness h = new EngineHarness(Map.of());
        Contact c = Contact.inbound(Endpoint.phone(EngineHarness.CALLER), Endpoint.phone(EngineHarness.DID), h.clock.now());
        assertThrows(IllegalArgumentException.class, () -> h.engine.start(c, "nope"));
    }

    @Test
    void snapshotsAndPublishingANewVersion() throws Exception {
        String v1 = flow("s", leaf("s", "version one"));
        EngineHarness h = new EngineHarness(Map.of("f", v1));
        Contact first = h.start("f");
        var snapshot = h.engine.snapshot(first.id()).toCompletableFuture();
        h.run();
        assertEquals(EngineHarness.CALLER, snapshot.get().orElseThrow().customerEndpoint().address());

        FlowLibrary v2 = FlowLibrary.load(EngineHarness.sources(Map.of("f", flow("s", leaf("s", "version two")))),
                h.catalog, ReferenceResolver.identity());
        h.engine.publish(v2);
        h.start("f");
        assertEquals(List.of("version one", "version two"), h.spoken());
        h.media.plays.get(0).finish();
        h.run();
        assertEquals(first.id(), h.ended.get(0).contactId(), "the first caller finished the version it started");
    }

    @Test
    void manyConcurrentContactsAreIndependent() {
        String f = flow("menu",
                action("menu", "GetParticipantInput", "\"Text\":\"press\",\"InputTimeLimitSeconds\":\"5\"",
                        join(next("other"), conditions(when("Equals", "1", "one")),
                                errors(error("InputTimeLimitExceeded", "timeout"), error("NoMatchingCondition", "other")))),
                leaf("one", "one"), leaf("other", "other"), leaf("timeout", "timeout"));
        EngineHarness h = new EngineHarness(Map.of("f", f));
        Contact[] contacts = new Contact[200];
        for (int i = 0; i < contacts.length; i++) {
            contacts[i] = h.start("f");
            h.media.last().finish();
        }
        h.run();
        for (int i = 0; i < contacts.length; i += 2) {
            h.engine.digit(contacts[i].id(), '1');
        }
        h.run();
        h.seconds(5);
        long ones = h.spoken().stream().filter("one"::equals).count();
        long timeouts = h.spoken().stream().filter("timeout"::equals).count();
        assertEquals(100, ones);
        assertEquals(100, timeouts);
        assertEquals(200, h.engine.activeContacts());
    }
}
