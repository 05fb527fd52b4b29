package io.switchboard.routing.event;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contact center's in-loop event bus: {@link #publish} hands an event to every subscriber at once, in
 * the order they subscribed, on the caller's thread, which is always the contact center's loop; so a
 * subscriber sees the state the publisher left, and nothing else runs in between. A subscriber that throws
 * is logged and the others still hear the event.
 */
public final class EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    // Filled while the contact center is built, before the loop runs anything; read on the loop after.
    private final List<Consumer<ContactEvent>> subscribers = new ArrayList<>();

    public void subscribe(Consumer<ContactEvent> subscriber) {
        subscribers.add(subscriber);
    }

    public void publish(ContactEvent event) {
        for (Consumer<ContactEvent> subscriber : subscribers) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                LOG.error("subscriber failed on {}", event, e);
            }
        }
    }
}
