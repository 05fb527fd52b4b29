package io.switchboard.routing.flow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a flow goes after an action: conditions on its result (first true wins), error branches by
 * {@code ErrorType}, and the default {@code NextAction}.
 */
public record Transitions(String nextAction, List<Branch> conditions, Map<String, String> errors) {

    public static final String NO_MATCHING_ERROR = "NoMatchingError";
    public static final String NO_MATCHING_CONDITION = "NoMatchingCondition";

    public Transitions {
        conditions = List.copyOf(conditions);
        errors = Map.copyOf(errors);
    }

    public Optional<String> next() {
        return Optional.ofNullable(nextAction);
    }

    /** The target of the first condition {@code result} satisfies. */
    public Optional<String> forResult(String result) {
        for (Branch branch : conditions) {
            if (branch.condition().test(result)) {
                return Optional.of(branch.nextAction());
            }
        }
        return Optional.empty();
    }

    /** The target for an error: its own branch, else the catch-all NoMatchingError branch. */
    public Optional<String> forError(String errorType) {
        String target = errors.get(errorType);
        if (target == null) {
            target = errors.get(NO_MATCHING_ERROR);
        }
        return Optional.ofNullable(target);
    }

    /** One conditional transition. */
    public record Branch(Condition condition, String nextAction) {
    }
}
