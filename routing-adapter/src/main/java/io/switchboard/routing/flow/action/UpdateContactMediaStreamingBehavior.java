package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.AttributePath;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.port.StreamedAudio;
import java.util.ArrayList;
import java.util.List;

/**
 * "Start media streaming" and "Stop media streaming": streams the contact's audio live to the instance's
 * media streaming server ({@code mediaStreaming} in instance.yaml; Twilio Media Streams messages over
 * WebSocket) in place of Kinesis Video Streams. Every parameter is static, as the reference requires.
 * Participants name whose audio goes: the customer's {@code From} (what the customer says, the inbound
 * track) and {@code To} (what the customer hears, the outbound track); the reference allows only Customer,
 * and Agent is accepted as its mirror: the agent's {@code From} is what the customer hears, its {@code To}
 * what the customer says. Disabled stops the contact's stream whatever participants it names. A stream
 * that cannot start takes NoMatchingError; the stream stops when the contact ends.
 */
public final class UpdateContactMediaStreamingBehavior extends ActionType {

    public UpdateContactMediaStreamingBehavior() {
        super("UpdateContactMediaStreamingBehavior", "SetMediaStreamingBehavior", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        String state = ctx.required("MediaStreamingState");
        if (state != null && !state.equals("Enabled") && !state.equals("Disabled")) {
            ctx.problem(AttributePath.looksLikePath(state)
                    ? "MediaStreamingState must be specified statically (Enabled or Disabled)"
                    : "MediaStreamingState must be Enabled or Disabled, not '" + state + "'");
        }
        // the reference lists MediaStreamType; exports always write it, but a flow without it streams audio
        String type = ctx.text("MediaStreamType").orElse("Audio");
        if (!type.equals("Audio")) {
            ctx.problem("MediaStreamType must be Audio, not '" + type + "' (only audio is streamed)");
        }
        boolean enabled = "Enabled".equals(state);
        StreamedAudio audio = participants(ctx, enabled);
        if (ctx.failed()) {
            return null;
        }
        if (!enabled) {
            return rt -> {
                rt.media().stopStreaming(rt.contact().id());
                rt.next();
            };
        }
        return rt -> rt.await(rt.media().startStreaming(rt.contact().id(), audio), (ok, error) -> {
            if (error == null) {
                rt.results("streaming");
                rt.next();
            } else {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                rt.error(Transitions.NO_MATCHING_ERROR, "media streaming could not start: " + cause.getMessage());
            }
        });
    }

    /** The audio the Participants list names; required, and not empty, when enabling. */
    private static StreamedAudio participants(CompileContext ctx, boolean enabled) {
        JsonNode participants = ctx.parameters().get("Participants");
        if (participants == null || participants.isNull()) {
            if (enabled) {
                ctx.problem("missing required parameter Participants");
            }
            return null;
        }
        if (!participants.isArray()) {
            ctx.problem("Participants must be an array of {ParticipantType, MediaDirections}");
            return null;
        }
        boolean from = false;
        boolean to = false;
        for (JsonNode p : participants) {
            String who = ctx.text(p, "ParticipantType").orElse("");
            if (!who.equals("Customer") && !who.equals("Agent")) {
                ctx.problem("Participants: ParticipantType must be Customer or Agent, not '" + who + "'");
                continue;
            }
            for (String direction : directions(ctx, p.get("MediaDirections"))) {
                boolean customerSays = direction.equals("From") == who.equals("Customer");
                if (customerSays) {
                    from = true;
                } else {
                    to = true;
                }
            }
        }
        if (!from && !to) {
            if (enabled && !ctx.failed()) {
                ctx.problem("Participants name no media direction to stream (From, To)");
            }
            return null;
        }
        return new StreamedAudio(from, to);
    }

    private static List<String> directions(CompileContext ctx, JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            ctx.problem("Participants: missing MediaDirections (From, To)");
            return out;
        }
        // the reference gives an array; a single string is read as a one-element list
        Iterable<JsonNode> items = node.isArray() ? node : List.of(node);
        for (JsonNode d : items) {
            String direction = d.asText();
            if (direction.equals("From") || direction.equals("To")) {
                out.add(direction);
            } else {
                ctx.problem("Participants: MediaDirections must be From or To, not '" + direction + "'");
            }
        }
        return out;
    }
}
