package io.switchboard.config.model;

import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Range;
import io.switchboard.config.bind.Ref;
import java.util.List;
import java.util.Map;

/**
 * A queue: its hours of operation, how many contacts it holds ({@code maxContacts}, 0 = no limit),
 * the caller ID of outbound calls made from it and the outbound whisper flow their customers hear before the
 * agent ({@code outboundWhisperFlow}, by flow name; Connect's "Default outbound" when unset), the quick connects
 * its agents see, and tags.
 */
public record Queue(
        String name,
        @Optional String description,
        @Ref(section = "hoursOfOperation", what = "hours of operation") String hours,
        @Default("0") @Range(min = 0) int maxContacts,
        @Optional String outboundCallerIdName,
        @Optional E164 outboundCallerIdNumber,
        @Optional String outboundWhisperFlow,
        @Ref(section = "quickConnects", what = "quick connect") List<String> quickConnects,
        Map<String, String> tags) {

    public Queue {
        quickConnects = List.copyOf(quickConnects);
        tags = Map.copyOf(tags);
    }
}
