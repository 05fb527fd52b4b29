package io.switchboard.routing.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.flow.ActionRuntime;
import io.switchboard.routing.flow.Cancellable;
import io.switchboard.routing.flow.CompiledAction;
import io.switchboard.routing.flow.Flow;
import io.switchboard.routing.flow.ReferenceKind;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.port.ExternalFunctionInvoker;
import io.switchboard.routing.port.MediaPort;
import io.switchboard.routing.port.ResourceCatalog;
import io.switchboard.routing.port.RouterPort;
import io.switchboard.routing.port.SignallingPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One execution of one action for one contact: the {@link ActionRuntime} the action's program sees.
 * Its callbacks run only while it is the contact's current step; the first outcome closes it (timers
 * cancelled, clean-ups run, flow log written) and later ones are ignored.
 */
final class Step implements ActionRuntime {

    private final FlowEngine engine;
    private final ContactSession session;
    private final Flow flow;
    private final CompiledAction action;
    private final Instant started;
    private final List<Cancellable> timers = new ArrayList<>(2);
    private final List<Runnable> exits = new ArrayList<>(2);
    private JsonNode loggedParameters;
    private Consumer<Character> digitHandler;
    private String results;
    private boolean closed;
    private boolean running;
    private Outcome pending;

    Step(FlowEngine engine, ContactSession session, Flow flow, CompiledAction action) {
        this.engine = engine;
        this.session = session;
        this.flow = flow;
        this.action = action;
        this.started = engine.scheduler().now();
        if (session.contact.flowLogging()) {
            loggedParameters = ParameterRenderer.render(action.definition().parameters(), session.contact);
        }
    }

    /** Runs the action's program; returns the outcome if it finished synchronously, else null. */
    Outcome run() {
        running = true;
        try {
            action.program().run(this);
        } catch (RuntimeException e) {
            engine.log().warn("contact {}: action {} ({}) failed", session.contact.id(),
                    action.definition().identifier(), action.definition().type(), e);
            error(Transitions.NO_MATCHING_ERROR, "internal error: " + e);
        } finally {
            running = false;
        }
        Outcome done = pending;
        pending = null;
        return done;
    }

    boolean isCurrent() {
        return !closed && session.current == this;
    }

    CompiledAction action() {
        return action;
    }

    void digit(char d) {
        if (digitHandler != null && isCurrent()) {
            guarded(() -> digitHandler.accept(d));
        }
    }

    /** Closes the step without an outcome: the contact hung up or another flow took over. */
    void abandon() {
        close("Interrupted");
    }

    private void finish(Outcome outcome, String logResults) {
        if (closed) {
            return;
        }
        close(logResults);
        if (running) {
            pending = outcome;
        } else {
            engine.drive(session, outcome);
        }
    }

    private void close(String logResults) {
        closed = true;
        if (session.current == this) {
            session.current = null;
        }
        for (Cancellable timer : timers) {
            timer.cancel();
        }
        for (Runnable exit : exits) {
            try {
                exit.run();
            } catch (RuntimeException e) {
                engine.log().warn("contact {}: clean-up of action {} failed", session.contact.id(),
                        action.definition().identifier(), e);
            }
        }
        digitHandler = null;
        if (session.contact.flowLogging()) {
            JsonNode params = loggedParameters != null ? loggedParameters
                    : ParameterRenderer.render(action.definition().parameters(), session.contact);
            engine.writeFlowLog(session.contact, flow, action, started, params, logResults);
        }
    }

