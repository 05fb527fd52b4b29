package io.switchboard.routing.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.contact.EventHook;
import io.switchboard.routing.flow.CompiledAction;
import io.switchboard.routing.flow.Flow;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.log.FlowLogEntry;
import io.switchboard.routing.flow.log.FlowLogSink;
import io.switchboard.routing.port.ContactListener;
import io.switchboard.routing.port.ExternalFunctionInvoker;
import io.switchboard.routing.port.MediaPort;
import io.switchboard.routing.port.ResourceCatalog;
import io.switchboard.routing.port.RouterPort;
import io.switchboard.routing.port.SignallingPort;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs contact flows for live contacts. Event-driven: each contact's state is a small
 * {@link ContactSession} advanced by events (prompt finished, digit, timer, function reply, router
 * answer, hang-up) on one serial executor, the engine's {@link EngineScheduler}; no thread waits for
 * a call. The public methods may be called from any thread: they hand the event to that executor.
 */
public final class FlowEngine {

    /** Actions run back to back without waiting for anything before a flow is judged to loop forever. */
    static final int MAX_STEPS_WITHOUT_WAITING = 1000;
    /** Modules calling modules deeper than this are taken for unbounded recursion. */
    static final int MAX_MODULE_DEPTH = 10;
    private static final Logger LOG = LoggerFactory.getLogger(FlowEngine.class);

    private final EngineScheduler scheduler;
    private final MediaPort media;
    /** What flows on the agent's side (the agent whisper) play through. */
    private final MediaPort agentSideMedia;
    private final SignallingPort signalling;
    private final RouterPort router;
    private final ExternalFunctionInvoker functions;
    private final ResourceCatalog catalog;
    /** Swapped with the library: references read from contacts at run time resolve through the current mapping. */
    private volatile ReferenceResolver resolver;
    private final FlowLogSink flowLogs;
    private final ContactListener listener;
    private final String instanceArn;
    private final RandomGenerator random;
    private volatile FlowLibrary library;
    // Owned by the engine thread.
    private final Map<ContactId, ContactSession> sessions = new HashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong actionsRun = new AtomicLong();

