package io.switchboard.routing.router;

import io.switchboard.config.model.RoutingProfile;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.RoutingCriteria;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.flow.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Decides which available agent gets which waiting contact, by Amazon Connect's rules: an agent takes contacts
 * from the queues of their routing profile by the queue's priority there (lowest number first); a queue with a
 * delay of D seconds offers that agent only contacts that have waited at least D (so a contact past its delay
 * competes with the profile's other queues of the same priority, by age); within a queue, contact priority and
 * then routing age decide; among agents who could take a contact, the one Available longest wins. A contact
 * with routing criteria goes only to agents its current step accepts; when a step expires the router wakes,
 * since more agents may take it then.
 *
 * <p>Every decision runs on the contact center's loop, so two agents becoming free and two contacts arriving at
 * once can never race: each change calls {@link #route}, which hands out matches until none is left, and a timer
 * wakes it when a waiting contact next crosses a delay that would make it eligible. A match leaves both the
 * contact and the agent out of the router until they are given back ({@link #enqueue} with the original
 * enqueue time, {@link #agentAvailable}).
 *
 * <p>A reload never drops a waiting contact: agents whose profile changed are re-matched with their new queues
 * ({@link #agentReconfigured}), and contacts of a queue the reload removed keep waiting there, in their order,
 * offered to no one (no profile can name a queue that is gone) until they hang up or a later reload brings the
 * queue back, when the agents serving it take them first come first served.
 */
public final class Router {

    /** A contact's priority in its queue when no flow set one (Amazon Connect's default). */
    public static final long DEFAULT_PRIORITY = WaitingContact.DEFAULT_PRIORITY;

    /** What the router decided: offer {@code contact} from {@code queue} to {@code agent}. */
    public record Match(ContactId contact, String queue, String agent) {
    }

    /** Receives the router's matches, on the loop. */
    @FunctionalInterface
    public interface MatchSink {
        void offer(Match match);
    }

    /** An agent the router may give a contact to, and since when; {@code skills} for routing criteria. */
    private record AvailableAgent(String name, RoutingProfile profile, RoutingCriteria.AgentSkills skills,
                                  Instant since, long sequence) {
    }

    /** An agent known only by name: no proficiencies. */
    private static RoutingCriteria.AgentSkills nameOnly(String agent) {
        return new RoutingCriteria.AgentSkills() {
            @Override
            public java.util.Set<String> identities() {
                return java.util.Set.of(agent);
            }

            @Override
            public java.util.OptionalInt level(String name, String value) {
                return java.util.OptionalInt.empty();
            }
        };
    }

    /** Stands for "no contact" in the probes that search a queue by time. */
    private static final ContactId PROBE = new ContactId(new java.util.UUID(0, 0));
    private static final Comparator<AvailableAgent> LONGEST_AVAILABLE = Comparator
            .comparing(AvailableAgent::since).thenComparingLong(AvailableAgent::sequence);

    private final ContactCenterLoop loop;
    private final MatchSink sink;
    private final Map<String, TreeSet<WaitingContact>> queues = new HashMap<>();
    /** The same contacts per queue by routing time alone: where the next delay crossing is found. */
    private final Map<String, TreeSet<WaitingContact>> queuesByTime = new HashMap<>();
    private final Map<ContactId, WaitingContact> contacts = new HashMap<>();
    private final TreeSet<AvailableAgent> agents = new TreeSet<>(LONGEST_AVAILABLE);
    private final Map<String, AvailableAgent> agentsByName = new HashMap<>();
    /** Per queue, the available agents whose profile serves it, longest available first. */
    private final Map<String, TreeSet<AvailableAgent>> servers = new HashMap<>();
    /** Per queue, the delays (seconds, above 0) that available agents' profiles give it, with how many agents. */
    private final Map<String, Map<Integer, Integer>> delaysServed = new HashMap<>();
    /** Waiting contacts with routing criteria: their steps' expiries also wake the router. */
    private final Map<ContactId, WaitingContact> withCriteria = new HashMap<>();
    private long sequence;
    private Cancellable wakeUp;
    private Instant wakeUpAt;
    private long decisions;

    public Router(ContactCenterLoop loop, MatchSink sink) {
        this.loop = loop;
        this.sink = sink;
    }

    /**
     * Puts a contact in {@code queue}, or moves it there; {@code enqueuedAt} is its original enqueue time, so a
     * contact put back after a missed offer keeps its place. Then routes.
     */
    public void enqueue(ContactId contact, String queue, Instant enqueuedAt, long priority, Duration ageAdjustment) {
        enqueue(contact, queue, enqueuedAt, priority, ageAdjustment, RoutingCriteria.NONE, enqueuedAt);
    }

    /** As {@link #enqueue(ContactId, String, Instant, long, Duration)}, routed by {@code criteria} since {@code criteriaSince}. */
    public void enqueue(ContactId contact, String queue, Instant enqueuedAt, long priority, Duration ageAdjustment,
                        RoutingCriteria criteria, Instant criteriaSince) {
        remove(contact);
        WaitingContact waiting = new WaitingContact(contact, queue, enqueuedAt, priority, ageAdjustment, criteria,
                criteriaSince, sequence++);
        contacts.put(contact, waiting);
        if (!criteria.isEmpty()) {
            withCriteria.put(contact, waiting);
        }
        queues.computeIfAbsent(queue, q -> new TreeSet<>(WaitingContact.QUEUE_ORDER)).add(waiting);
        queuesByTime.computeIfAbsent(queue, q -> new TreeSet<>(WaitingContact.TIME_ORDER)).add(waiting);
        // No available agent had anything to take before: only the new contact can match, and it goes to the
        // longest-available agent whose profile lets them take it now.
        Instant now = loop.now();
        TreeSet<AvailableAgent> serving = servers.get(queue);
        if (serving != null) {
            for (AvailableAgent agent : serving) {
                if (eligibleFor(agent, waiting, now)) {
                    match(waiting, agent);
                    break;
                }
            }
        }
        scheduleWakeUp(now);
    }

    /** The contact no longer waits (it hung up, left the queue, or was taken by other means). */
    public void withdraw(ContactId contact) {
        remove(contact);
    }

    /** The agent may take a contact from now on, with {@code profile}'s queues; then routes. */
    public void agentAvailable(String agent, RoutingProfile profile) {
        agentAvailable(agent, profile, nameOnly(agent));
    }

    /** As {@link #agentAvailable(String, RoutingProfile)}, with the proficiencies routing criteria ask about. */
    public void agentAvailable(String agent, RoutingProfile profile, RoutingCriteria.AgentSkills skills) {
        agentUnavailable(agent);
        add(new AvailableAgent(agent, profile, skills, loop.now(), sequence++));
    }

    private void add(AvailableAgent available) {
        agents.add(available);
        agentsByName.put(available.name(), available);
        countDelays(available.profile(), 1);
        for (RoutingProfile.QueueConfig config : available.profile().queues()) {
            servers.computeIfAbsent(config.queue(), q -> new TreeSet<>(LONGEST_AVAILABLE)).add(available);
        }
        // Every other available agent had nothing to take before: only this one (new, or changed by a reload) can
        // match now.
        WaitingContact best = bestFor(available, loop.now());
        if (best != null) {
            match(best, available);
        }
        scheduleWakeUp(loop.now());
    }

    /**
     * A reload changed what an available agent serves or knows (the queues of their routing profile, a queue's
     * priority or delay there, their proficiencies): they keep their place in the longest-available order and
     * are matched again at once, since they may take a contact now that they could not before. Nothing happens
     * for an agent the router does not count as available.
     */
    public void agentReconfigured(String agent, RoutingProfile profile, RoutingCriteria.AgentSkills skills) {
        AvailableAgent before = agentsByName.get(agent);
        if (before == null) {
            return;
        }
        agentUnavailable(agent);
        add(new AvailableAgent(agent, profile, skills, before.since(), before.sequence()));
    }

    /** The agent left Available (another status, an offer, logout). */
    public void agentUnavailable(String agent) {
        AvailableAgent gone = agentsByName.remove(agent);
        if (gone != null) {
            agents.remove(gone);
            countDelays(gone.profile(), -1);
            for (RoutingProfile.QueueConfig config : gone.profile().queues()) {
                TreeSet<AvailableAgent> serving = servers.get(config.queue());
                if (serving != null && serving.remove(gone) && serving.isEmpty()) {
                    servers.remove(config.queue());
                }
            }
        }
    }

    /** Contacts waiting in {@code queue} now. */
    public int waiting(String queue) {
        TreeSet<WaitingContact> q = queues.get(queue);
        return q == null ? 0 : q.size();
    }

    /** Whether the router counts {@code agent} as available now. */
    public boolean isAvailable(String agent) {
        return agentsByName.containsKey(agent);
    }

    /** Agents available now. */
    public int availableAgents() {
        return agents.size();
    }

    /** Matches made since start, for the router's figures. */
    public long decisions() {
        return decisions;
    }

    /** When the contact entered its queue, if it waits. */
    public Optional<Instant> enqueuedAt(ContactId contact) {
        return Optional.ofNullable(contacts.get(contact)).map(WaitingContact::enqueuedAt);
    }

    /**
     * Hands out matches until no available agent can take a waiting contact, longest-available agent first,
     * each taking the best contact their profile allows now; then sets the wake-up for the next delay a
     * waiting contact will cross. The full pass, for when time or a contact's routing changed; a new contact
     * or a newly available agent is matched alone, since after every pass no available agent has anything
     * left to take.
     */
    void route() {
        Instant now = loop.now();
        boolean matched = true;
        while (matched) {
            matched = false;
            for (AvailableAgent agent : agents) {
                WaitingContact best = bestFor(agent, now);
                if (best != null) {
                    match(best, agent);
                    matched = true;
                    break;
                }
            }
        }
        scheduleWakeUp(now);
    }

    private void match(WaitingContact contact, AvailableAgent agent) {
        remove(contact.contact());
        agentUnavailable(agent.name());
        decisions++;
        sink.offer(new Match(contact.contact(), contact.queue(), agent.name()));
    }

    /**
     * Whether {@code agent}'s profile lets them take {@code contact} now (its queue's delay has passed) and the
     * contact's routing criteria accept them.
     */
    private static boolean eligibleFor(AvailableAgent agent, WaitingContact contact, Instant now) {
        if (!contact.accepts(agent.skills(), now)) {
            return false;
        }
        for (RoutingProfile.QueueConfig config : agent.profile().queues()) {
            if (config.queue().equals(contact.queue())
                    && contact.routingAge(now).compareTo(Duration.ofSeconds(config.delaySeconds())) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The contact {@code agent} should get now: lowest profile priority, then contact priority, then oldest. */
    private WaitingContact bestFor(AvailableAgent agent, Instant now) {
        WaitingContact best = null;
        int bestPriority = Integer.MAX_VALUE;
        for (RoutingProfile.QueueConfig config : agent.profile().queues()) {
            TreeSet<WaitingContact> queue = queues.get(config.queue());
            if (queue == null || config.priority() > bestPriority) {
                continue;
            }
            Duration delay = Duration.ofSeconds(config.delaySeconds());
            for (WaitingContact candidate : queue) {
                if (candidate.routingAge(now).compareTo(delay) < 0) {
                    continue; // not yet offered to this profile; a later contact of higher priority may be
                }
                if (!candidate.accepts(agent.skills(), now)) {
                    continue; // its routing criteria want another agent for now; a later contact may not
                }
                if (best == null || config.priority() < bestPriority
                        || WaitingContact.QUEUE_ORDER.compare(candidate, best) < 0) {
                    best = candidate;
                    bestPriority = config.priority();
                }
                break; // the queue's first eligible contact is its best
            }
        }
        return best;
    }

    private void countDelays(RoutingProfile profile, int change) {
        for (RoutingProfile.QueueConfig config : profile.queues()) {
            if (config.delaySeconds() > 0) {
                Map<Integer, Integer> delays = delaysServed.computeIfAbsent(config.queue(), q -> new HashMap<>());
                if (delays.merge(config.delaySeconds(), change, Integer::sum) == 0) {
                    delays.remove(config.delaySeconds());
                }
                if (delays.isEmpty()) {
                    delaysServed.remove(config.queue());
                }
            }
        }
    }

    /**
     * Sets the wake-up for the earliest instant a waiting contact becomes eligible for an available agent's
     * queue with a delay: per queue and delay that available agents serve, the first contact by routing time
     * not yet past it. Costs one tree lookup per queue and delay, whatever the number of agents and contacts.
     */
    private void scheduleWakeUp(Instant now) {
        Instant next = null;
        for (Map.Entry<String, Map<Integer, Integer>> served : delaysServed.entrySet()) {
            TreeSet<WaitingContact> byTime = queuesByTime.get(served.getKey());
            if (byTime == null) {
                continue;
            }
            for (int delay : served.getValue().keySet()) {
                WaitingContact probe = new WaitingContact(PROBE, served.getKey(), now.minusSeconds(delay), 0,
                        Duration.ZERO, RoutingCriteria.NONE, now, Long.MAX_VALUE);
                WaitingContact young = byTime.higher(probe);
                if (young != null) {
                    Instant eligible = young.routingTime().plusSeconds(delay);
                    if (next == null || eligible.isBefore(next)) {
                        next = eligible;
                    }
                }
            }
        }
        for (WaitingContact waiting : withCriteria.values()) {
            // A step giving way widens who may take the contact.
            Optional<Instant> change = waiting.criteria().nextChange(waiting.criteriaSince(), now);
            if (change.isPresent() && (next == null || change.get().isBefore(next))) {
                next = change.get();
            }
        }
        if (next != null && next.equals(wakeUpAt)) {
            return;
        }
        if (wakeUp != null) {
            wakeUp.cancel();
            wakeUp = null;
            wakeUpAt = null;
        }
        if (next != null) {
            wakeUpAt = next;
            wakeUp = loop.schedule(Duration.between(now, next), () -> {
                wakeUp = null;
                wakeUpAt = null;
                route();
            });
        }
    }

    private void remove(ContactId contact) {
        WaitingContact waiting = contacts.remove(contact);
        withCriteria.remove(contact);
        if (waiting != null) {
            TreeSet<WaitingContact> queue = queues.get(waiting.queue());
            queue.remove(waiting);
            queuesByTime.get(waiting.queue()).remove(waiting);
            if (queue.isEmpty()) {
                queues.remove(waiting.queue());
                queuesByTime.remove(waiting.queue());
            }
        }
    }
}
