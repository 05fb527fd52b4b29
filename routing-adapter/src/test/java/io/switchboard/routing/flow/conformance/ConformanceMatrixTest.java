package io.switchboard.routing.flow.conformance;

import static org.junit.jupiter.api.Assertions.*;

import io.switchboard.routing.flow.ContactAttributes;
import io.switchboard.routing.flow.action.ActionTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/flow-conformance.md} is generated from the engine's own tables (the action types it runs and
 * refuses, the attribute list it reads) and from the conformance corpus (what each flow covers, what each
 * refused flow is refused for), so the page cannot drift from the code: this test fails when it differs.
 * Regenerate it with {@code -Dconformance.write=true}.
 */
class ConformanceMatrixTest {

    private static final Path DOC = Path.of("..", "docs", "flow-conformance.md");

    /** Where this engine deliberately follows the flow-language reference or Amazon's exports over the console. */
    private static final List<String> NOTES = List.of(
            "Parameters the reference allows to be \"static or dynamic\" take a JSONPath reference; its value is checked "
                    + "when the block runs, and a bad value takes the block's error branch (logged with the block's "
                    + "identifier) instead of failing the load.",
            "Limits are the reference's, not the console's: GetParticipantInput's InputTimeLimitSeconds and "
                    + "InterdigitTimeLimitSeconds take up to seven days (the console stops at 180 s and 20 s).",
            "Amazon's own exports differ from the reference in places, and both forms load: Wait's TimeLimitSeconds "
                    + "(reference: TimeoutSeconds), TransferParticipantToThirdParty's ThirdPartyConnectionTimeLimitSeconds "
                    + "(reference: ThirdPartyConnectionTimeoutSeconds), and a NoMatchingCondition branch on a staffing "
                    + "CheckMetricData (the reference allows only NumberGreaterThan 0 there).",
            "SSML may use every tag Amazon Polly knows; tags the local synthesiser cannot render (amazon:effect, lang, "
                    + "w, ...) are dropped before speaking and their text is spoken.",
            "Every reference in Amazon Connect's list of contact attributes loads. Those of services Switchboard does "
                    + "not have (Lex, Customer Profiles, Cases, data tables, views) read as empty, so a Compare on them "
                    + "takes NoMatchingCondition; a reference outside the list is refused at load time as a likely typo.",
            "Flow modules are flows of the instance like any other; InvokeFlowModule names one by name, id or ARN "
                    + "(a version or alias qualifier such as :$LATEST is ignored: the published flow runs).");

    @Test
    void everySupportedBlockIsCoveredByTheCorpusAndEveryRefusedOneByARefusedFlow() {
        Map<String, List<String>> byType = coverage(Corpus.supported());
        for (String type : new ActionTypes().supported()) {
            assertTrue(byType.containsKey(type), "no corpus flow covers the supported block " + type);
        }
        Set<String> refusedTypes = new TreeSet<>();
        Corpus.refused().forEach(e -> refusedTypes.add(e.conformance().path("type").asText()));
        for (String type : ActionTypes.notSupported().keySet()) {
            assertTrue(refusedTypes.contains(type), "no refused corpus flow uses the refused block " + type);
        }
    }

