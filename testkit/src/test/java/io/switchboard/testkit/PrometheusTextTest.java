package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String SCRAPE = """
            # HELP switchboard_queue_contacts Contacts waiting in a queue
            # TYPE switchboard_queue_contacts gauge
            switchboard_queue_contacts{queue="Sales"} 0.0
            switchboard_queue_contacts{queue="Support and more"} 2.0
            # TYPE switchboard_calls_accepted counter
            switchboard_calls_accepted_total 7.0 1712345678000
            process_start_time_seconds 1.712345678E9
            """;

    @Test
    void readsSeriesWithAndWithoutLabels() {
        PrometheusText metrics = PrometheusText.parse(SCRAPE);
        assertEquals(0, metrics.value("switchboard_queue_contacts{queue=\"Sales\"}"));
        assertEquals(2, metrics.value("switchboard_queue_contacts{queue=\"Support and more\"}"));
        assertEquals(7, metrics.value("switchboard_calls_accepted_total"));
        assertEquals(1.712345678E9, metrics.value("process_start_time_seconds"));
        assertTrue(metrics.find("switchboard_queue_contacts").isEmpty());
        AssertionError missing = assertThrows(AssertionError.class, () -> metrics.value("nothing_total"));
        assertTrue(missing.getMessage().contains("nothing_total"), missing.getMessage());
    }
}
