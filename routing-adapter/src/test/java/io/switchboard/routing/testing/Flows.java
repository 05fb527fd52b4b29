package io.switchboard.routing.testing;

/** Builds flow-language JSON for tests, keeping each test's flow short and readable. */
public final class Flows {

    private Flows() {
    }

    public static String flow(String start, String... actions) {
        return "{\"Version\":\"2019-10-30\",\"StartAction\":\"" + start + "\",\"Metadata\":{\"ignored\":true},"
                + "\"Actions\":[" + String.join(",", actions) + "]}";
    }

    /** Any action; {@code params} and {@code transitions} are JSON object bodies without braces. */
    public static String action(String id, String type, String params, String transitions) {
        return "{\"Identifier\":\"" + id + "\",\"Type\":\"" + type + "\",\"Parameters\":{" + params
                + "},\"Transitions\":{" + transitions + "}}";
    }

    /** Speaks {@code text} and continues to {@code next}. */
    public static String say(String id, String text, String next) {
        return action(id, "MessageParticipant", "\"Text\":\"" + text + "\"",
                "\"NextAction\":\"" + next + "\",\"Errors\":[{\"NextAction\":\"" + next + "\",\"ErrorType\":\"NoMatchingError\"}]");
    }

    /** Speaks {@code text} and hangs up: a leaf that names the branch taken. */
    public static String leaf(String id, String text) {
        return say(id, text, id + "-bye") + "," + hangUp(id + "-bye");
    }

    public static String hangUp(String id) {
        return action(id, "DisconnectParticipant", "", "");
    }

    public static String next(String target) {
        return "\"NextAction\":\"" + target + "\"";
    }

    public static String error(String type, String target) {
        return "{\"NextAction\":\"" + target + "\",\"ErrorType\":\"" + type + "\"}";
    }

    public static String errors(String... errors) {
        return "\"Errors\":[" + String.join(",", errors) + "]";
    }

    public static String when(String operator, String operand, String target) {
        return "{\"NextAction\":\"" + target + "\",\"Condition\":{\"Operator\":\"" + operator
                + "\",\"Operands\":[\"" + operand + "\"]}}";
    }

    public static String conditions(String... conditions) {
        return "\"Conditions\":[" + String.join(",", conditions) + "]";
    }

    public static String join(String... parts) {
        return String.join(",", parts);
    }
}
