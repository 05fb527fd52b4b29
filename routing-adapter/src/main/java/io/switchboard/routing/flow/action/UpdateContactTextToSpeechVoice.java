package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.TextTemplate;
import io.switchboard.routing.flow.Transitions;

/**
 * Sets the voice later text is spoken with ("Set voice"), by Amazon Polly voice name, mapped to an
 * espeak-ng voice of the same language. A voice written in the flow must be one the map knows (checked
 * here) and installed (checked through the relay when the flow is published). Engine and style choices
 * have no espeak-ng equivalent and are accepted but not rendered.
 */
public final class UpdateContactTextToSpeechVoice extends ActionType {

    public UpdateContactTextToSpeechVoice() {
        super("UpdateContactTextToSpeechVoice", "SetVoice", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        String raw = ctx.required("TextToSpeechVoice");
        TextTemplate voice = raw == null ? null : ctx.template("TextToSpeechVoice", raw);
        if (voice != null && voice.isStatic()) {
            SpeechVoices.espeakVoice(raw).ifPresentOrElse(ctx::speaksWith, () -> ctx.problem(
                    "TextToSpeechVoice '" + raw + "' is not a voice Switchboard can map to a synthesiser voice"));
        }
        if (voice == null || ctx.failed()) {
            return null;
        }
        return rt -> {
            String name = voice.render(rt.contact());
            if (!SpeechVoices.isKnown(name)) {
                rt.error(Transitions.NO_MATCHING_ERROR, "unknown voice '" + name + "'");
                return;
            }
            rt.contact().setTextToSpeechVoice(name);
            rt.results(name);
            rt.next();
        };
    }
}
