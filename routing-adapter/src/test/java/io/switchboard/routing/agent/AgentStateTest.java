package io.switchboard.routing.agent;

import static io.switchboard.routing.agent.AgentState.AFTER_CONTACT_WORK;
import static io.switchboard.routing.agent.AgentState.AVAILABLE;
import static io.switchboard.routing.agent.AgentState.BUSY;
import static io.switchboard.routing.agent.AgentState.CUSTOM;
import static io.switchboard.routing.agent.AgentState.ERROR;
import static io.switchboard.routing.agent.AgentState.LOGGED_OUT;
import static io.switchboard.routing.agent.AgentState.MISSED;
import static io.switchboard.routing.agent.AgentState.OFFLINE;
import static io.switchboard.routing.agent.AgentState.ON_HOLD;
import static io.switchboard.routing.agent.AgentState.PENDING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The agent state machine, pair by pair: every step the CCP allows, and every other one refused. */
class AgentStateTest {

    /** Written out by hand from the CCP's behaviour, not derived from the enum. */
    private static final Map<AgentState, Set<AgentState>> ALLOWED = new EnumMap<>(AgentState.class);

    static {
        ALLOWED.put(LOGGED_OUT, EnumSet.of(AVAILABLE, OFFLINE, CUSTOM));
        ALLOWED.put(AVAILABLE, EnumSet.of(AVAILABLE, OFFLINE, CUSTOM, PENDING, BUSY, LOGGED_OUT));
        ALLOWED.put(OFFLINE, EnumSet.of(AVAILABLE, OFFLINE, CUSTOM, LOGGED_OUT));
        // From a custom status the agent may place a call of their own (dialling it is PENDING).
        ALLOWED.put(CUSTOM, EnumSet.of(AVAILABLE, OFFLINE, CUSTOM, PENDING, BUSY, LOGGED_OUT));
        // An outbound call whose customer is not reached goes to After Contact Work from dialling.
        ALLOWED.put(PENDING, EnumSet.of(AVAILABLE, BUSY, MISSED, ERROR, AFTER_CONTACT_WORK, LOGGED_OUT));
        ALLOWED.put(BUSY, EnumSet.of(ON_HOLD, AFTER_CONTACT_WORK, LOGGED_OUT));
        ALLOWED.put(ON_HOLD, EnumSet.of(BUSY, AFTER_CONTACT_WORK, LOGGED_OUT));
        ALLOWED.put(AFTER_CONTACT_WORK, EnumSet.of(AVAILABLE, OFFLINE, CUSTOM, LOGGED_OUT));
        ALLOWED.put(MISSED, EnumSet.of(AVAILABLE, OFFLINE, CUSTOM, LOGGED_OUT));
        ALLOWED.put(ERROR, EnumSet.of(AVAILABLE, OFFLINE, CUSTOM, LOGGED_OUT));
    }

    @Test
    void everyPairIsAllowedExactlyWhenTheTableSaysSo() {
        int checked = 0;
        for (AgentState from : AgentState.values()) {
            for (AgentState to : AgentState.values()) {
                assertEquals(ALLOWED.get(from).contains(to), from.mayMoveTo(to), from + " -> " + to);
                checked++;
            }
        }
        assertEquals(AgentState.values().length * AgentState.values().length, checked);
    }

    @Test
    void everyStateMayLogOutAndOnlyAChosenStatusFollowsALogin() {
        for (AgentState state : AgentState.values()) {
            assertEquals(state != LOGGED_OUT, state.mayMoveTo(LOGGED_OUT), state.name());
        }
        for (AgentState to : LOGGED_OUT.next()) {
            assertEquals(true, to.isChosenStatus(), to.name());
        }
    }

    @Test
    void missedAndErrorAreLeftOnlyByChoosingAStatus() {
        for (AgentState stuck : EnumSet.of(MISSED, ERROR)) {
            for (AgentState to : stuck.next()) {
                assertEquals(true, to.isChosenStatus() || to == LOGGED_OUT, stuck + " -> " + to);
            }
        }
    }
}
