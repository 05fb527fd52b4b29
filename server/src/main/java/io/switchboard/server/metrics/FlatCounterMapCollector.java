package io.switchboard.server.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exposes a module's flat metric map ({@code "requests_total{method=\"BYE\"}" -> 3}, as
 * {@code SipEdge.metrics()} returns it) under a prefix. A name ending in {@code _total} is a counter,
 * anything else a gauge. The map is read at every scrape and its label values appear as traffic creates
 * them (a new SIP method, a new response code), which fixed-label callback metrics cannot follow, hence a
 * {@link MultiCollector}.
 */
public final class FlatCounterMapCollector implements MultiCollector {

    private static final Pattern KEY = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String prefix;
    private final String help;
    private final Supplier<Map<String, Long>> source;

    public FlatCounterMapCollector(String prefix, String help, Supplier<Map<String, Long>> source) {
        this.prefix = prefix;
        this.help = help;
        this.source = source;
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Map<Labels, Long>> families = new TreeMap<>();
        for (Map.Entry<String, Long> e : source.get().entrySet()) {
            Matcher m = KEY.matcher(e.getKey());
            if (!m.matches()) {
                continue; // a name Prometheus cannot carry; the module's own tests own its naming
            }
            families.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(labels(m.group(2)), e.getValue());
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        families.forEach((name, points) -> {
            if (name.endsWith("_total")) {
                CounterSnapshot.Builder b = CounterSnapshot.builder()
                        .name(prefix + name.substring(0, name.length() - "_total".length())).help(help);
                points.forEach((labels, v) -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(labels).value(v).build()));
                snapshots.add(b.build());
            } else {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(prefix + name).help(help);
                points.forEach((labels, v) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(labels).value(v).build()));
                snapshots.add(b.build());
            }
        });
        return new MetricSnapshots(snapshots);
    }

    static Labels labels(String inline) {
        if (inline == null || inline.isBlank()) {
            return Labels.EMPTY;
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Matcher m = LABEL.matcher(inline);
        while (m.find()) {
            names.add(m.group(1));
            values.add(m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return Labels.of(names, values);
    }
}
