package io.switchboard.routing.flow;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Set;

/** A flow-language condition: an operator applied to an action's result and one static operand. */
public record Condition(String operator, String operand) {

    public static final Set<String> OPERATORS = Set.of("Equals", "TextStartsWith", "TextEndsWith", "TextContains",
            "NumberGreaterThan", "NumberGreaterOrEqualTo", "NumberLessThan", "NumberLessOrEqualTo");

    public Condition {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(operand, "operand");
        if (!OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("unknown operator " + operator);
        }
    }

    /** True when {@code value} (an action's result; null if there is none) satisfies the condition. */
    public boolean test(String value) {
        if (value == null) {
            return false;
        }
        return switch (operator) {
            case "Equals" -> value.equals(operand) || numericCompare(value, operand) == 0;
            case "TextStartsWith" -> value.startsWith(operand);
            case "TextEndsWith" -> value.endsWith(operand);
            case "TextContains" -> value.contains(operand);
            case "NumberGreaterThan" -> numericCompare(value, operand) > 0 && isNumber(value, operand);
            case "NumberGreaterOrEqualTo" -> numericCompare(value, operand) >= 0 && isNumber(value, operand);
            case "NumberLessThan" -> numericCompare(value, operand) < 0 && isNumber(value, operand);
            case "NumberLessOrEqualTo" -> numericCompare(value, operand) <= 0 && isNumber(value, operand);
            default -> throw new IllegalStateException(operator);
        };
    }

    public boolean isNumeric() {
        return operator.startsWith("Number");
    }

    private static boolean isNumber(String a, String b) {
        return parse(a) != null && parse(b) != null;
    }

    /** Compares as numbers; Integer.MIN_VALUE when either side is not a number (never equal to 0). */
    private static int numericCompare(String a, String b) {
        BigDecimal x = parse(a);
        BigDecimal y = parse(b);
        if (x == null || y == null) {
            return Integer.MIN_VALUE;
        }
        return Integer.signum(x.compareTo(y));
    }

    private static BigDecimal parse(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
