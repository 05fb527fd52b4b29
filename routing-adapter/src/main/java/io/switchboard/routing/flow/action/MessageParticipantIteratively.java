package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.port.Playback;
import io.switchboard.routing.port.Playlist;
import io.switchboard.routing.port.Prompt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loops a list of messages while the caller waits in queue or on hold ("Loop prompts"). With
 * InterruptFrequencySeconds it stops after that long and takes the MessagesInterrupted condition, so a
 * queue flow can check or say something and come back; otherwise it plays until the flow is stopped
 * (an agent answers, the caller hangs up).
 */
public final class MessageParticipantIteratively extends ActionType {

    static final String INTERRUPTED = "MessagesInterrupted";

    public MessageParticipantIteratively() {
        super("MessageParticipantIteratively", "LoopPrompts", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        JsonNode messages = ctx.parameters().get("Messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            ctx.problem("missing required parameter Messages (an array of PromptId, Text or SSML objects)");
            return null;
        }
        List<PromptSpec> specs = new ArrayList<>();
        for (JsonNode message : messages) {
            if (!message.isObject()) {
                ctx.problem("each of Messages must be an object");
                continue;
            }
            PromptSpec.parse(ctx, message, true).ifPresent(specs::add);
        }
        int interrupt = ctx.integer(ctx.parameters(), "InterruptFrequencySeconds", 1, 3600, 0);
        ctx.checkConditions(c -> c.operator().equals("Equals") && c.operand().equals(INTERRUPTED),
                "only Equals MessagesInterrupted");
        if (interrupt > 0 && ctx.transitions().conditions().isEmpty()) {
            ctx.requireNextAction();
        }
        if (ctx.failed()) {
            return null;
        }
        Duration interruptAfter = interrupt > 0 ? Duration.ofSeconds(interrupt) : null;
        return rt -> {
            List<Prompt> prompts = new ArrayList<>();
            for (PromptSpec spec : specs) {
                Optional<Prompt> prompt = spec.toPrompt(rt);
                if (prompt.isEmpty()) {
                    rt.error(Transitions.NO_MATCHING_ERROR, "no such prompt: " + spec);
                    return;
                }
                prompts.add(prompt.get());
            }
            Playback playback = rt.media().play(rt.contact().id(), new Playlist(prompts, true));
            rt.onExit(playback::stop);
            rt.await(playback.finished(), (done, failure) -> rt.error(Transitions.NO_MATCHING_ERROR,
                    failure != null ? "playback failed: " + failure.getMessage() : "looping playback ended"));
            if (interruptAfter != null) {
                rt.schedule(interruptAfter, () -> {
                    rt.results(INTERRUPTED);
                    rt.branch(INTERRUPTED);
                });
            }
        };
    }
}
