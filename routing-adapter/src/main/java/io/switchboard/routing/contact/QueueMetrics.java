package io.switchboard.routing.contact;

import java.util.Map;
import java.util.Optional;

/**
 * Real-time figures of one queue, as {@code GetMetricData} loads them and {@code CheckMetricData}
 * compares them. Paths are those of Amazon Connect's queue metric attributes ({@code $.Metrics...}).
 */
public record QueueMetrics(
        long contactsInQueue,
        long oldestContactAgeSeconds,
        long agentsOnline,
        long agentsAvailable,
        long agentsStaffed,
        long agentsAfterContactWork,
        long agentsBusy,
        long agentsMissed,
        long agentsNonProductive) {

    /** The figure a {@code CheckMetricData} {@code MetricType} names, if it is one we know. */
    public Optional<Long> byMetricType(String metricType) {
        return switch (metricType) {
            case "NumberOfAgentsAvailable" -> Optional.of(agentsAvailable);
            case "NumberOfAgentsStaffed" -> Optional.of(agentsStaffed);
            case "NumberOfAgentsOnline" -> Optional.of(agentsOnline);
            case "OldestContactInQueueAgeSeconds" -> Optional.of(oldestContactAgeSeconds);
            case "NumberOfContactsInQueue" -> Optional.of(contactsInQueue);
            default -> Optional.empty();
        };
    }

    /** The figures keyed by the path after {@code $.Metrics.}, e.g. {@code Queue.Size}. */
    public Map<String, String> byPath() {
        return Map.of(
                "Queue.Size", Long.toString(contactsInQueue),
                "Queue.OldestContactAge", Long.toString(oldestContactAgeSeconds),
                "Agents.Online.Count", Long.toString(agentsOnline),
                "Agents.Available.Count", Long.toString(agentsAvailable),
                "Agents.Staffed.Count", Long.toString(agentsStaffed),
                "Agents.AfterContactWork.Count", Long.toString(agentsAfterContactWork),
                "Agents.Busy.Count", Long.toString(agentsBusy),
                "Agents.Missed.Count", Long.toString(agentsMissed),
                "Agents.NonProductive.Count", Long.toString(agentsNonProductive));
    }
}
