package io.switchboard.routing.flow.action;

import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.ResourceRef;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.port.CallbackRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns the caller into a queued callback ("Transfer to queue" with a callback, in a customer queue flow, or
 * "Create callback contact"): a new contact that dials the contact's callback number ({@code
 * $.CustomerCallbackNumber}) when an agent takes it, waiting in the named queue (or the working queue) with
 * the caller's place there. The delays and the attempt count must be static, as the flow language asks.
 */
public final class CreateCallbackContact extends ActionType {

    /** The flow language's upper limit for both delays: three days. */
    static final int MAX_DELAY_SECONDS = 259_200;
    /** More attempts than this would ring a customer all day; the language only asks for more than zero. */
    static final int MAX_ATTEMPTS = 100;

    public CreateCallbackContact() {
        super("CreateCallbackContact", "CreateCallbackContact", Transitions.NO_MATCHING_ERROR);
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        noConditions(ctx);
        ctx.requireNextAction();
        ResourceRef target = UpdateContactTargetQueue.queueOrAgent(ctx, false);
        ctx.unsupported("ContactFlowId", "a callback runs no flow of its own before it is routed; the queue's "
                + "outbound whisper flow plays to the customer when they answer");
        for (String field : new String[] {"InitialCallDelaySeconds", "MaximumConnectionAttempts", "RetryDelaySeconds"}) {
            if (ctx.text(field).isEmpty()) {
                ctx.problem("missing required parameter: " + field);
            }
        }
        int initialDelay = ctx.integer(ctx.parameters(), "InitialCallDelaySeconds", 1, MAX_DELAY_SECONDS, 1);
        int attempts = ctx.integer(ctx.parameters(), "MaximumConnectionAttempts", 1, MAX_ATTEMPTS, 1);
        int retryDelay = ctx.integer(ctx.parameters(), "RetryDelaySeconds", 1, MAX_DELAY_SECONDS, 1);
        if (ctx.failed()) {
            return null;
        }
        return rt -> {
            Optional<QueueRef> queue = QueueTargets.resolve(rt, target);
            if (queue.isEmpty()) {
                rt.error(Transitions.NO_MATCHING_ERROR, target == null ? "no working queue set" : "no queue for " + target);
                return;
            }
            CallbackRequest request = new CallbackRequest(queue.get(), rt.contact().callbackNumber(),
                    Duration.ofSeconds(initialDelay), attempts, Duration.ofSeconds(retryDelay));
            rt.await(rt.router().createCallback(rt.contact().snapshot(), request), (callback, failure) -> {
                if (failure != null || callback == null) {
                    rt.error(Transitions.NO_MATCHING_ERROR, "the callback was not created: "
                            + (failure == null ? "no answer" : failure.getMessage()));
                    return;
                }
                rt.results(callback.toString());
                rt.next();
            });
        };
    }
}
