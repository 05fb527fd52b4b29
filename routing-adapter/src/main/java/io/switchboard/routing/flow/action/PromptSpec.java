package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.flow.ActionRuntime;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.ReferenceKind;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.TextTemplate;
import io.switchboard.routing.port.Prompt;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message part of a participant action: exactly one of {@code PromptId} (library prompt),
 * {@code Text} (text-to-speech, may hold references) or {@code SSML} (the subset espeak-ng renders).
 * {@code Media} (audio from S3) is not supported.
 */
final class PromptSpec {

    /**
     * SSML elements espeak-ng renders. Polly's other tags ({@code amazon:effect}, {@code lang}, {@code w}...)
     * are valid in Connect, so they are accepted and removed before speaking, their text kept.
     */
    private static final Set<String> SSML_TAGS = Set.of("speak", "break", "prosody", "emphasis", "say-as", "p", "s",
            "sub", "voice", "audio", "mark", "phoneme");
    private static final Pattern TAG = Pattern.compile("</?\\s*([A-Za-z][A-Za-z0-9:_-]*)[^>]*>");

    private final ResourceRef prompt;
    private final TextTemplate text;
    private final boolean ssml;

    private PromptSpec(ResourceRef prompt, TextTemplate text, boolean ssml) {
        this.prompt = prompt;
        this.text = text;
        this.ssml = ssml;
    }

    /**
     * Reads the message fields of {@code node}; {@code required} says whether one must be present.
     * Returns empty when there is none (or after reporting a problem).
     */
    static Optional<PromptSpec> parse(CompileContext ctx, JsonNode node, boolean required) {
        if (node.has("Media")) {
            ctx.problem("parameter Media (audio from S3) is not supported; use PromptId with a library prompt");
            return Optional.empty();
        }
        Optional<String> promptId = ctx.text(node, "PromptId");
        Optional<String> text = ctx.text(node, "Text");
        Optional<String> ssml = ctx.text(node, "SSML");
        int count = (promptId.isPresent() ? 1 : 0) + (text.isPresent() ? 1 : 0) + (ssml.isPresent() ? 1 : 0);
        if (count > 1) {
            ctx.problem("only one of PromptId, Text and SSML may be set");
            return Optional.empty();
        }
        if (count == 0) {
            if (required) {
                ctx.problem("missing required parameter: one of PromptId, Text or SSML");
            }
            return Optional.empty();
        }
        if (promptId.isPresent()) {
            ResourceRef ref = ctx.resource("PromptId", promptId.get(), ReferenceKind.PROMPT);
            return ref == null ? Optional.empty() : Optional.of(new PromptSpec(ref, null, false));
        }
        if (text.isPresent()) {
            TextTemplate template = ctx.template("Text", text.get());
            if (template == null) {
                return Optional.empty();
            }
            speaks(ctx);
            return Optional.of(new PromptSpec(null, template, false));
        }
        String doc = ssml.get().trim();
        TextTemplate template = ctx.template("SSML", doc);
        if (template == null) {
            return Optional.empty();
        }
        // SSML may be static or dynamic: with references it is checked when the block runs, without now.
        // Amazon's own samples export SSML without a <speak> root (e.g. a lone <break/>) and Connect plays
        // it, so a fragment is wrapped in one.
        if (template.isStatic() && !wellFormed(speakDocument(doc))) {
            ctx.problem("parameter SSML is not well-formed SSML: " + doc);
            return Optional.empty();
        }
        speaks(ctx);
        return Optional.of(new PromptSpec(null, template, true));
    }

    /**
     * Speech uses the contact's voice at run time; what a flow is sure to need is the voice every contact
     * starts with (voices of Set voice blocks are recorded by those blocks).
     */
    private static void speaks(CompileContext ctx) {
        ctx.speaksWith(SpeechVoices.DEFAULT_ESPEAK_VOICE);
    }

    /**
     * The prompt to play for this run; empty when a dynamic PromptId names no known prompt, or after
     * taking the error branch because dynamic SSML is not a {@code <speak>} document.
     */
    Optional<Prompt> toPrompt(ActionRuntime rt) {
        if (prompt != null) {
            return prompt.resolve(rt).filter(rt.catalog()::hasPrompt).map(Prompt.Library::new);
        }
        String voice = SpeechVoices.forContact(rt.contact().textToSpeechVoice());
        String rendered = text.render(rt.contact());
        if (ssml) {
            String doc = speakDocument(rendered.trim());
            if (!wellFormed(doc)) {
                rt.invalid(io.switchboard.routing.flow.Transitions.NO_MATCHING_ERROR, "SSML",
                        doc.length() > 80 ? doc.substring(0, 80) + "..." : doc, "not well-formed SSML");
                return Optional.empty();
            }
            rendered = renderable(doc);
        }
        return Optional.of(new Prompt.Speech(rendered, ssml, voice));
    }

    /** {@code ssml} as a {@code <speak>} document: fragments are wrapped. */
    static String speakDocument(String ssml) {
        return ssml.startsWith("<speak") ? ssml : "<speak>" + ssml + "</speak>";
    }

    /** Whether {@code doc} parses as XML (SSML is XML), with no DTDs or entities fetched. */
    static boolean wellFormed(String doc) {
        try {
            javax.xml.parsers.SAXParserFactory factory = javax.xml.parsers.SAXParserFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.newSAXParser().parse(new org.xml.sax.InputSource(new java.io.StringReader(doc)),
                    new org.xml.sax.helpers.DefaultHandler());
            return doc.endsWith("</speak>");
        } catch (Exception e) {
            return false;
        }
    }

    /** {@code doc} without the tags espeak-ng does not render; their text stays. */
    static String renderable(String doc) {
        Matcher m = TAG.matcher(doc);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, SSML_TAGS.contains(m.group(1)) ? Matcher.quoteReplacement(m.group()) : "");
        }
        m.appendTail(out);
        return out.toString();
    }

    @Override
    public String toString() {
        return prompt != null ? "prompt " + prompt : (ssml ? "SSML " : "text ") + text;
    }
}
