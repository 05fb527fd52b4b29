package io.switchboard.routing.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The written records, by contact id and by disconnect time, for the API's look-ups: kept in memory and
 * rebuilt from the day files at start (the files are the durable copy; an embedded database takes this
 * place later). A contact recorded twice keeps its latest line. Owned by the contact center's loop once it
 * runs; {@link #load} runs on the starting thread before that.
 */
public final class ContactTraceIndex {

    private static final Logger LOG = LoggerFactory.getLogger(ContactTraceIndex.class);

    private record Key(Instant disconnect, String contactId) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int byTime = disconnect.compareTo(o.disconnect);
            return byTime != 0 ? byTime : contactId.compareTo(o.contactId);
        }
    }

    private final Map<String, ContactTraceLine> byContact = new HashMap<>();
    private final NavigableMap<Key, String> byTime = new TreeMap<>();

    /** An index of every complete line in {@code files}; a line that is not a record is logged and skipped. */
    public static ContactTraceIndex load(ContactTraceFiles files) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ContactTraceIndex index = new ContactTraceIndex();
        int[] skipped = {0};
        files.readAll(text -> {
            try {
                JsonNode node = mapper.readTree(text);
                String id = node.path("ContactId").asText(null);
                String disconnect = node.path("DisconnectTimestamp").asText(null);
                if (id == null || disconnect == null) {
                    skipped[0]++;
                    return;
                }
                index.put(new ContactTraceLine(id, Instant.parse(disconnect), text));
            } catch (IOException | RuntimeException e) {
                skipped[0]++;
            }
        });
        if (skipped[0] > 0) {
            LOG.warn("{}: {} lines are not contact trace records; left out of the index", files.directory(), skipped[0]);
        }
        return index;
    }

    public void put(ContactTraceLine line) {
        ContactTraceLine before = byContact.put(line.contactId(), line);
        if (before != null) {
            byTime.remove(new Key(before.disconnectTimestamp(), before.contactId()));
        }
        byTime.put(new Key(line.disconnectTimestamp(), line.contactId()), line.json());
    }

    /** The record's JSON of {@code contactId}, if one was written. */
    public Optional<String> record(String contactId) {
        return Optional.ofNullable(byContact.get(contactId)).map(ContactTraceLine::json);
    }

    /** Records that disconnected in [{@code from}, {@code to}), oldest first, at most {@code limit}. */
    public List<String> between(Instant from, Instant to, int limit) {
        List<String> out = new ArrayList<>();
        for (String json : byTime.subMap(new Key(from, ""), true, new Key(to, ""), false).values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(json);
        }
        return out;
    }

    public int size() {
        return byContact.size();
    }
}
