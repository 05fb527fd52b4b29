package io.switchboard.routing.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.routing.record.RecordFeed.Kind;
import io.switchboard.routing.record.store.RecordStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live feed: kinds filtered, a catch-up from the store, then live records with no gap or duplicate. */
class RecordFeedTest {
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

    @TempDir
    Path data;
    private final VirtualLoop loop = new VirtualLoop(T0);
    private RecordStore store;
    private RecordFeed feed;

    /** What a subscriber got, in order: texts, and "caughtUp:n" markers. */
    private static final class Seen implements RecordFeed.Subscriber {
        final List<String> got = new ArrayList<>();

        @Override
        public void record(Kind kind, String json) {
            got.add(kind + " " + json);
        }

        @Override
        public void caughtUp(int sent, boolean truncated) {
            got.add("caughtUp:" + sent + (truncated ? " truncated" : ""));
        }
    }

    @BeforeEach
    void open() throws Exception {
        store = RecordStore.open(data, false);
        feed = new RecordFeed(loop, store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String record(String id, Instant updated) {
        return "{\"ContactId\":\"" + id + "\",\"LastUpdateTimestamp\":\"" + updated + "\"}";
    }

    /** Stores a record version, then publishes it, as the recorder does. */
    private String written(String id, Instant disconnect, Instant updated) {
        String json = record(id, updated);
        store.putRecord(new ContactTraceLine(id, disconnect, updated, false, json)).join();
        feed.publish(Kind.CONTACT_TRACE_RECORD, json);
        return json;
    }

    private String event(String id, Instant at) {
        String json = "{\"EventId\":\"" + id + "\",\"EventTimestamp\":\"" + at + "\"}";
        store.putAgentEvent(id, "alice", "STATE_CHANGE", at, () -> json).join();
        feed.publish(Kind.AGENT_EVENT, json);
        return json;
    }

    @Test
    void aLiveSubscriberGetsOnlyTheKindsItAskedForInOrder() {
        Seen records = new Seen();
        Seen both = new Seen();
        feed.subscribe(EnumSet.of(Kind.CONTACT_TRACE_RECORD), null, records);
        feed.subscribe(EnumSet.allOf(Kind.class), null, both);
        loop.runPending();

        String a = written("a", T0, T0);
        String e = event("e1", T0.plusSeconds(1));
        String b = written("b", T0.plusSeconds(2), T0.plusSeconds(2));
        loop.runPending();

        assertEquals(List.of("CONTACT_TRACE_RECORD " + a, "CONTACT_TRACE_RECORD " + b), records.got);
        assertEquals(List.of("CONTACT_TRACE_RECORD " + a, "AGENT_EVENT " + e, "CONTACT_TRACE_RECORD " + b), both.got);
        assertEquals(2, feed.subscribers());
    }

    @Test
    void aCatchUpSendsStoredVersionsUpdatedSinceThenWithoutDuplicatingLiveOnes() {
        written("old", T0, T0);
        String acw = written("late-acw", T0, T0.plusSeconds(300)); // disconnected before, updated after
        String recent = written("recent", T0.plusSeconds(400), T0.plusSeconds(400));
        String ev = event("e1", T0.plusSeconds(450));
        loop.runPending();

        Seen seen = new Seen();
        feed.subscribe(EnumSet.allOf(Kind.class), T0.plusSeconds(200), seen);
        // Published while the catch-up runs (after the subscription is on, before the store's answer is back):
        // one the store already holds, sent by the catch-up only, and one it did not hold then, sent after it.
        String fresh = record("fresh", T0.plusSeconds(460));
        loop.execute(() -> {
            feed.publish(Kind.CONTACT_TRACE_RECORD, recent);
            feed.publish(Kind.CONTACT_TRACE_RECORD, fresh);
        });
        loop.runPending();
        String live = written("live", T0.plusSeconds(500), T0.plusSeconds(500));
        loop.runPending();

        assertEquals(List.of("CONTACT_TRACE_RECORD " + acw, "CONTACT_TRACE_RECORD " + recent, "AGENT_EVENT " + ev,
                "caughtUp:3", "CONTACT_TRACE_RECORD " + fresh, "CONTACT_TRACE_RECORD " + live), seen.got);
    }

    @Test
    void aCancelledSubscriberHearsNothingMore() {
        Seen seen = new Seen();
        RecordFeed.Subscription subscription = feed.subscribe(EnumSet.allOf(Kind.class), null, seen);
        loop.runPending();
        String first = written("a", T0, T0);
        subscription.cancel();
        subscription.cancel();
        loop.runPending();
        written("b", T0, T0);
        loop.runPending();

        assertEquals(List.of("CONTACT_TRACE_RECORD " + first), seen.got);
        assertEquals(0, feed.subscribers());
    }

    @Test
    void aCatchUpPastTheLimitSaysItIsTruncated() {
        for (int i = 0; i <= RecordFeed.CATCH_UP_LIMIT; i++) {
            Instant at = T0.plusSeconds(i);
            store.putRecord(new ContactTraceLine("c" + i, at, at, false, record("c" + i, at)));
        }
        Seen seen = new Seen();
        feed.subscribe(EnumSet.of(Kind.CONTACT_TRACE_RECORD), T0, seen);
        loop.runPending();

        assertEquals(RecordFeed.CATCH_UP_LIMIT + 1, seen.got.size());
        assertEquals("caughtUp:" + RecordFeed.CATCH_UP_LIMIT + " truncated", seen.got.get(seen.got.size() - 1));
    }

    @Test
    void aSubscriberThatThrowsIsDroppedAndOthersGoOn() {
        Seen seen = new Seen();
        feed.subscribe(EnumSet.allOf(Kind.class), null, (kind, json) -> {
            throw new IllegalStateException("broken consumer");
        });
        feed.subscribe(EnumSet.allOf(Kind.class), null, seen);
        loop.runPending();
        String a = written("a", T0, T0);
        String b = written("b", T0, T0);
        loop.runPending();

        assertEquals(List.of("CONTACT_TRACE_RECORD " + a, "CONTACT_TRACE_RECORD " + b), seen.got);
        assertEquals(1, feed.subscribers());
    }
}