    private FlowEngine(Builder b) {
        this.scheduler = Objects.requireNonNull(b.scheduler, "scheduler");
        this.media = Objects.requireNonNull(b.media, "media");
        this.agentSideMedia = new AgentSideMedia(media);
        this.signalling = Objects.requireNonNull(b.signalling, "signalling");
        this.router = Objects.requireNonNull(b.router, "router");
        this.functions = Objects.requireNonNull(b.functions, "functions");
        this.catalog = Objects.requireNonNull(b.catalog, "catalog");
        this.library = Objects.requireNonNull(b.library, "library");
        this.resolver = b.resolver;
        this.flowLogs = b.flowLogs;
        this.listener = b.listener;
        this.instanceArn = b.instanceArn;
        this.random = b.random;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Publishes a new set of flows; contacts already in a flow finish the version they started. */
    public void publish(FlowLibrary next) {
        this.library = Objects.requireNonNull(next, "next");
    }

    /**
     * Publishes a new set of flows with the mapping they were loaded with, which from now on also resolves
     * the references flows read from contacts when they run ({@code $.Attributes.queueArn}).
     */
    public void publish(FlowLibrary next, ReferenceResolver nextResolver) {
        this.resolver = Objects.requireNonNull(nextResolver, "nextResolver");
        this.library = Objects.requireNonNull(next, "next");
    }

    public FlowLibrary library() {
        return library;
    }

    /**
     * Starts {@code flowName} for a new contact. Throws IllegalArgumentException at once when no such
     * flow is published, so the caller can refuse the call (404) instead of answering it.
     */
    public void start(Contact contact, String flowName) {
        Flow flow = library.flow(flowName)
                .orElseThrow(() -> new IllegalArgumentException("no published flow named '" + flowName + "'"));
        scheduler.execute(() -> {
            if (sessions.containsKey(contact.id())) {
                LOG.warn("contact {} is already running a flow; start of {} ignored", contact.id(), flowName);
                return;
            }
            contact.data().setInstanceArn(instanceArn);
            ContactSession session = new ContactSession(contact);
            sessions.put(contact.id(), session);
            active.incrementAndGet();
            session.enter(flow, null);
            drive(session, new Outcome.GoTo(flow.startAction()));
        });
    }

    /**
     * Holds a contact that starts without a flow of its own (an agent's outbound call): its hooks run later
     * ({@link #runHook}, the outbound whisper), and its end is reported as any contact's.
     */
    public void open(Contact contact) {
        scheduler.execute(() -> {
            if (sessions.containsKey(contact.id())) {
                LOG.warn("contact {} is already held; open ignored", contact.id());
                return;
            }
            contact.data().setInstanceArn(instanceArn);
            ContactSession session = new ContactSession(contact);
            sessions.put(contact.id(), session);
            active.incrementAndGet();
            session.enter(null, null);
        });
    }

    /** A DTMF digit (0-9, *, #, A-D) the caller pressed. */
    public void digit(ContactId contact, char digit) {
        if ("0123456789*#ABCD".indexOf(digit) < 0) {
            throw new IllegalArgumentException("not a DTMF digit: " + digit);
        }
        scheduler.execute(() -> {
            ContactSession session = sessions.get(contact);
            if (session != null && session.current != null) {
                session.current.digit(digit);
            }
        });
    }

    /** The call ended from outside (caller or trunk hung up): the flow stops and the contact ends. */
    public void hangUp(ContactId contact, DisconnectReason reason) {
        scheduler.execute(() -> {
            ContactSession session = sessions.get(contact);
            if (session != null) {
                end(session, reason);
            }
        });
    }

    /** Runs the contact's flow for {@code hook} (hold, whisper, queue), replacing whatever flow runs. */
    public void runHook(ContactId contact, EventHook hook) {
        scheduler.execute(() -> {
            ContactSession session = sessions.get(contact);
            if (session != null) {
                session.interrupt();
                startHook(session, hook);
            }
        });
    }

    /** The contact is now with {@code agent} ({@code $.Agent.*} in whisper, hold and disconnect flows). */
    public void agentConnected(ContactId contact, io.switchboard.routing.contact.FlowData.AgentRef agent) {
        scheduler.execute(() -> {
            ContactSession session = sessions.get(contact);
            if (session != null) {
                session.contact.data().setAgent(agent);
            }
        });
    }

    /**
     * The agent hung up on a caller who is still there: the contact's disconnect flow (CustomerRemaining)
     * runs if one was set and is published; otherwise the contact ends (AGENT_DISCONNECT), and that end
     * releases the caller's call once the contact's record is written.
     */
    public void agentLeft(ContactId contact) {
        scheduler.execute(() -> {
            ContactSession session = sessions.get(contact);
            String name = session == null ? null : session.contact.eventHooks().get(EventHook.CUSTOMER_REMAINING);
            if (name != null && library.flow(name).isPresent()) {
                session.interrupt();
                startHook(session, EventHook.CUSTOMER_REMAINING);
                return;
            }
            if (session != null) {
                end(session, DisconnectReason.AGENT_DISCONNECT);
            }
        });
    }

    /** Stops the contact's flow without ending the contact (an agent answered, hold ended). */
    public void stopFlow(ContactId contact) {
        scheduler.execute(() -> {
            ContactSession session = sessions.get(contact);
            if (session != null) {
                session.interrupt();
                session.enter(null, null);
            }
        });
    }

    /** A copy of the contact as it is now; empty once it ended or if the engine never saw it. */
    public CompletionStage<Optional<ContactSnapshot>> snapshot(ContactId contact) {
        CompletableFuture<Optional<ContactSnapshot>> result = new CompletableFuture<>();
        scheduler.execute(() -> result.complete(Optional.ofNullable(sessions.get(contact)).map(s -> s.contact.snapshot())));
        return result;
    }

    /** Contacts the engine holds now (their flow may be idle, e.g. bridged to a third party). */
    public int activeContacts() {
        return active.get();
    }

    /** Actions started since the engine was created. */
    public long actionsExecuted() {
        return actionsRun.get();
    }

    /** Acts on an outcome, running actions back to back until one waits for an event. Engine thread only. */
    void drive(ContactSession session, Outcome first) {
        Outcome outcome = first;
        int steps = 0;
        while (outcome != null) {
            if (session.contact.ended()) {
                return;
            }
            if (outcome instanceof Outcome.GoTo goTo) {
                if (++steps > MAX_STEPS_WITHOUT_WAITING) {
                    fail(session, MAX_STEPS_WITHOUT_WAITING + " actions ran without waiting for anything: the flow loops");
                    return;
                }
                Optional<CompiledAction> action = session.flow.action(goTo.actionId());
                if (action.isEmpty()) {
                    fail(session, "no action " + goTo.actionId() + " in flow " + session.flow.name());
                    return;
                }
                Step step = new Step(this, session, session.flow, action.get());
                session.current = step;
                actionsRun.incrementAndGet();
                outcome = step.run();
            } else if (outcome instanceof Outcome.TransferFlow transfer) {
                Optional<Flow> next = library.flow(transfer.flowName());
                if (next.isEmpty()) {
                    fail(session, "flow " + transfer.flowName() + " is no longer published");
                    return;
                }
                session.enter(next.get(), session.hook);
                outcome = new Outcome.GoTo(next.get().startAction());
            } else if (outcome instanceof Outcome.InvokeModule invoke) {
                Optional<Flow> module = library.flow(invoke.moduleName());
                if (module.isEmpty()) {
                    fail(session, "flow module " + invoke.moduleName() + " is no longer published");
                    return;
                }
                if (session.modules.size() >= MAX_MODULE_DEPTH) {
                    fail(session, "flow modules nested more than " + MAX_MODULE_DEPTH + " deep");
                    return;
                }
                session.enterModule(module.get(), invoke.invoker(), invoke.input());
                outcome = new Outcome.GoTo(module.get().startAction());
            } else if (outcome instanceof Outcome.ModuleReturn back) {
                outcome = returnFromModule(session, back);
            } else if (outcome instanceof Outcome.Queued) {
                startHook(session, EventHook.CUSTOMER_QUEUE);
                return;
            } else if (outcome instanceof Outcome.EndFlow) {
                flowEnded(session);
                return;
            } else if (outcome instanceof Outcome.HandedOff) {
                session.enter(null, null);
                return;
            } else if (outcome instanceof Outcome.Disconnect) {
                signalling.disconnect(session.contact.id(), DisconnectReason.CONTACT_FLOW_DISCONNECT);
                end(session, DisconnectReason.CONTACT_FLOW_DISCONNECT);
                return;
            } else if (outcome instanceof Outcome.Fail failure) {
                fail(session, failure.reason());
                return;
            } else {
                throw new IllegalStateException("unhandled outcome " + outcome);
            }
        }
    }

    /** Where the invoking action's transitions lead once its module returned with {@code back}. */
    private static Outcome returnFromModule(ContactSession session, Outcome.ModuleReturn back) {
        ContactSession.ModuleFrame frame = session.leaveModule();
        if (frame == null) {
            return new Outcome.Fail("EndFlowModuleExecution ran outside a flow module");
        }
        session.contact.data().setModuleResult(back.result(), back.data());
        io.switchboard.routing.flow.Transitions t = frame.invoker().definition().transitions();
        Optional<String> target = back.result() == null ? t.next()
                : t.forResult(back.result())
                        .or(() -> Optional.ofNullable(t.errors().get(io.switchboard.routing.flow.Transitions.NO_MATCHING_CONDITION)))
                        .or(t::next);
        return target.<Outcome>map(Outcome.GoTo::new).orElseGet(() -> new Outcome.Fail("no transition after module "
                + frame.invoker().definition().identifier() + " returned " + back.result()));
    }

    private void startHook(ContactSession session, EventHook hook) {
        String name = session.contact.flowFor(hook);
        Optional<Flow> flow = name == null ? Optional.empty() : library.flow(name);
        if (flow.isEmpty()) {
            LOG.warn("contact {}: {} flow '{}' is not published; nothing plays", session.contact.id(), hook.key(), name);
            session.enter(null, hook);
            if (hook == EventHook.AGENT_WHISPER || hook == EventHook.CUSTOMER_WHISPER
                    || hook == EventHook.OUTBOUND_WHISPER) {
                // Nothing to whisper: the call goes on as if the whisper had ended.
                listener.hookFlowEnded(session.contact.id(), hook);
            }
            return;
        }
        session.enter(flow.get(), hook);
        drive(session, new Outcome.GoTo(flow.get().startAction()));
    }

    private void flowEnded(ContactSession session) {
        EventHook hook = session.hook;
        session.enter(null, hook);
        if (hook == null || hook == EventHook.CUSTOMER_REMAINING) {
            // An inbound flow that ends before the contact was queued or transferred ends the contact, and
            // so does the disconnect flow: the agent is gone and nothing else will take the caller.
            signalling.disconnect(session.contact.id(), DisconnectReason.CONTACT_FLOW_DISCONNECT);
            end(session, DisconnectReason.CONTACT_FLOW_DISCONNECT);
        } else {
            listener.hookFlowEnded(session.contact.id(), hook);
        }
    }

    private void fail(ContactSession session, String reason) {
        LOG.warn("contact {}: flow {} stopped: {}", session.contact.id(),
                session.flow == null ? "-" : session.flow.name(), reason);
        signalling.disconnect(session.contact.id(), DisconnectReason.CONTACT_FLOW_DISCONNECT);
        end(session, DisconnectReason.CONTACT_FLOW_DISCONNECT);
    }

    private void end(ContactSession session, DisconnectReason reason) {
        session.interrupt();
        sessions.remove(session.contact.id());
        active.decrementAndGet();
        if (session.contact.end(reason, scheduler.now())) {
            try {
                listener.contactEnded(session.contact.snapshot());
            } catch (RuntimeException e) {
                LOG.warn("contact {}: contact listener failed", session.contact.id(), e);
            }
        }
    }

    void writeFlowLog(Contact contact, Flow flow, CompiledAction action, Instant started, JsonNode params, String results) {
        try {
            flowLogs.append(new FlowLogEntry(started, contact.id().toString(), instanceArn + "/contact-flow/" + flow.id(),
                    flow.name(), action.moduleType(), action.definition().identifier(), params, results, flow.version()));
        } catch (RuntimeException e) {
            LOG.warn("contact {}: flow log sink failed", contact.id(), e);
        }
    }

    EngineScheduler scheduler() {
        return scheduler;
    }

    MediaPort media() {
        return media;
    }

    MediaPort agentSideMedia() {
        return agentSideMedia;
    }

    SignallingPort signalling() {
        return signalling;
    }

    RouterPort router() {
        return router;
    }

    ExternalFunctionInvoker functions() {
        return functions;
    }

    ResourceCatalog catalog() {
        return catalog;
    }

    ReferenceResolver resolver() {
        return resolver;
    }

    String instanceArn() {
        return instanceArn;
    }

    int randomPercent() {
        return random.nextInt(1, 101);
    }

    Logger log() {
        return LOG;
    }

    /** Collects the engine's collaborators; all but the resolver, flow-log sink, listener and random are required. */
    public static final class Builder {
        private EngineScheduler scheduler;
        private MediaPort media;
        private SignallingPort signalling;
        private RouterPort router;
        private ExternalFunctionInvoker functions;
        private ResourceCatalog catalog;
        private FlowLibrary library;
        private ReferenceResolver resolver = ReferenceResolver.identity();
        private FlowLogSink flowLogs = FlowLogSink.NONE;
        private ContactListener listener = contact -> { };
        private String instanceArn = "arn:switchboard:connect:local:000000000000:instance/00000000-0000-0000-0000-000000000000";
        private RandomGenerator random = RandomGenerator.getDefault();

        public Builder scheduler(EngineScheduler value) {
            this.scheduler = value;
            return this;
        }

        public Builder media(MediaPort value) {
            this.media = value;
            return this;
        }

        public Builder signalling(SignallingPort value) {
            this.signalling = value;
            return this;
        }

        public Builder router(RouterPort value) {
            this.router = value;
            return this;
        }

        public Builder functions(ExternalFunctionInvoker value) {
            this.functions = value;
            return this;
        }

        public Builder catalog(ResourceCatalog value) {
            this.catalog = value;
            return this;
        }

        public Builder library(FlowLibrary value) {
            this.library = value;
            return this;
        }

        public Builder resolver(ReferenceResolver value) {
            this.resolver = Objects.requireNonNull(value);
            return this;
        }

        public Builder flowLogs(FlowLogSink value) {
            this.flowLogs = Objects.requireNonNull(value);
            return this;
        }

        public Builder listener(ContactListener value) {
            this.listener = Objects.requireNonNull(value);
            return this;
        }

        /** The instance ARN used in flow ids and function events. */
        public Builder instanceArn(String value) {
            this.instanceArn = Objects.requireNonNull(value);
            return this;
        }

        public Builder random(RandomGenerator value) {
            this.random = Objects.requireNonNull(value);
            return this;
        }

        public FlowEngine build() {
            return new FlowEngine(this);
        }
    }
}
