package io.switchboard.routing.metrics;

import io.switchboard.config.model.AgentStatus;
import io.switchboard.routing.agent.AgentEvent;
import io.switchboard.routing.agent.AgentSnapshot;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Live agent figures per routing profile and per queue, kept from the bus's agent events (each event carries the agent
 * before and after, so a count moves from one bucket to the other and never needs a recount). Written by
 * the contact center's loop only, read from any thread: each figure is a single atomic value.
 */
public final class AgentFigures {

    /** What an agent counts as, as Amazon Connect's real-time metrics name it. */
    public enum Figure {
        /** Logged in with a status other than Offline (or with a contact). */
        ONLINE,
        /** In the routable status with no contact: may be offered one. */
        AVAILABLE,
        /** Connected to a contact (talking or holding). */
        ON_CONTACT,
        /** In After Contact Work. */
        AFTER_CONTACT_WORK,
        /** In a custom status: non-productive time. */
        NON_PRODUCTIVE,
        /** Online and not in a custom status: available, on a contact, in ACW, or missed (Connect's staffed). */
        STAFFED
    }

    private final Map<String, AtomicIntegerArray> byProfile = new ConcurrentHashMap<>();
    /** The same figures per queue, over the agents whose routing profile serves it. */
    private final Map<String, AtomicIntegerArray> byQueue = new ConcurrentHashMap<>();

    public AgentFigures(EventBus events) {
        events.subscribe(this::count);
    }

    private void count(ContactEvent event) {
        if (!(event instanceof ContactEvent.AgentChanged changed)) {
            return;
        }
        AgentEvent agent = changed.event();
        if (agent.type() == AgentEvent.Type.HEART_BEAT) {
            return;
        }
        if (agent.previous() != null) {
            add(agent.previous(), -1);
        }
        add(agent.current(), 1);
    }

    private void add(AgentSnapshot snapshot, int delta) {
        Set<Figure> figures = classify(snapshot);
        if (figures.isEmpty()) {
            return;
        }
        add(byProfile, snapshot.configuration().routingProfile().name(), figures, delta);
        for (var served : snapshot.configuration().routingProfile().queues()) {
            add(byQueue, served.queue().name(), figures, delta);
        }
    }

    private static void add(Map<String, AtomicIntegerArray> map, String key, Set<Figure> figures, int delta) {
        AtomicIntegerArray counts = map.computeIfAbsent(key, k -> new AtomicIntegerArray(Figure.values().length));
        for (Figure figure : figures) {
            counts.addAndGet(figure.ordinal(), delta);
        }
    }

    /** The figures an agent in {@code snapshot} counts towards. */
    static Set<Figure> classify(AgentSnapshot snapshot) {
        Set<Figure> figures = EnumSet.noneOf(Figure.class);
        AgentState state = snapshot.state();
        if (state == AgentState.LOGGED_OUT) {
            return figures;
        }
        if (snapshot.status().kind() != AgentStatus.Kind.OFFLINE || state.hasContact()) {
            figures.add(Figure.ONLINE);
            if (state != AgentState.CUSTOM) {
                figures.add(Figure.STAFFED);
            }
        }
        switch (state) {
            case AVAILABLE -> figures.add(Figure.AVAILABLE);
            case BUSY, ON_HOLD -> figures.add(Figure.ON_CONTACT);
            case AFTER_CONTACT_WORK -> figures.add(Figure.AFTER_CONTACT_WORK);
            case CUSTOM -> figures.add(Figure.NON_PRODUCTIVE);
            default -> {
            }
        }
        return figures;
    }

    /** Agents of {@code routingProfile} counting as {@code figure} now. */
    public int agents(String routingProfile, Figure figure) {
        AtomicIntegerArray counts = byProfile.get(routingProfile);
        return counts == null ? 0 : counts.get(figure.ordinal());
    }

    /** Agents whose routing profile serves {@code queue}, counting as {@code figure} now. */
    public int queueAgents(String queue, Figure figure) {
        AtomicIntegerArray counts = byQueue.get(queue);
        return counts == null ? 0 : counts.get(figure.ordinal());
    }
}
