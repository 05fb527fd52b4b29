package io.switchboard.routing.flow.action;

import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.port.Playback;
import io.switchboard.routing.port.Playlist;
import io.switchboard.routing.port.Prompt;
import java.util.Optional;

/** Plays a library prompt or speaks text/SSML to the caller, then continues ("Play prompt"). */
public final class MessageParticipant extends ActionType {

    public MessageParticipant() {
        super("MessageParticipant", "PlayPrompt", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        Optional<PromptSpec> spec = PromptSpec.parse(ctx, ctx.parameters(), true);
        if (spec.isEmpty()) {
            return null;
        }
        PromptSpec message = spec.get();
        return rt -> {
            Optional<Prompt> prompt = message.toPrompt(rt);
            if (prompt.isEmpty()) {
                rt.error(Transitions.NO_MATCHING_ERROR, "no such prompt: " + message);
                return;
            }
            Playback playback = rt.media().play(rt.contact().id(), Playlist.once(prompt.get()));
            rt.onExit(playback::stop);
            rt.await(playback.finished(), (done, failure) -> {
                if (failure != null) {
                    rt.error(Transitions.NO_MATCHING_ERROR, "playback failed: " + failure.getMessage());
                } else {
                    rt.next();
                }
            });
        };
    }
}
