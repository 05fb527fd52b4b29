package io.switchboard.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.bind.Default;
import io.switchboard.config.bind.FromFiles;
import io.switchboard.config.bind.Optional;
import io.switchboard.config.bind.Scalars;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md must list exactly the keys of the model, with the model's defaults, and the
 * environment variable and flag of each server setting: the reference cannot drift from the code.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|(.*)$", Pattern.MULTILINE);

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL);

    private static String doc;
    private static Map<String, String> instanceRows;
    private static Map<String, String> serverRows;

    @BeforeAll
    static void readDoc() throws IOException {
        doc = Files.readString(DOC);
        int instance = doc.indexOf("## `instance.yaml`");
        int server = doc.indexOf("## Server settings");
        assertTrue(instance > 0 && server > instance, "the doc needs its instance.yaml and Server settings sections");
        instanceRows = rows(doc.substring(instance, server));
        serverRows = rows(doc.substring(server));
    }

    @Test
    void everyInstanceKeyIsDocumentedAndNothingElse() {
        Map<String, RecordComponent> model = keys(InstanceConfig.class);
        assertEquals(new TreeSet<>(model.keySet()), new TreeSet<>(instanceRows.keySet()));
    }

    @Test
    void everyServerKeyIsDocumentedAndNothingElse() {
        Map<String, RecordComponent> model = keys(ServerSettings.class);
        assertEquals(new TreeSet<>(model.keySet()), new TreeSet<>(serverRows.keySet()));
    }

    @Test
    void documentedDefaultsAreTheModelDefaults() {
        List<String> wrong = new ArrayList<>();
        checkDefaults(keys(InstanceConfig.class), instanceRows, wrong);
        checkDefaults(keys(ServerSettings.class), serverRows, wrong);
        assertEquals(List.of(), wrong);
    }

    @Test
    void serverRowsNameTheirVariableAndFlag() {
        List<String> wrong = new ArrayList<>();
        Map<String, String> flagOf = new LinkedHashMap<>();
        SettingsResolver.FLAGS.forEach((flag, key) -> flagOf.put(key, "--" + flag));
        for (String key : keys(ServerSettings.class).keySet()) {
            String row = serverRows.getOrDefault(key, "");
            if (!row.contains("`" + SettingsResolver.envName(key) + "`")) {
                wrong.add(key + " lacks " + SettingsResolver.envName(key));
            }
            if (flagOf.containsKey(key) && !row.contains("`" + flagOf.get(key) + "`")) {
                wrong.add(key + " lacks " + flagOf.get(key));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void enumerationsListTheirValues() {
        List<String> wrong = new ArrayList<>();
        Map<String, RecordComponent> all = new LinkedHashMap<>(keys(InstanceConfig.class));
        all.putAll(keys(ServerSettings.class));
        all.forEach((key, c) -> {
            if (c.getType().isEnum()) {
                String row = instanceRows.containsKey(key) ? instanceRows.get(key) : serverRows.get(key);
                if (row == null || !row.contains(Scalars.enumChoices(c.getType()))) {
                    wrong.add(key + " should list " + Scalars.enumChoices(c.getType()));
                }
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void theInstanceExampleIsAValidInstance(@TempDir Path dir) throws IOException {
        String example = firstYamlBlockAfter("## `instance.yaml`").replace("$2y$10$...", TestInstance.HASH);
        LoadResult result = InstanceLoader.load(TestInstance.write(dir, example));
        assertEquals(List.of(), result.problems());
    }

    @Test
    void theServerExampleResolves(@TempDir Path dir) throws IOException {
        Path yaml = Files.writeString(dir.resolve("server.yaml"), firstYamlBlockAfter("Example `server.yaml`"));
        ServerSettings.Result result = ServerSettings.resolve(yaml, Map.of(), Map.of());
        assertEquals(List.of(), result.problems());
        assertEquals(ServerSettings.LogFormat.JSON, result.settings().logFormat());
    }

    private static String firstYamlBlockAfter(String heading) {
        int at = doc.indexOf(heading);
        assertTrue(at >= 0, "the doc lacks " + heading);
        Matcher m = YAML_BLOCK.matcher(doc);
        assertTrue(m.find(at), "no yaml example after " + heading);
        return m.group(1);
    }

    private static void checkDefaults(Map<String, RecordComponent> model, Map<String, String> rows, List<String> wrong) {
        model.forEach((key, c) -> {
            String row = rows.get(key);
            if (row == null) {
                return; // reported by the key tests
            }
            Default def = c.getAnnotation(Default.class);
            if (def != null && !row.contains("`" + def.value() + "`")) {
                wrong.add(key + " should document default `" + def.value() + "`");
            }
            boolean required = def == null && !c.isAnnotationPresent(Optional.class)
                    && c.getType() != List.class && c.getType() != Map.class;
            if (required != row.contains("*required*")) {
                wrong.add(key + (required ? " is required" : " is not required"));
            }
        });
    }

    /** Every key path of a model record: {@code queues}, {@code queues[].hours}, {@code trunks[].inbound.allowedSources}. */
    static Map<String, RecordComponent> keys(Class<?> type) {
        Map<String, RecordComponent> out = new LinkedHashMap<>();
        walk(type, "", out);
        return out;
    }

    private static void walk(Class<?> type, String prefix, Map<String, RecordComponent> out) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.isAnnotationPresent(FromFiles.class)) {
                continue;
            }
            String path = prefix + c.getName();
            out.put(path, c);
            Class<?> raw = c.getType();
            if (raw == List.class) {
                Class<?> element = (Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
                if (element.isRecord() && !Scalars.isScalar(element)) {
                    walk(element, path + "[].", out);
                }
            } else if (raw.isRecord() && !Scalars.isScalar(raw)) {
                walk(raw, path + ".", out);
            }
        }
    }

    private static Map<String, String> rows(String section) {
        Map<String, String> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(section);
        while (m.find()) {
            rows.put(m.group(1), m.group(2));
        }
        return rows;
    }
}
