package io.switchboard.routing.flow;

import java.util.Objects;

/**
 * An action that speaks, or sets the voice later speech uses, with the synthesiser voice {@code voice}
 * (an espeak-ng voice id such as {@code en-us+f3}); collected at load time so that the voices the
 * published flows need can be checked before a caller hears one.
 */
public record SpeechUse(String file, String actionId, String actionType, String voice) {

    public SpeechUse {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(actionType, "actionType");
        Objects.requireNonNull(voice, "voice");
    }

    /** Where, in the words of {@link FlowProblem}: {@code file: action 'id' (Type)}. */
    @Override
    public String toString() {
        return file + ": action '" + actionId + "' (" + actionType + ")";
    }
}
