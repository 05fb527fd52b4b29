package io.switchboard.config.bind;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Converts scalar text to the Java type of a model component. Text is the common currency because
 * environment variables and flags are text too, so all three layers share one conversion and one
 * wording of errors. A failed conversion throws {@link IllegalArgumentException} whose message is
 * the problem as the user will read it.
 */
public final class Scalars {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private static final Map<Class<?>, Function<String, Object>> CONVERTERS = Map.ofEntries(
            Map.entry(String.class, text -> text),
            Map.entry(int.class, Scalars::toInt),
            Map.entry(Integer.class, Scalars::toInt),
            Map.entry(long.class, Scalars::toLong),
            Map.entry(Long.class, Scalars::toLong),
            Map.entry(boolean.class, Scalars::toBoolean),
            Map.entry(Boolean.class, Scalars::toBoolean),
            Map.entry(ZoneId.class, Scalars::toZone),
            Map.entry(LocalTime.class, Scalars::toTime),
            Map.entry(LocalDate.class, Scalars::toDate),
            Map.entry(Path.class, Scalars::toPath),
            Map.entry(Pattern.class, Scalars::toPattern));

    private Scalars() {
    }

    /** True when values of this type are written as one scalar. */
    public static boolean isScalar(Class<?> type) {
        return CONVERTERS.containsKey(type) || type.isEnum() || parseMethod(type) != null;
    }

    /** Converts text to {@code type}; throws IllegalArgumentException with the user-facing problem. */
    public static Object convert(Class<?> type, String text) {
        Function<String, Object> converter = CONVERTERS.get(type);
        if (converter != null) {
            return converter.apply(text);
        }
        if (type.isEnum()) {
            return toEnum(type, text);
        }
        Method parse = parseMethod(type);
        if (parse == null) {
            throw new IllegalStateException("no conversion to " + type.getName());
        }
        try {
            return parse.invoke(null, text);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The YAML spelling of an enum constant: lower case, dashes for underscores. */
    public static String enumName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The accepted spellings of an enum type, comma separated, for messages and the reference doc. */
    public static String enumChoices(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> enumName((Enum<?>) c))
                .collect(Collectors.joining(", "));
    }

    private static Method parseMethod(Class<?> type) {
        try {
            Method m = type.getMethod("parse", String.class);
            return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == type ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object toInt(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, found \"" + text + "\"");
        }
    }

    private static Object toLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, found \"" + text + "\"");
        }
    }

    private static Object toBoolean(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        throw new IllegalArgumentException("expected true or false, found \"" + text + "\"");
    }

    private static Object toZone(String text) {
        try {
            return ZoneId.of(text.trim());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone \"" + text + "\"");
        }
    }

    private static Object toTime(String text) {
        try {
            return LocalTime.parse(text.trim(), HH_MM);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a time as HH:mm (00:00 to 23:59), found \"" + text + "\"");
        }
    }

    private static Object toDate(String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected a date as YYYY-MM-DD, found \"" + text + "\"");
        }
    }

    private static Object toPath(String text) {
        try {
            return Path.of(text.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("not a valid path: \"" + text + "\"");
        }
    }

    private static Object toPattern(String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression \"" + text + "\": "
                    + e.getDescription());
        }
    }

    private static Object toEnum(Class<?> type, String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Object c : type.getEnumConstants()) {
            if (enumName((Enum<?>) c).equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException("expected one of " + enumChoices(type) + ", found \"" + text + "\"");
    }
}
