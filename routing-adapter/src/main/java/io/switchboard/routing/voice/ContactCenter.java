package io.switchboard.routing.voice;

import io.switchboard.config.InstanceConfig;
import io.switchboard.media.api.DtmfSource;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.media.api.PlaybackOutcome;
import io.switchboard.media.api.RecordingId;
import io.switchboard.media.api.PlaybackRequest;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.engine.ExecutorEngineScheduler;
import io.switchboard.routing.flow.engine.FlowEngine;
import io.switchboard.routing.flow.engine.FlowLibrary;
import io.switchboard.routing.flow.engine.HttpExternalFunctionInvoker;
import io.switchboard.routing.flow.log.JsonLinesFlowLogSink;
import io.switchboard.routing.port.ContactListener;
import io.switchboard.sip.api.CallHandler;
import io.switchboard.sip.api.CallLeg;
import io.switchboard.sip.api.CallLegListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contact center on live calls: the flow engine wired to sip-edge legs and media-relay endpoints
 * through the ports of this package. Ownership: this object owns the engine, its scheduler, the flow log
 * writer and the registry of calls; the launcher owns the relay (which also speaks text) and the edge and
 * stops the edge first, this second, the relay last.
 */
public final class ContactCenter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContactCenter.class);
    private static final Duration PRELOAD_LIMIT = Duration.ofSeconds(5);

    /** Places outbound calls: the SIP edge's {@code dial}, handed over once the edge runs. */
    @FunctionalInterface
    public interface Dialer {
        /**
         * As {@code SipEdge.dial}: returns at once, events go to {@code listener}; throws for an unknown trunk.
         * {@code callerName} is the display name presented with {@code callerId}, or null.
         */
        CallLeg dial(String trunk, String number, String callerId, String callerName, String sdpOffer,
                     CallLegListener listener);
    }

    /** Where the contact center keeps its files, and how it names itself in ARNs. */
    public record Options(Path dataDir, String instanceArn) {
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(instanceArn, "instanceArn");
        }

        public static Options defaults(Path dataDir) {
            return new Options(dataDir,
                    "arn:switchboard:connect:local:000000000000:instance/00000000-0000-0000-0000-000000000000");
        }
    }

    private final Options options;
    private final MediaRelay relay;
    private final Map<String, Path> builtInPrompts;
    private final LiveCatalog catalog;
    private final VoiceCalls calls = new VoiceCalls();
    private final WaitingQueues queues;
    private final RelayMediaPort media;
    private final SpeechCheck speechCheck;
    private final ExecutorEngineScheduler scheduler = new ExecutorEngineScheduler("flow-engine");
    private final JsonLinesFlowLogSink flowLogs;
    private final FlowEngine engine;
    private final InboundCallHandler handler;
    private final LegSignallingPort signalling;
    private final AtomicLong contactsEnded = new AtomicLong();
    private volatile InstanceConfig config;
    private volatile InstanceResources resources;

    private ContactCenter(Options options, InstanceConfig config, MediaRelay relay, Map<String, Path> builtInPrompts) {
        this.options = options;
        this.relay = relay;
        this.builtInPrompts = builtInPrompts;
        this.config = config;
        this.resources = InstanceResources.of(config, builtInPrompts, options.instanceArn());
        this.catalog = new LiveCatalog(resources.catalog());
        this.queues = new WaitingQueues(name -> resources.queueCapacity(name), Clock.systemUTC());
        this.media = new RelayMediaPort(relay, calls, () -> resources);
        this.speechCheck = new SpeechCheck(relay);
        this.flowLogs = new JsonLinesFlowLogSink(options.dataDir());
        ReferenceResolver resolver = resolver(config);
        FlowLibrary library = loadLibrary(config, resolver);
        this.signalling = new LegSignallingPort(calls, relay, () -> this.config, scheduler, this::thirdPartyLeft,
                () -> resources.promptFile(BuiltInPrompts.RINGBACK).orElse(null));
        this.engine = FlowEngine.builder().scheduler(scheduler).media(media)
                .signalling(signalling).router(queues)
                .functions(new HttpExternalFunctionInvoker()).catalog(catalog).library(library)
                .resolver(resolver).flowLogs(flowLogs).listener(new Ended())
                .instanceArn(options.instanceArn()).build();
        this.handler = new InboundCallHandler(() -> this.config, engine, relay, calls, Clock.systemUTC());
    }

    /**
     * Builds the contact center for {@code config} over a started relay, and binds {@code events} (the
     * listener the relay was started with) to it. Flow problems are logged and leave that flow out.
     */
    public static ContactCenter start(Options options, InstanceConfig config, MediaRelay relay,
                                      VoiceMediaEvents events) throws IOException {
        Map<String, Path> builtIns = BuiltInPrompts.extractTo(options.dataDir().resolve("builtin-prompts"));
        ContactCenter center = new ContactCenter(options, config, relay, builtIns);
        events.bind(center.new Events());
        center.preloadPrompts();
        return center;
    }

    /**
     * Has the relay decode every prompt now, through a throw-away endpoint that plays them to nobody, so
     * the first caller's welcome prompt starts without waiting for the disk and the decoder. Bounded:
     * a slow disk delays readiness by at most {@link #PRELOAD_LIMIT}, never fails it.
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
            // Worded without "reloaded": operators and tests grep for that word to see configuration reloads.
            LOG.info("{} prompt files decoded ahead of the first call in {} ms", files.size(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("prompt decoding ahead of calls incomplete ({}); prompts load on first use", RelayMediaPort.rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** References that flows still write as ARNs or ids resolve through the instance's flow-mapping.yaml. */
    private static ReferenceResolver resolver(InstanceConfig instance) {
        return new ReferenceResolver(instance.flowMapping().entries());
    }

    private FlowLibrary loadLibrary(InstanceConfig instance, ReferenceResolver resolver) {
        FlowLibrary library = FlowLibrary.load(FlowSources.of(instance), catalog, resolver);
        for (var problem : library.problems()) {
            LOG.error("flow not published: {}", problem);
        }
        LOG.info("{} flows published ({} problems)", library.names().size(), library.problems().size());
        speechCheck.check(library.speechUses());
        return library;
    }

    /**
     * Applies a reloaded instance: new prompts, queues and hours for lookups, a new flow library (loaded
     * through the new flow mapping) for new contacts; contacts in a flow finish the version they started.
     */
    public void reload(InstanceConfig next) {
        InstanceResources nextResources = InstanceResources.of(next, builtInPrompts, options.instanceArn());
        catalog.set(nextResources.catalog());
        resources = nextResources;
        config = next;
        ReferenceResolver resolver = resolver(next);
        engine.publish(loadLibrary(next, resolver), resolver);
    }

    /**
     * Lets flows transfer callers to external numbers through {@code dialer}; the edge is built after the
     * contact center (it needs the call handler), so this comes after {@link #start}.
     */
    public void useDialer(Dialer dialer) {
        signalling.useDialer(dialer);
    }

    /** A third party hung up after a transfer that hands the caller over for good: the caller goes too. */
    private void thirdPartyLeft(VoiceCall call) {
        LegSignallingPort.release(call, relay, calls, true);
        engine.hangUp(call.contact(), DisconnectReason.THIRD_PARTY_DISCONNECT);
    }

    /** The handler the SIP edge gives inbound legs to. */
    public CallHandler callHandler() {
        return handler;
    }

    /** New calls get 503 from now on; calls in progress carry on. */
    public void stopAccepting() {
        handler.stopAccepting();
    }

    /** Waits until no call is left or {@code timeout} passes; returns the calls still up. */
    public int awaitCallsEnded(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (calls.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return calls.size();
    }

    /** Hangs up every call still up (BYE) and ends its contact; used when the drain time is over. */
    public void hangUpAll() {
        for (VoiceCall call : calls.all()) {
            LegSignallingPort.release(call, relay, calls, true);
            engine.hangUp(call.contact(), DisconnectReason.OTHER);
        }
    }

    public FlowEngine engine() {
        return engine;
    }

    public WaitingQueues queues() {
        return queues;
    }

    /** The contacts of the calls up now (for tests and the coming control API). */
    public List<ContactId> liveContacts() {
        return calls.all().stream().map(VoiceCall::contact).toList();
    }

    public int activeCalls() {
        return calls.size();
    }

    public long callsAccepted() {
        return handler.accepted.get();
    }

    public long callsRejected() {
        return handler.rejected.get();
    }

    public long contactsEnded() {
        return contactsEnded.get();
    }

    public int publishedFlows() {
        return engine.library().names().size();
    }

    public int flowProblems() {
        return engine.library().problems().size();
    }

    /**
     * Why the published flows' speech will fail (espeak-ng or a voice missing), one line per reason with
     * the blocks it affects; empty when every voice they speak with is installed.
     */
    public List<String> speechProblems() {
        return speechCheck.problems();
    }

    @Override
    public void close() {
        scheduler.close();
        flowLogs.close();
    }

    /** Contact ends, on the engine thread: the queue forgets it and its call is released if still up. */
    private final class Ended implements ContactListener {
        @Override
        public void contactEnded(ContactSnapshot contact) {
            contactsEnded.incrementAndGet();
            queues.remove(contact.contactId());
            calls.byContact(contact.contactId()).ifPresent(call -> LegSignallingPort.release(call, relay, calls, true));
            try (var mdc = org.slf4j.MDC.putCloseable("contactId", contact.contactId().toString())) {
                LOG.info("contact {} ended: {}", contact.contactId(), contact.disconnectReason());
            }
        }
    }

    /** Relay events, on the relay's event thread. */
    private final class Events implements VoiceMediaEvents.Target {
        @Override
        public void digit(EndpointId endpoint, char digit, DtmfSource source) {
            calls.byEndpoint(endpoint).ifPresent(call -> {
                try (var mdc = call.logContext()) {
                    LOG.debug("contact {}: digit {} ({})", call.contact(), digit, source);
                } finally {
                    VoiceCall.clearCallId();
                }
                engine.digit(call.contact(), digit);
            });
        }

        @Override
        public void digitsSent(EndpointId endpoint) {
            signalling.digitsSent(endpoint);
        }

        @Override
        public void playbackDone(EndpointId endpoint, long playbackId, PlaybackOutcome outcome) {
            media.playbackDone(endpoint, playbackId, outcome);
        }

        @Override
        public void recordingClosed(RecordingId recording, Path file, Duration duration) {
            media.recordingClosed(recording, file, duration);
        }

        @Override
        public void mediaTimeout(EndpointId endpoint) {
            calls.byEndpoint(endpoint).ifPresent(call -> {
                try (var mdc = call.logContext()) {
                    LOG.warn("contact {}: no media from the caller; hanging up", call.contact());
                } finally {
                    VoiceCall.clearCallId();
                }
                LegSignallingPort.release(call, relay, calls, true);
                engine.hangUp(call.contact(), DisconnectReason.TELECOM_PROBLEM);
            });
        }
    }
}