    private void guarded(Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            engine.log().warn("contact {}: action {} callback failed", session.contact.id(),
                    action.definition().identifier(), e);
            error(Transitions.NO_MATCHING_ERROR, "internal error: " + e);
        }
    }

    private Transitions transitions() {
        return action.definition().transitions();
    }

    // ActionRuntime: context.

    @Override
    public Contact contact() {
        return session.contact;
    }

    @Override
    public Instant now() {
        return engine.scheduler().now();
    }

    @Override
    public ResourceCatalog catalog() {
        return engine.catalog();
    }

    @Override
    public MediaPort media() {
        return session.hook == io.switchboard.routing.contact.EventHook.AGENT_WHISPER ? engine.agentSideMedia()
                : engine.media();
    }

    @Override
    public SignallingPort signalling() {
        return engine.signalling();
    }

    @Override
    public RouterPort router() {
        return engine.router();
    }

    @Override
    public ExternalFunctionInvoker functions() {
        return engine.functions();
    }

    @Override
    public String instanceArn() {
        return engine.instanceArn();
    }

    @Override
    public int randomPercent() {
        return engine.randomPercent();
    }

    @Override
    public Optional<String> resolve(ReferenceKind kind, String raw) {
        return engine.resolver().localName(kind, raw);
    }

    @Override
    public boolean flowExists(String name) {
        return engine.library().flow(name).isPresent();
    }

    @Override
    public Map<String, Integer> loopCounters() {
        return session.loopCounters;
    }

    @Override
    public void results(String value) {
        this.results = value;
    }

    // ActionRuntime: outcomes.

    @Override
    public void next() {
        Optional<String> target = transitions().next();
        finish(target.<Outcome>map(Outcome.GoTo::new).orElseGet(() -> new Outcome.Fail("no NextAction")), results);
    }

    @Override
    public void branch(String result) {
        Optional<String> target = transitions().forResult(result);
        if (target.isPresent()) {
            finish(new Outcome.GoTo(target.get()), result);
            return;
        }
        Optional<String> noMatch = Optional.ofNullable(transitions().errors().get(Transitions.NO_MATCHING_CONDITION))
                .or(() -> transitions().next());
        finish(noMatch.<Outcome>map(Outcome.GoTo::new)
                        .orElseGet(() -> new Outcome.Fail("no branch for result '" + result + "'")),
                result == null ? Transitions.NO_MATCHING_CONDITION : result);
    }

    @Override
    public void error(String errorType, String detail) {
        String logged = errorType + (detail == null ? "" : ": " + detail);
        Optional<String> target = transitions().forError(errorType);
        finish(target.<Outcome>map(Outcome.GoTo::new)
                .orElseGet(() -> new Outcome.Fail("no branch for error " + logged)), logged);
    }

    @Override
    public void invalid(String errorType, String parameter, String value, String why) {
        String detail = "parameter " + parameter + " read '" + value + "' from the contact: " + why;
        engine.log().warn("contact {}: flow {} block {} ({}): {}", session.contact.id(), flow.name(),
                action.definition().identifier(), action.definition().type(), detail);
        error(errorType, detail);
    }

    @Override
    public void endFlow() {
        finish(new Outcome.EndFlow(), results);
    }

    @Override
    public void disconnect() {
        finish(new Outcome.Disconnect(), results);
    }

    @Override
    public void transferToFlow(String name) {
        finish(new Outcome.TransferFlow(name), name);
    }

    @Override
    public void invokeModule(String name, JsonNode input) {
        finish(new Outcome.InvokeModule(name, input, action), name);
    }

    @Override
    public void returnFromModule(String result, JsonNode data) {
        finish(new Outcome.ModuleReturn(result, data), result);
    }

    @Override
    public void queued() {
        finish(new Outcome.Queued(), results);
    }

    @Override
    public void handedOff() {
        finish(new Outcome.HandedOff(), results);
    }

    // ActionRuntime: waiting.

    @Override
    public <T> void await(CompletionStage<T> stage, BiConsumer<? super T, ? super Throwable> then) {
        stage.whenComplete((value, failure) -> engine.scheduler().execute(() -> {
            if (isCurrent()) {
                guarded(() -> then.accept(value, unwrap(failure)));
            }
        }));
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Cancellable timer = engine.scheduler().schedule(delay, () -> {
            if (isCurrent()) {
                guarded(task);
            }
        });
        timers.add(timer);
        return timer;
    }

    @Override
    public void onDigit(Consumer<Character> handler) {
        this.digitHandler = handler;
    }

    @Override
    public void onExit(Runnable cleanup) {
        exits.add(cleanup);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
