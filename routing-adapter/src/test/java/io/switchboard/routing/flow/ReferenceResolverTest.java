package io.switchboard.routing.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.config.model.FlowMapping;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The configuration loader checks mapped references with {@link FlowMapping#match}, the flow loader resolves
 * them with {@link ReferenceResolver}: both must pick the same entry for the same reference.
 */
class ReferenceResolverTest {

    private static final String INSTANCE = "arn:aws:connect:us-east-1:123456789012:instance/0f1e2d3c";
    private static final Map<String, String> ENTRIES = Map.of(
            INSTANCE + "/queue/q-1", "Sales",
            "q-2", "Support",
            "{{HOLD_FLOW}}", "demo-queue-hold",
            "lookup", "customer-lookup",
            "h-1", "24x7");

    @Test
    void mappedReferencesResolveAsTheConfigurationLoaderChecksThem() {
        ReferenceResolver resolver = new ReferenceResolver(ENTRIES);
        FlowMapping mapping = new FlowMapping(ENTRIES, Map.of());
        List<Map.Entry<ReferenceKind, String>> references = List.of(
                Map.entry(ReferenceKind.QUEUE, INSTANCE + "/queue/q-1"),
                Map.entry(ReferenceKind.QUEUE, INSTANCE + "/queue/q-2"),
                Map.entry(ReferenceKind.QUEUE, "q-2"),
                Map.entry(ReferenceKind.FLOW, "{{HOLD_FLOW}}"),
                Map.entry(ReferenceKind.HOURS, INSTANCE + "/operating-hours/h-1"),
                Map.entry(ReferenceKind.FUNCTION, "arn:aws:lambda:us-east-1:123456789012:function:lookup:live"),
                Map.entry(ReferenceKind.FUNCTION, "arn:aws:lambda:us-east-1:123456789012:function:lookup"));
        for (Map.Entry<ReferenceKind, String> reference : references) {
            Optional<String> checked = mapping.match(reference.getValue()).map(FlowMapping.Match::name);
            assertEquals(checked, resolver.localName(reference.getKey(), reference.getValue()), reference.getValue());
        }
        assertEquals(Optional.empty(), mapping.match(INSTANCE + "/queue/q-3"), "unmapped: left to the trailing id");
        assertEquals(Optional.of("q-3"), resolver.localName(ReferenceKind.QUEUE, INSTANCE + "/queue/q-3"));
    }
}
