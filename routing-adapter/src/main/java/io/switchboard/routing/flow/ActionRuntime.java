package io.switchboard.routing.flow;

import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.port.ExternalFunctionInvoker;
import io.switchboard.routing.port.MediaPort;
import io.switchboard.routing.port.ResourceCatalog;
import io.switchboard.routing.port.RouterPort;
import io.switchboard.routing.port.SignallingPort;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What a running action sees: its contact, the engine's clock and ports, and the ways to finish.
 *
 * <p>Every method is called on the engine thread. An action finishes with exactly one outcome; the
 * callbacks it registers ({@link #await}, {@link #schedule}, {@link #onDigit}) run on the engine thread
 * too, and only while the action is still the contact's current one, so a late reply after a hang-up
 * or a timeout is dropped rather than acted on.
 */
public interface ActionRuntime {

    Contact contact();

    Instant now();

    ResourceCatalog catalog();

    MediaPort media();

    SignallingPort signalling();

    RouterPort router();

    ExternalFunctionInvoker functions();

    /** The ARN of this instance, for events that carry it (Lambda's {@code InstanceARN}). */
    String instanceArn();

    /** A uniformly random whole number from 1 to 100, from the engine's (seedable) source. */
    int randomPercent();

    /** Maps a dynamic resource value (name, id or ARN) to a local name; empty if it is a placeholder. */
    Optional<String> resolve(ReferenceKind kind, String raw);

    /** Whether a published flow has this name. */
    boolean flowExists(String name);

    /** Loop counters of the running flow, keyed by Loop action identifier; reset when the flow changes. */
    Map<String, Integer> loopCounters();

    /** What the flow log's {@code Results} shows for this block, when the outcome alone does not say it. */
    void results(String results);

    // Outcomes: exactly one per run.

    /** Continues with {@code NextAction}. */
    void next();

    /** Continues with the first condition {@code result} satisfies, else the NoMatchingCondition branch. */
    void branch(String result);

    /** Continues with the branch for {@code errorType}, else NoMatchingError; {@code detail} goes to the log. */
    void error(String errorType, String detail);

    /**
     * A parameter given as a reference read a value the block cannot use: logs it once with the block's
     * identifier and continues with the branch for {@code errorType} (else NoMatchingError).
     */
    void invalid(String errorType, String parameter, String value, String why);

    /** Ends the flow without disconnecting; what happens next depends on why the flow ran. */
    void endFlow();

    /** Hangs up the caller and ends the contact. */
    void disconnect();

    /** Continues at the start of the published flow {@code name}. */
    void transferToFlow(String name);

    /** Runs the flow module {@code name} with {@code input} ($.Modules.Input); this action's transitions apply when it returns. */
    void invokeModule(String name, com.fasterxml.jackson.databind.JsonNode input);

    /** Ends the running flow module and returns to the action that invoked it, with a branch name (or null) and data. */
    void returnFromModule(String result, com.fasterxml.jackson.databind.JsonNode data);

    /** The router took the contact into its queue: this flow ends and the customer queue flow starts. */
    void queued();

    /** The caller was handed to a third party for good: this flow ends, the call stays up. */
    void handedOff();

    // Waiting.

    /** Runs {@code then} with the stage's value or failure, on the engine thread, if still current. */
    <T> void await(CompletionStage<T> stage, BiConsumer<? super T, ? super Throwable> then);

    /** Runs {@code task} after {@code delay} on the engine's clock, if still current. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Receives the caller's DTMF digits while this action is current. */
    void onDigit(Consumer<Character> handler);

    /** Runs when the action is left for any reason (outcome, hang-up, engine stop): stop playback and such. */
    void onExit(Runnable cleanup);
}
