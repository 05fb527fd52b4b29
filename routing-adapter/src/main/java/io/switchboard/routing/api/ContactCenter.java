package io.switchboard.routing.api;

import io.switchboard.config.InstanceConfig;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.routing.agent.AgentDirectory;
import io.switchboard.routing.agent.AgentRoster;
import io.switchboard.routing.agent.LogoutCause;
import io.switchboard.routing.call.Dialer;
import io.switchboard.routing.call.SoftphoneSettings;
import io.switchboard.routing.call.Telephony;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.core.SingleThreadLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.engine.FlowEngine;
import io.switchboard.routing.flow.engine.FlowLibrary;
import io.switchboard.routing.flow.engine.HttpExternalFunctionInvoker;
import io.switchboard.routing.flow.log.JsonLinesFlowLogSink;
import io.switchboard.routing.instance.BuiltInPrompts;
import io.switchboard.routing.instance.FlowSources;
import io.switchboard.routing.instance.InstanceResources;
import io.switchboard.routing.instance.LiveCatalog;
import io.switchboard.routing.instance.SpeechCheck;
import io.switchboard.routing.metrics.AgentFigures;
import io.switchboard.routing.metrics.ContactCenterFigures;
import io.switchboard.routing.port.ContactListener;
import io.switchboard.routing.record.AgentEventJson;
import io.switchboard.routing.record.ContactTraceOptions;
import io.switchboard.routing.record.ContactTraceRecorder;
import io.switchboard.routing.record.JsonLinesAgentEventSink;
import io.switchboard.routing.record.RecordFeed;
import io.switchboard.routing.record.JsonLinesContactTraceSink;
import io.switchboard.routing.record.RecordRecovery;
import io.switchboard.routing.record.store.RecordStore;
import io.switchboard.routing.router.QueueBook;
import io.switchboard.sip.api.CallHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The contact center on live calls: the flow engine, the queues and the calls over sip-edge legs and
 * media-relay endpoints, all owned by one {@link ContactCenterLoop}. The methods here may be called from any
 * thread: they hand the work to the loop. Ownership: this object owns the loop, the engine, the flow log
 * writer and the calls; the launcher owns the relay (which also speaks text) and the edge and stops the edge
 * first, this second, the relay last.
 */
