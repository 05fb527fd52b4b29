package io.switchboard.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One scrape of a {@code /metrics} page in the Prometheus text format, read as series -> value, where a series
 * is written as on the page: {@code switchboard_calls_active} or {@code switchboard_queue_contacts{queue="Sales"}}.
 */
public final class PrometheusText {
    private final Map<String, Double> values;
    private final String text;

    private PrometheusText(Map<String, Double> values, String text) {
        this.values = values;
        this.text = text;
    }

    /** Reads every sample line; comments ({@code # HELP}, {@code # TYPE}) and timestamps are skipped. */
    public static PrometheusText parse(String text) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            // The value follows the series, after the closing brace of the labels if there are any.
            int labelsEnd = line.lastIndexOf('}');
            int space = line.indexOf(' ', labelsEnd < 0 ? 0 : labelsEnd);
            if (space < 0) {
                continue;
            }
            String series = line.substring(0, space);
            String[] rest = line.substring(space + 1).trim().split("\\s+");
            try {
                values.put(series, Double.parseDouble(rest[0]));
            } catch (NumberFormatException e) {
                // NaN and the infinities parse; anything else is not a sample
            }
        }
        return new PrometheusText(values, text);
    }

    /** The value of {@code series}, if the page has it. */
    public OptionalDouble find(String series) {
        Double v = values.get(series);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** The value of {@code series}; fails naming the series when the page does not have it. */
    public double value(String series) {
        Double v = values.get(series);
        if (v == null) {
            throw new AssertionError("no series " + series + " in the scrape:\n" + text);
        }
        return v;
    }

    /** The page as scraped, for failure messages. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
