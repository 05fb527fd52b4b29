package io.switchboard.routing.record;

import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.record.store.RecordStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live feed of contact trace records and agent events, the role Amazon Connect's Kinesis streams play:
 * every record is published once it is durable in the record store (a contact's record again for each later
 * version, as Connect re-sends an updated CTR), in the order the store committed it. A subscriber can first
 * catch up from the store ({@link #subscribe} with a {@code since}), then goes on live without a gap or a
 * duplicate: it is registered on the loop before the store is asked, and what arrives live while the
 * catch-up runs is held, then sent unless the catch-up already carried the same text. Owned by the contact
 * center's loop; subscribers are called there and must hand the text off without blocking (a WebSocket's
 * send does).
 */
public final class RecordFeed {

    private static final Logger LOG = LoggerFactory.getLogger(RecordFeed.class);
    /** Records a catch-up sends at most per kind; past it the subscriber is told to search over HTTP. */
    public static final int CATCH_UP_LIMIT = 1_000;

    /** What is published. */
    public enum Kind {
        CONTACT_TRACE_RECORD, AGENT_EVENT
    }

    /** One subscriber's side; called on the loop. */
    public interface Subscriber {
        /** A record or event as its JSON text. */
        void record(Kind kind, String json);

        /** The catch-up is done: {@code sent} texts came from the store, {@code truncated} when it hit the limit. */
        default void caughtUp(int sent, boolean truncated) {
        }

        /** The catch-up could not read the store; live records follow anyway. */
        default void catchUpFailed(Throwable error) {
        }
    }

    /** A subscription; {@link #cancel} is idempotent and may be called from any thread. */
    public interface Subscription {
        void cancel();
    }

    private record Held(Kind kind, String json) {
    }

    private final class Entry implements Subscription {
        final Subscriber subscriber;
        final Set<Kind> kinds;
        /** Live texts held while the catch-up runs; null once live. */
        List<Held> held;
        boolean cancelled;

        Entry(Subscriber subscriber, Set<Kind> kinds, boolean catchingUp) {
            this.subscriber = subscriber;
            this.kinds = kinds;
            this.held = catchingUp ? new ArrayList<>() : null;
        }

        void offer(Kind kind, String json) {
            if (cancelled || !kinds.contains(kind)) {
                return;
            }
            if (held != null) {
                held.add(new Held(kind, json));
            } else {
                deliver(kind, json);
            }
        }

        void deliver(Kind kind, String json) {
            try {
                subscriber.record(kind, json);
            } catch (RuntimeException e) {
                LOG.warn("a record feed subscriber failed and is dropped: {}", e.toString());
                cancelOnLoop();
            }
        }

        @Override
        public void cancel() {
            loop.execute(this::cancelOnLoop);
        }

        void cancelOnLoop() {
            cancelled = true;
            subscribers.remove(this);
        }
    }

    private final ContactCenterLoop loop;
    private final RecordStore store;
    private final List<Entry> subscribers = new ArrayList<>();

    public RecordFeed(ContactCenterLoop loop, RecordStore store) {
        this.loop = loop;
        this.store = store;
    }

    /** Publishes a durable record to every live subscriber of its kind; on the loop. */
    public void publish(Kind kind, String json) {
        // A copy: a subscriber may cancel (itself or another) while it is called.
        for (Entry entry : List.copyOf(subscribers)) {
            entry.offer(kind, json);
        }
    }

    /**
     * Subscribes to {@code kinds}; with {@code since}, first sends what the store holds from that instant on
     * (records last updated since then, agent events timestamped since then), oldest first. Callable from any
     * thread: the subscription starts on the loop, after the tasks already submitted.
     */
    public Subscription subscribe(Set<Kind> kinds, Instant since, Subscriber subscriber) {
        Entry entry = new Entry(subscriber, Set.copyOf(kinds), since != null);
        loop.execute(() -> {
            if (entry.cancelled) {
                return;
            }
            subscribers.add(entry);
            if (since != null) {
                catchUp(entry, since);
            }
        });
        return entry;
    }

    private void catchUp(Entry entry, Instant since) {
        Instant until = Instant.ofEpochMilli(Long.MAX_VALUE);
        CompletableFuture<List<String>> records = entry.kinds.contains(Kind.CONTACT_TRACE_RECORD)
                ? store.updatedBetween(since, until, CATCH_UP_LIMIT + 1) : CompletableFuture.completedFuture(List.of());
        CompletableFuture<List<String>> events = entry.kinds.contains(Kind.AGENT_EVENT)
                ? store.agentEventsBetween(since, until, CATCH_UP_LIMIT + 1) : CompletableFuture.completedFuture(List.of());
        loop.adopt(records.thenCombine(events, (r, e) -> List.of(r, e))).whenComplete((both, error) -> {
            if (entry.cancelled) {
                return;
            }
            List<Held> held = entry.held;
            entry.held = null;
            Set<String> sent = new HashSet<>();
            boolean truncated = false;
            if (error != null) {
                entry.subscriber.catchUpFailed(error);
            } else {
                truncated = both.get(0).size() > CATCH_UP_LIMIT || both.get(1).size() > CATCH_UP_LIMIT;
                sendAll(entry, Kind.CONTACT_TRACE_RECORD, both.get(0), sent);
                sendAll(entry, Kind.AGENT_EVENT, both.get(1), sent);
                if (entry.cancelled) {
                    return;
                }
                entry.subscriber.caughtUp(sent.size(), truncated);
            }
            for (Held live : held) {
                if (!sent.contains(live.json()) && !entry.cancelled) {
                    entry.deliver(live.kind(), live.json());
                }
            }
        });
    }

    private static void sendAll(Entry entry, Kind kind, List<String> texts, Set<String> sent) {
        for (int i = 0; i < Math.min(texts.size(), CATCH_UP_LIMIT) && !entry.cancelled; i++) {
            sent.add(texts.get(i));
            entry.deliver(kind, texts.get(i));
        }
    }

    /** Subscribers now; on the loop. */
    public int subscribers() {
        return subscribers.size();
    }
}