public final class ContactCenter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContactCenter.class);
    private static final Duration PRELOAD_LIMIT = Duration.ofSeconds(5);

    /**
     * Where the contact center keeps its files, how it names itself in ARNs, the loop it runs on, how contact
     * trace records reach the disk, the agents' heartbeat and disconnect grace period, and whether every agent
     * event is forced to disk as written.
     */
    public record Options(Path dataDir, String instanceArn, ContactCenterLoop loop, ContactTraceOptions records,
                          AgentRoster.Settings agents, boolean syncAgentEvents, SoftphoneSettings softphones) {
        public static final String DEFAULT_INSTANCE_ARN =
                "arn:switchboard:connect:local:000000000000:instance/00000000-0000-0000-0000-000000000000";

        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(instanceArn, "instanceArn");
            Objects.requireNonNull(loop, "loop");
            Objects.requireNonNull(records, "records");
            Objects.requireNonNull(agents, "agents");
            Objects.requireNonNull(softphones, "softphones");
        }

        /** With the default softphone settings. */
        public Options(Path dataDir, String instanceArn, ContactCenterLoop loop, ContactTraceOptions records,
                       AgentRoster.Settings agents, boolean syncAgentEvents) {
            this(dataDir, instanceArn, loop, records, agents, syncAgentEvents, SoftphoneSettings.defaults());
        }

        /** The same options with other agent settings. */
        public Options withAgents(AgentRoster.Settings settings, boolean sync) {
            return new Options(dataDir, instanceArn, loop, records, settings, sync, softphones);
        }

        /** The same options with other softphone settings (offer time, reconnect window). */
        public Options withSoftphones(SoftphoneSettings settings) {
            return new Options(dataDir, instanceArn, loop, records, agents, syncAgentEvents, settings);
        }

        /**
         * Over a loop a test drives: records are written on the loop itself, so a virtual loop's outcome
         * does not depend on another thread's timing ({@link ContactTraceOptions#onCallingThread}).
         */
        public Options(Path dataDir, String instanceArn, ContactCenterLoop loop) {
            this(dataDir, instanceArn, loop, ContactTraceOptions.onCallingThread(), AgentRoster.Settings.defaults(),
                    false);
        }

        /** The production loop (its own thread, the system clock) and the CTR writer thread. */
        public static Options defaults(Path dataDir) {
            return new Options(dataDir, DEFAULT_INSTANCE_ARN, new SingleThreadLoop("contact-center"),
                    ContactTraceOptions.defaults(), AgentRoster.Settings.defaults(), false);
        }
    }

    private final Options options;
    private final ContactCenterLoop loop;
    private final MediaRelay relay;
    private final Map<String, Path> builtInPrompts;
    private final LiveCatalog catalog;
    private final EventBus events = new EventBus();
    private final QueueBook queues;
    private final Telephony telephony;
    private final SpeechCheck speechCheck;
    private final JsonLinesFlowLogSink flowLogs;
    private final JsonLinesContactTraceSink traceSink;
    private final RecordStore store;
    private final ContactTraceRecorder records;
    private final FlowEngine engine;
    private final ContactCenterFigures figures;
    private final AgentRoster roster;
    private final AgentDesk desk;
    private final AgentFigures agentFigures;
    private final JsonLinesAgentEventSink agentEvents;
    private final RecordFeed feed;
    private final com.fasterxml.jackson.databind.ObjectMapper storeMapper = new com.fasterxml.jackson.databind.ObjectMapper();
    // Owned by the loop (set here before it runs anything, swapped there on reload).
    private InstanceConfig config;
    private InstanceResources resources;

    private ContactCenter(Options options, InstanceConfig config, MediaRelay relay, Map<String, Path> builtInPrompts)
            throws IOException {
        this.options = options;
        this.loop = options.loop();
        this.relay = relay;
        this.builtInPrompts = builtInPrompts;
        this.config = config;
        this.resources = InstanceResources.of(config, builtInPrompts, options.instanceArn());
        this.catalog = new LiveCatalog(resources.catalog());
        this.speechCheck = new SpeechCheck(relay);
        this.flowLogs = new JsonLinesFlowLogSink(options.dataDir());
        this.traceSink = new JsonLinesContactTraceSink(options.dataDir(), options.records());
        this.store = RecordStore.open(options.dataDir(), options.records().writerThread());
        RecordRecovery.Result recovered = RecordRecovery.run(traceSink.files(), traceSink, store);
        LOG.info("record store {} ready: {} recent CTR lines checked, {} interrupted contacts recorded",
                options.dataDir().resolve(RecordStore.FILE_NAME), recovered.caughtUp(), recovered.interrupted());
        // Subscribed in this order: a contact's end leaves its queue, then its trace record is built (with
        // that dequeue time) and handed to the writer, then its call is released once the record is written.
        this.queues = new QueueBook(name -> resources.queueCapacity(name), loop::now, events);
        this.feed = new RecordFeed(loop, store);
        this.records = new ContactTraceRecorder(events, loop, options.instanceArn(), traceSink, store, feed);
        this.telephony = new Telephony(loop, relay, events, () -> this.config, () -> resources,
                () -> resources.promptFile(BuiltInPrompts.RINGBACK).orElse(null));
        telephony.releaseAfter(records::written);
        ReferenceResolver resolver = resolver(config);
        this.engine = FlowEngine.builder().scheduler(loop).media(telephony.mediaPort())
                .signalling(telephony.signallingPort()).router(queues)
                .functions(new HttpExternalFunctionInvoker()).catalog(catalog)
                .library(loadLibrary(config, resources, resolver))
                .resolver(resolver).flowLogs(flowLogs).listener(new Ended())
                .instanceArn(options.instanceArn()).build();
        telephony.bind(engine);
        this.figures = new ContactCenterFigures(events, engine, loop::now);
        this.agentFigures = new AgentFigures(events);
        this.agentEvents = new JsonLinesAgentEventSink(options.dataDir(), options.syncAgentEvents());
        events.subscribe(event -> {
            if (event instanceof ContactEvent.AgentChanged changed) {
                agentEvents.accept(changed.event());
                var e = changed.event();
                // Serialised on the store's thread, as the stream's writer does on its own.
                loop.adopt(store.putAgentEvent(e.eventId().toString(), e.username(), e.type().name(), e.timestamp(),
                        () -> storeMapper.writeValueAsString(AgentEventJson.event(storeMapper, e))))
                        .thenAccept(json -> feed.publish(RecordFeed.Kind.AGENT_EVENT, json));
            }
        });
        this.roster = new AgentRoster(loop, events, AgentDirectory.of(config, options.instanceArn()),
                options.agents());
        telephony.routeAgents(roster, queues, options.softphones());
        this.desk = new AgentDesk(loop, roster, telephony.agentCalls(), telephony.softphones(), engine,
                () -> this.config.defaultCountry().value());
        events.subscribe(event -> {
            if (event instanceof ContactEvent.ContactEnded ended) {
                try (var mdc = MDC.putCloseable("contactId", ended.contact().contactId().toString())) {
                    LOG.info("contact {} ended: {}", ended.contact().contactId(), ended.contact().disconnectReason());
                }
            }
        });
    }

    /**
     * Builds the contact center for {@code config} over a started relay, and binds {@code inlet} (the
     * listener the relay was started with) to it. Flow problems are logged and leave that flow out.
     */
    public static ContactCenter start(Options options, InstanceConfig config, MediaRelay relay,
                                      MediaEventInlet inlet) throws IOException {
        Map<String, Path> builtIns = BuiltInPrompts.extractTo(options.dataDir().resolve("builtin-prompts"));
        ContactCenter center = new ContactCenter(options, config, relay, builtIns);
        inlet.bind(center.telephony.relayEvents());
        center.preloadPrompts();
        return center;
    }

    /**
     * Has the relay decode every prompt now, through a throw-away endpoint that plays them to nobody, so
     * the first caller's welcome prompt starts without waiting for the disk and the decoder. Bounded:
     * a slow disk delays readiness by at most {@link #PRELOAD_LIMIT}, never fails it. Runs on the starting
     * thread, before any call.
     */
    private void preloadPrompts() {
        List<Path> files = resources.promptFiles().stream().distinct().sorted().toList();
        if (files.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            EndpointId endpoint = relay.offer("prompt-preload").get(PRELOAD_LIMIT.toMillis(), TimeUnit.MILLISECONDS).id();
            try {
                relay.play(endpoint, PlaybackRequest.files(files, false, false))
                        .get(PRELOAD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                relay.destroy(endpoint);
            }
            // Worded without "reloaded": operators grep for that word to see configuration reloads.
            LOG.info("{} prompt files decoded ahead of the first call in {} ms", files.size(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("prompt decoding ahead of calls incomplete ({}); prompts load on first use", cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** References that flows still write as ARNs or ids resolve through the instance's flow-mapping.yaml. */
    private static ReferenceResolver resolver(InstanceConfig instance) {
        return new ReferenceResolver(instance.flowMapping().entries());
    }

    /** Compiles the instance's flows and checks their voices; on the calling thread, never on the loop. */
    private FlowLibrary loadLibrary(InstanceConfig instance, InstanceResources with, ReferenceResolver resolver) {
        FlowLibrary library = FlowLibrary.load(FlowSources.of(instance), with.catalog(), resolver);
        for (var problem : library.problems()) {
            LOG.error("flow not published: {}", problem);
        }
        LOG.info("{} flows published ({} problems)", library.names().size(), library.problems().size());
        // The queue names let the check see what the built-in agent whisper says ($.Queue.Name), which ships pre-rendered.
        speechCheck.check(library.speechUses(), instance.queues().stream().map(q -> q.name()).toList());
        return library;
    }

    /**
     * Applies a reloaded instance: new prompts, queues and hours for lookups, a new flow library (loaded
     * through the new flow mapping) for new contacts; contacts in a flow finish the version they started.
     * The flows are compiled on the calling thread; the swap happens on the loop, and the future completes
     * once it did.
     */
    public CompletableFuture<Void> reload(InstanceConfig next) {
        InstanceResources nextResources = InstanceResources.of(next, builtInPrompts, options.instanceArn());
        ReferenceResolver resolver = resolver(next);
        FlowLibrary library = loadLibrary(next, nextResources, resolver);
        AgentDirectory nextAgents = AgentDirectory.of(next, options.instanceArn());
        return loop.ask(() -> {
            roster.reload(nextAgents);
            catalog.set(nextResources.catalog());
            resources = nextResources;
            config = next;
            engine.publish(library, resolver);
            return null;
        });
    }

    /**
     * Lets flows transfer callers to external numbers through {@code dialer}; the edge is built after the
     * contact center (it needs the call handler), so this comes after {@link #start}.
     */
    public void useDialer(Dialer dialer) {
        telephony.useDialer(dialer);
    }

    /** The handler the SIP edge gives inbound legs to. */
    public CallHandler callHandler() {
        return telephony.callHandler();
    }

    /** New calls get 503 from now on; calls in progress carry on. Completes once the loop took it in. */
    public CompletableFuture<Void> stopAccepting() {
        return loop.ask(() -> {
            telephony.stopAccepting();
            return null;
        });
    }

    /** Waits (on the calling thread, never the loop) until no call is left or {@code timeout} passes; returns the calls still up. */
    public int awaitCallsEnded(Duration timeout) throws InterruptedException {
        try {
            loop.ask(telephony::whenNoCalls).thenCompose(noCalls -> noCalls)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The time is over (or the loop is gone): the caller hangs up what is left.
        }
        return figures.callsActive();
    }

    /** Hangs up every call still up (BYE) and ends its contact; used when the drain time is over. */
    public void hangUpAll() {
        loop.execute(telephony::hangUpAll);
    }

    /**
     * Creates a queued callback to {@code number} (read as E.164 by the instance's default country) in
     * {@code queue}, as CreateCallbackContact does; with {@code previous} (a live contact, else null) the callback
     * follows it and takes its place in its queue, and the caller is hung up. Completes with the callback's id,
     * or fails with IllegalArgumentException for a bad number, queue or previous contact. From any thread.
     */
    public CompletableFuture<ContactId> createCallback(String queue, String number, ContactId previous,
                                                       java.time.Duration initialDelay, int maximumAttempts,
                                                       java.time.Duration retryDelay) {
        return loop.ask(() -> {
            String e164 = io.switchboard.routing.contact.DialPlan.toE164(number, config.defaultCountry());
            io.switchboard.routing.contact.QueueRef ref = catalog.queue(queue)
                    .orElseThrow(() -> new IllegalArgumentException("no queue named '" + queue + "'"));
            return new io.switchboard.routing.port.CallbackRequest(ref, e164, initialDelay, maximumAttempts, retryDelay);
        }).thenCompose(request -> {
            if (previous == null) {
                return loop.adopt(queues.createCallback(null, request).toCompletableFuture());
            }
            return loop.adopt(engine.snapshot(previous).toCompletableFuture()).thenCompose(snapshot -> {
                if (snapshot.isEmpty()) {
                    return CompletableFuture.failedFuture(
                            new IllegalArgumentException("contact " + previous + " is not live"));
                }
                return loop.adopt(queues.createCallback(snapshot.get(), request).toCompletableFuture())
                        .thenApply(callback -> {
                            // The caller's place is the callback's now; the caller is let go.
                            telephony.signallingPort().disconnect(previous, io.switchboard.routing.contact.DisconnectReason.OTHER);
                            engine.hangUp(previous, io.switchboard.routing.contact.DisconnectReason.OTHER);
                            return callback;
                        });
            });
        });
    }

    /** The contacts of the calls up now. */
    public CompletableFuture<List<ContactId>> liveContacts() {
        return loop.ask(telephony::liveContacts);
    }

    /** The instance's ARN, the root of every resource ARN the contact center names. */
    public String instanceArn() {
        return options.instanceArn();
    }

    /** The embedded store of records and agent events (for tools and tests); callable from any thread. */
    public RecordStore recordStore() {
        return store;
    }

    /** Live figures for metrics and health; readable from any thread. */
    /** The live feed of records and agent events; subscribe on the loop ({@link #loop()}). */
    public RecordFeed recordFeed() {
        return feed;
    }

    public ContactCenterFigures figures() {
        return figures;
    }

    /** The flow engine (its library, for tools and tests). */
    public FlowEngine engine() {
        return engine;
    }

    /** What agents' desks ask: login, logout, status, snapshot; callable from any thread. */
    public AgentDesk agents() {
        return desk;
    }

    /** The agents and their states; owned by the loop (read it there, or from the thread driving a virtual loop). */
    public AgentRoster roster() {
        return roster;
    }

    /** Live agent figures per routing profile; readable from any thread. */
    public AgentFigures agentFigures() {
        return agentFigures;
    }

    /** The contacts waiting in queues; owned by the loop (read it there, or from the thread driving a virtual loop). */
    public QueueBook queues() {
        return queues;
    }

    /**
     * Why the published flows' speech will fail (espeak-ng or a voice missing), one line per reason with
     * the blocks it affects; empty when every voice they speak with is installed.
     */
    public List<String> speechProblems() {
        return speechCheck.problems();
    }

    /**
     * The trace record of {@code contact} as JSON (Amazon Connect's contact record), once it is written;
     * empty for a contact still live or unknown. From any thread.
     */
    public CompletableFuture<Optional<String>> contactRecord(ContactId contact) {
        return store.record(contact.toString());
    }

    /** Trace records (JSON) of contacts that disconnected in [{@code from}, {@code to}), oldest first, at most {@code limit}. */
    public CompletableFuture<List<String>> contactRecords(Instant from, Instant to, int limit) {
        return store.between(from, to, limit);
    }

    @Override
    public void close() {
        logOutAgents();
        if (loop instanceof AutoCloseable owned) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("error while stopping the contact center's loop: {}", e.toString());
            }
        }
        // After the loop: nothing appends any more; what is queued is written and forced before the exit.
        traceSink.close();
        store.close();
        flowLogs.close();
        agentEvents.close();
    }

    /**
     * Records the LOGOUT of every agent still logged in, so that the login/logout record holds no open login
     * after a clean stop. The production loop is given a moment; a virtual loop runs it when next driven.
     */
    private void logOutAgents() {
        CompletableFuture<Void> done;
        try {
            done = loop.ask(() -> {
                roster.logoutAll(LogoutCause.SHUTDOWN);
                return null;
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return;
        }
        if (loop instanceof AutoCloseable && !loop.inLoop()) {
            try {
                done.get(PRELOAD_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("agents not logged out at stop: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Contact ends, on the loop: the bus tells the queues, the calls and the figures. */
    private final class Ended implements ContactListener {
        @Override
        public void contactEnded(io.switchboard.routing.contact.ContactSnapshot contact) {
            events.publish(new ContactEvent.ContactEnded(contact));
        }

        @Override
        public void hookFlowEnded(io.switchboard.routing.contact.ContactId contact,
                                  io.switchboard.routing.contact.EventHook hook) {
            telephony.hookFlowEnded(contact, hook);
        }
    }
}
