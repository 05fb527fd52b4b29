package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.TextTemplate;
import io.switchboard.routing.flow.Transitions;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets properties of the contact ("Set contact data" and the language/voice part of "Set voice"):
 * Name, Description, LanguageCode, CustomerId and References, each static or dynamic, and the
 * text-to-speech voice. Properties that configure a service Switchboard lacks (Voice ID, Amazon Q in
 * Connect) are refused at load time with the reason.
 */
public final class UpdateContactData extends ActionType {

    private static final List<String> DETAILS = List.of("Name", "Description", "LanguageCode", "CustomerId");
    private static final Map<String, String> NOT_AVAILABLE = Map.of(
            "WisdomSessionArn", "Amazon Q in Connect is not available",
            "IsVoiceIdStreamingEnabled", "Voice ID is not available",
            "IsFraudDetectionEnabled", "Voice ID is not available",
            "IsVoiceAuthenticationEnabled", "Voice ID is not available",
            "VoiceAuthenticationThreshold", "Voice ID is not available",
            "VoiceAuthenticationResponseTime", "Voice ID is not available",
            "FraudDetectionThreshold", "Voice ID is not available",
            "WatchlistId", "Voice ID is not available",
            "CaseId", "Amazon Connect Cases are not available");

    public UpdateContactData() {
        super("UpdateContactData", "SetContactData", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        String target = ctx.text("TargetContact").orElse("Current");
        if (!target.equals("Current")) {
            ctx.problem("TargetContact " + target + " is not supported (only Current)");
        }
        NOT_AVAILABLE.forEach(ctx::unsupported);
        Map<String, TextTemplate> details = new LinkedHashMap<>();
        for (String field : DETAILS) {
            ctx.text(field).map(raw -> ctx.template(field, raw)).ifPresent(t -> details.put(field, t));
        }
        Map<String, TextTemplate[]> references = new LinkedHashMap<>();
        JsonNode refs = ctx.parameters().path("References");
        Iterator<Map.Entry<String, JsonNode>> fields = refs.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> ref = fields.next();
            String value = ctx.text(ref.getValue(), "Value").orElse(null);
            String type = ctx.text(ref.getValue(), "Type").orElse("STRING");
            if (value == null) {
                ctx.problem("References." + ref.getKey() + " needs a Value");
                continue;
            }
            TextTemplate v = ctx.template("References." + ref.getKey(), value);
            TextTemplate t = ctx.template("References." + ref.getKey() + ".Type", type);
            if (v != null && t != null) {
                references.put(ref.getKey(), new TextTemplate[] {t, v});
            }
        }
        String rawVoice = ctx.text("TextToSpeechVoice").orElse(null);
        TextTemplate voice = rawVoice == null ? null : ctx.template("TextToSpeechVoice", rawVoice);
        if (voice != null && voice.isStatic()) {
            SpeechVoices.espeakVoice(rawVoice).ifPresentOrElse(ctx::speaksWith, () -> ctx.problem(
                    "TextToSpeechVoice '" + rawVoice + "' is not a voice Switchboard can map to a synthesiser voice"));
        }
        if (ctx.failed()) {
            return null;
        }
        return rt -> {
            String name = voice == null ? null : voice.render(rt.contact());
            if (name != null && !SpeechVoices.isKnown(name)) {
                rt.invalid(Transitions.NO_MATCHING_ERROR, "TextToSpeechVoice", name, "not a known voice");
                return;
            }
            Map<String, String> rendered = new LinkedHashMap<>();
            details.forEach((field, value) -> rendered.put(field, value.render(rt.contact())));
            rendered.forEach(rt.contact().data()::setDetail);
            references.forEach((ref, parts) -> rt.contact().data().setReference(ref, parts[0].render(rt.contact()),
                    parts[1].render(rt.contact())));
            if (name != null) {
                rt.contact().setTextToSpeechVoice(name);
            }
            rt.next();
        };
    }
}
