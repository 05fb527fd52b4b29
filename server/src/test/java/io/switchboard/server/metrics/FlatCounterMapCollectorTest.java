package io.switchboard.server.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FlatCounterMapCollectorTest {

    private static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void countersGaugesAndInlineLabelsAreExposedAsTheyAppear() throws Exception {
        Map<String, Long> source = new TreeMap<>();
        source.put("calls_inbound_total", 3L);
        source.put("calls_active", 1L);
        source.put("trunk_calls_total{trunk=\"demo-trunk\"}", 2L);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new FlatCounterMapCollector("switchboard_sip_", "SIP edge counter", () -> Map.copyOf(source)));

        String text = scrape(registry);
        assertTrue(text.contains("# TYPE switchboard_sip_calls_inbound_total counter"), text);
        assertTrue(text.contains("switchboard_sip_calls_inbound_total 3.0"), text);
        assertTrue(text.contains("# TYPE switchboard_sip_calls_active gauge"), text);
        assertTrue(text.contains("switchboard_sip_trunk_calls_total{trunk=\"demo-trunk\"} 2.0"), text);

        // A label value that traffic creates later (a new SIP method) shows up on the next scrape.
        source.put("requests_total{method=\"BYE\"}", 5L);
        source.put("requests_total{method=\"INVITE\"}", 6L);
        text = scrape(registry);
        assertTrue(text.contains("switchboard_sip_requests_total{method=\"BYE\"} 5.0"), text);
        assertTrue(text.contains("switchboard_sip_requests_total{method=\"INVITE\"} 6.0"), text);
    }
}
