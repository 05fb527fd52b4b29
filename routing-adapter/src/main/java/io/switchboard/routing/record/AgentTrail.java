package io.switchboard.routing.record;

import io.switchboard.routing.agent.AgentConfiguration;
import io.switchboard.routing.agent.AgentSnapshot;
import io.switchboard.routing.agent.AgentState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the agent event stream says about one contact, for its record's {@code Agent} section and its
 * {@code AgentConnectionAttempts}: every offer counts as an attempt (answered, missed or failed, as Connect
 * counts the times it tried to connect the contact to an agent); the agent who was connected, when, how long
 * they talked and held the customer, and their After Contact Work. A contact connected again (back in its queue
 * after its agent's softphone was lost) shows its last agent. Owned by the contact center's loop.
 */
final class AgentTrail {

    private int attempts;
    private AgentConfiguration agent;
    private Instant connected;
    private Instant holdStarted;
    private Duration held = Duration.ZERO;
    private Duration longestHold = Duration.ZERO;
    private int holds;
    private Instant interactionEnded;
    private Instant afterWorkStarted;
    private Instant afterWorkEnded;

    /**
     * One step of an agent working on this contact: {@code previous} and {@code current} are the agent's
     * snapshots around it (previous null for a login), at {@code now}. Returns true when it ended the
     * agent's After Contact Work on the contact (the record is complete then).
     */
    boolean step(AgentSnapshot previous, AgentSnapshot current, Instant now) {
        AgentState from = previous == null ? AgentState.LOGGED_OUT : previous.state();
        AgentState to = current.state();
        if (to == AgentState.PENDING && from != AgentState.PENDING) {
            attempts++;
            return false;
        }
        if (from == AgentState.PENDING && to.onContact()) {
            // A contact back in its queue after its agent was lost is connected anew: the section is the new
            // connection's, as the record names the last agent.
            restart();
            agent = current.configuration();
            connected = current.connectedAt() != null ? current.connectedAt() : now;
            return false;
        }
        if (connected == null || !agent.username().equals(current.configuration().username())) {
            return false;
        }
        if (from == AgentState.BUSY && to == AgentState.ON_HOLD) {
            holdStarted = now;
            holds++;
        } else if (from == AgentState.ON_HOLD && to != AgentState.ON_HOLD) {
            endHold(now);
        }
        if (from.onContact() && !to.onContact() && interactionEnded == null) {
            interactionEnded = now;
            if (to == AgentState.AFTER_CONTACT_WORK) {
                afterWorkStarted = now;
            }
        }
        if (from == AgentState.AFTER_CONTACT_WORK && to != AgentState.AFTER_CONTACT_WORK && afterWorkEnded == null) {
            afterWorkEnded = now;
            return true;
        }
        return false;
    }

    private void restart() {
        holdStarted = null;
        held = Duration.ZERO;
        longestHold = Duration.ZERO;
        holds = 0;
        interactionEnded = null;
        afterWorkStarted = null;
        afterWorkEnded = null;
    }

    private void endHold(Instant now) {
        if (holdStarted == null) {
            return;
        }
        Duration hold = Duration.between(holdStarted, now);
        held = held.plus(hold);
        if (hold.compareTo(longestHold) > 0) {
            longestHold = hold;
        }
        holdStarted = null;
    }

    int attempts() {
        return attempts;
    }

    /** An agent was connected and their work on the contact (talk, then ACW if any) is not over yet. */
    boolean agentStillWorking() {
        return connected != null && afterWorkEnded == null && (interactionEnded == null || afterWorkStarted != null);
    }

    /**
     * The {@code Agent} section as of {@code end} (the contact's disconnect when the agent is still on it):
     * null when no agent was connected.
     */
    ContactTraceRecord.Agent section(Instant end) {
        if (connected == null) {
            return null;
        }
        Instant talkEnd = interactionEnded != null ? interactionEnded : end;
        Duration hold = held;
        if (holdStarted != null) {
            hold = hold.plus(Duration.between(holdStarted, talkEnd));
        }
        long interaction = Math.max(0, seconds(connected, talkEnd) - hold.toSeconds());
        Long afterWork = afterWorkStarted == null || afterWorkEnded == null ? null : seconds(afterWorkStarted, afterWorkEnded);
        Duration longest = holdStarted != null && Duration.between(holdStarted, talkEnd).compareTo(longestHold) > 0
                ? Duration.between(holdStarted, talkEnd) : longestHold;
        return new ContactTraceRecord.Agent(agent.agentArn(), agent.username(), agent.routingProfile().name(),
                agent.routingProfile().arn(), agent.hierarchyGroups(), connected, interaction, hold.toSeconds(),
                holds, longest.toSeconds(), afterWorkStarted, afterWorkEnded, afterWork);
    }

    /** Whole seconds between the whole-second forms of two instants, as the record shows them. */
    private static long seconds(Instant from, Instant to) {
        return Duration.between(from.truncatedTo(ChronoUnit.SECONDS), to.truncatedTo(ChronoUnit.SECONDS)).toSeconds();
    }
}
