package io.switchboard.routing.flow.action;

import static io.switchboard.routing.testing.Flows.*;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.core.SingleThreadLoop;
import io.switchboard.routing.flow.engine.FlowEngine;
import io.switchboard.routing.flow.engine.FlowLibrary;
import io.switchboard.routing.flow.engine.HttpExternalFunctionInvoker;
import io.switchboard.routing.port.ExternalFunction;
import io.switchboard.routing.port.ExternalFunctionException;
import io.switchboard.routing.port.InMemoryResourceCatalog;
import io.switchboard.routing.testing.EngineHarness;
import io.switchboard.routing.testing.FakeMedia;
import io.switchboard.routing.testing.FakeRouter;
import io.switchboard.routing.testing.FakeSignalling;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** InvokeLambdaFunction: the event it sends, $.External, and its error branch, on a virtual clock and over HTTP. */
class InvokeLambdaFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String lookup(String responseType) {
        return flow("set",
                action("set", "UpdateContactAttributes", "\"Attributes\":{\"account\":\"A-7\"}", next("call")),
                action("call", "InvokeLambdaFunction",
                        "\"LambdaFunctionARN\":\"arn:aws:lambda:us-east-1:123456789012:function:lookup:live\","
                                + "\"InvocationTimeLimitSeconds\":\"4\",\"LambdaInvocationAttributes\":{\"account\":\"$.Attributes.account\"},"
                                + "\"ResponseValidation\":{\"ResponseType\":\"" + responseType + "\"}",
                        join(next("found"), errors(error("NoMatchingError", "failed")))),
                leaf("found", "Hello $.External.name, tier $.External.tier.level"), leaf("failed", "lookup failed"));
    }

    @Test
    void eventIsShapedLikeConnectsAndTheReplyBecomesExternal() throws Exception {
        EngineHarness h = new EngineHarness(Map.of("f", lookup("STRING_MAP")));
        h.start("f");
        var call = h.functions.last();
        assertEquals("lookup", call.function().name(), "the Lambda ARN resolves to the function by name");
        assertEquals(Duration.ofSeconds(4), call.timeout());
        JsonNode event = call.event();
        assertEquals("ContactFlowEvent", event.get("Name").asText());
        assertEquals("A-7", event.at("/Details/Parameters/account").asText());
        assertEquals(h.contact().id().toString(), event.at("/Details/ContactData/ContactId").asText());
        assertEquals("+15551230000", event.at("/Details/ContactData/CustomerEndpoint/Address").asText());
        assertEquals("TELEPHONE_NUMBER", event.at("/Details/ContactData/SystemEndpoint/Type").asText());
        assertEquals("INBOUND", event.at("/Details/ContactData/InitiationMethod").asText());
        assertEquals("VOICE", event.at("/Details/ContactData/Channel").asText());
        assertEquals("A-7", event.at("/Details/ContactData/Attributes/account").asText());
        assertTrue(event.at("/Details/ContactData/Queue").isNull());
        call.reply().complete(JSON.readTree("{\"name\":\"Ada\",\"balance\":12}"));
        h.run();
        assertEquals("Hello Ada, tier ", h.lastSpoken(), "a missing $.External key reads as empty");
        assertEquals("12", h.contact().external().get("balance").asText());
    }

    @Test
    void jsonResponsesKeepNestedValues() throws Exception {
        EngineHarness h = new EngineHarness(Map.of("f", lookup("JSON")));
        h.start("f");
        h.functions.last().reply().complete(JSON.readTree("{\"name\":\"Ada\",\"tier\":{\"level\":\"gold\"}}"));
        h.run();
        assertEquals("Hello Ada, tier gold", h.lastSpoken());
    }

    @Test
    void nestedReplyToAStringMapIsAnError() throws Exception {
        EngineHarness h = new EngineHarness(Map.of("f", lookup("STRING_MAP")));
        h.start("f");
        h.functions.last().reply().complete(JSON.readTree("{\"tier\":{\"level\":\"gold\"}}"));
        h.run();
        assertEquals("lookup failed", h.lastSpoken());
    }

    @Test
    void failureAndEngineTimeoutTakeTheErrorBranchAndClearExternal() {
        EngineHarness h = new EngineHarness(Map.of("f", lookup("STRING_MAP")));
        h.start("f");
        h.functions.last().reply().completeExceptionally(new ExternalFunctionException("answered HTTP 502"));
        h.run();
        assertEquals("lookup failed", h.lastSpoken());
        assertEquals(0, h.contact().external().size());

        h = new EngineHarness(Map.of("f", lookup("STRING_MAP")));
        h.start("f");
        h.seconds(3);
        assertTrue(h.media.plays.isEmpty());
        h.seconds(1);
        assertEquals("lookup failed", h.lastSpoken(), "the engine's own timer fires at the time limit");
        h.functions.last().reply().complete(JSON.createObjectNode().put("name", "late"));
        h.run();
        assertEquals("lookup failed", h.lastSpoken(), "a late reply is dropped");
    }

    /** The whole path with a real engine thread and a local HTTP server standing in for the Lambda. */
    @Test
    void overHttpWithTheRealEngineThread() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/lookup", exchange -> {
            JsonNode event = JSON.readTree(exchange.getRequestBody());
            byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode()
                    .put("name", "Caller " + event.at("/Details/ContactData/CustomerEndpoint/Address").asText()));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        InMemoryResourceCatalog catalog = InMemoryResourceCatalog.builder()
                .function(new ExternalFunction("lookup", URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/lookup"),
                        Duration.ofSeconds(2)))
                .prompt("CustomerQueue.wav").prompt("CustomerHold.wav").prompt("Beep.wav").build();
        String f = flow("call",
                action("call", "InvokeLambdaFunction", "\"LambdaFunctionARN\":\"lookup\",\"InvocationTimeLimitSeconds\":\"2\"",
                        join(next("set"), errors(error("NoMatchingError", "bye")))),
                action("set", "UpdateContactAttributes", "\"Attributes\":{\"name\":\"$.External.name\"}", next("bye")),
                hangUp("bye"));
        FlowLibrary library = FlowLibrary.load(EngineHarness.sources(Map.of("f", f)), catalog, ReferenceResolver.identity());
        assertEquals(java.util.List.of(), library.problems());
        CompletableFuture<ContactSnapshot> ended = new CompletableFuture<>();
        try (SingleThreadLoop scheduler = new SingleThreadLoop("flow-engine-test")) {
            FlowEngine engine = FlowEngine.builder().scheduler(scheduler).media(new FakeMedia())
                    .signalling(new FakeSignalling()).router(new FakeRouter()).functions(new HttpExternalFunctionInvoker())
                    .catalog(catalog).library(library).listener(ended::complete).build();
            Contact contact = Contact.inbound(Endpoint.phone("+15551230000"), Endpoint.phone("+15550100"), scheduler.now());
            engine.start(contact, "f");
            ContactSnapshot result = ended.get(10, TimeUnit.SECONDS);
            assertEquals("Caller +15551230000", result.attributes().get("name"));
        } finally {
            server.stop(0);
        }
    }
}