    @Test
    void theMatrixPageIsUpToDate() throws IOException {
        String page = render();
        if (Boolean.getBoolean("conformance.write")) {
            Files.writeString(DOC, page, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(DOC), DOC + " is missing; run with -Dconformance.write=true");
        assertEquals(page, Files.readString(DOC, StandardCharsets.UTF_8),
                DOC + " is out of date; regenerate it with -Dconformance.write=true");
    }

    /** Corpus files by the block type their covers name ("Type.Parameter: form" or "Type: ..."). */
    private static Map<String, List<String>> coverage(List<Corpus.Entry> entries) {
        Map<String, List<String>> byType = new TreeMap<>();
        for (Corpus.Entry e : entries) {
            for (String cover : e.covers()) {
                String type = blockOf(cover);
                List<String> files = byType.computeIfAbsent(type, t -> new ArrayList<>());
                if (!files.contains(e.name())) {
                    files.add(e.name());
                }
            }
        }
        return byType;
    }

    private static String blockOf(String cover) {
        int end = cover.length();
        for (char c : new char[] {'.', ':', ' ', ','}) {
            int at = cover.indexOf(c);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return cover.substring(0, end);
    }

    static String render() {
        ActionTypes types = new ActionTypes();
        Map<String, List<String>> supportedCoverage = coverage(Corpus.supported());
        Map<String, List<String>> refusedCoverage = coverage(Corpus.refused());
        StringBuilder md = new StringBuilder();
        md.append("# Flow conformance\n\n")
                .append("What of the Amazon Connect flow language (Version 2019-10-30) Switchboard runs. This page is\n")
                .append("generated by `ConformanceMatrixTest` from the engine's tables and the conformance corpus in\n")
                .append("`routing-adapter/src/test/resources/conformance/` (flows of our own, written in the shapes\n")
                .append("Connect's tools export; each says what it covers and is run on the virtual clock by\n")
                .append("`ConformanceCorpusTest`). Regenerate it with\n")
                .append("`mvn -B -q -pl routing-adapter -am test -Dtest=ConformanceMatrixTest -Dconformance.write=true`.\n")
                .append("`switchboard flow-check FILE` prints the same verdict per block for one flow or export.\n\n");
        md.append("## Where this engine is more lenient than the console\n\n");
        NOTES.forEach(n -> md.append("- ").append(n).append('\n'));
        md.append("\n## Blocks\n\n")
                .append(types.supported().size()).append(" block types run; ")
                .append(ActionTypes.notSupported().size()).append(" are known and refused at load time with the reason below.\n\n")
                .append("| Type | Status | Corpus flows |\n| --- | --- | --- |\n");
        Set<String> all = new TreeSet<>(types.supported());
        all.addAll(ActionTypes.notSupported().keySet());
        for (String type : all) {
            String reason = ActionTypes.notSupported().get(type);
            List<String> files = reason == null ? supportedCoverage.getOrDefault(type, List.of())
                    : refusedCoverage.getOrDefault(type, List.of());
            md.append("| ").append(type).append(" | ").append(reason == null ? "supported" : "refused: " + reason)
                    .append(" | ").append(String.join(", ", files)).append(" |\n");
        }
        md.append("\n## Parameters, forms and branches\n\n")
                .append("Each row is a form a corpus flow uses and runs (or, when refused, fails to load with the reason).\n\n")
                .append("| Block | Parameter, form or branch | Status | Corpus flow |\n| --- | --- | --- | --- |\n");
        Map<String, String> rows = new TreeMap<>();
        for (Corpus.Entry e : Corpus.supported()) {
            for (String cover : e.covers()) {
                rows.merge(row(cover, "supported"), e.name(), (a, b) -> a + ", " + b);
            }
        }
        for (Corpus.Entry e : Corpus.refused()) {
            String reason = e.conformance().has("reason") ? e.conformance().get("reason").asText()
                    : ActionTypes.notSupported().get(e.conformance().path("type").asText());
            for (String cover : e.covers()) {
                if (!cover.endsWith(": refused") || cover.indexOf('.') < 0 && !cover.startsWith("any")) {
                    continue; // whole refused blocks are in the table above
                }
                rows.merge(row(cover.substring(0, cover.length() - ": refused".length()), "refused: " + reason),
                        e.name(), (a, b) -> a + ", " + b);
            }
        }
        rows.forEach((row, files) -> md.append(row).append(files).append(" |\n"));
        md.append("\n## Contact attributes\n\n")
                .append("Every reference of Connect's list of contact attributes loads; this is what each reads here.\n\n")
                .append("| Reference | Value here |\n| --- | --- |\n");
        for (ContactAttributes.Entry a : ContactAttributes.entries()) {
            String path = "$." + a.path() + (a.nestedKeys() && !a.path().endsWith("*") ? ".*" : "");
            md.append("| `").append(path).append("` | ").append(a.available() ? a.source() : "accepted; " + a.source())
                    .append(" |\n");
        }
        return md.toString();
    }

    /** The first three cells of a parameter row for {@code cover}. */
    private static String row(String cover, String status) {
        String block = blockOf(cover);
        String rest = cover.substring(block.length()).replaceFirst("^[.:]\\s*", "").trim();
        return "| " + block + " | " + (rest.isEmpty() ? "(block)" : rest.replace("|", "\\|")) + " | " + status + " | ";
    }
}
