package io.switchboard.routing.flow;

/**
 * One reason a flow cannot be published: the file, the action (Identifier and Type, when the problem
 * belongs to one) and what is wrong, in words an admin can act on.
 */
public record FlowProblem(String file, String actionId, String actionType, String message) {

    public static FlowProblem ofFlow(String file, String message) {
        return new FlowProblem(file, null, null, message);
    }

    @Override
    public String toString() {
        if (actionId == null) {
            return file + ": " + message;
        }
        return file + ": action '" + actionId + "' (" + actionType + "): " + message;
    }
}
