package io.switchboard.routing.flow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.contact.EventHook;
import io.switchboard.routing.contact.QueueMetrics;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.contact.RecordingBehavior;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.log.FlowLogEntry;
import io.switchboard.routing.port.ContactListener;
import io.switchboard.routing.port.EnqueueOutcome;
import io.switchboard.routing.port.ExternalFunction;
import io.switchboard.routing.port.ExternalFunctionInvoker;
import io.switchboard.routing.port.MediaPort;
import io.switchboard.routing.port.Playback;
import io.switchboard.routing.port.Playlist;
import io.switchboard.routing.port.Prompt;
import io.switchboard.routing.port.ResourceCatalog;
import io.switchboard.routing.port.RouterPort;
import io.switchboard.routing.port.SignallingPort;
import io.switchboard.routing.port.ThirdPartyCall;
import io.switchboard.routing.port.ThirdPartyDial;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Runs a published flow for a pretend caller on a virtual clock, without a call, and reports what
 * happened block by block: the path taken with each block's result, what the caller heard, and the
 * contact attributes as they change. Prompts end as soon as they start; the caller keys each given
 * input when the flow next waits; otherwise the clock moves to the flow's next timer (an input time
 * limit, a Wait), up to a virtual hour. External functions answer with the given reply (or fail),
 * third parties do not answer, and queues accept the contact.
 */
public final class FlowSimulator {

    /** Virtual time after which a flow that still waits is left waiting. */
    static final Duration LIMIT = Duration.ofHours(1);

    private final FlowLibrary library;
    private final ResourceCatalog catalog;
    private final ReferenceResolver resolver;
    private final JsonNode functionReply;

    /** {@code functionReply}: what every external function answers; null makes every call fail. */
    public FlowSimulator(FlowLibrary library, ResourceCatalog catalog, ReferenceResolver resolver, JsonNode functionReply) {
        this.library = library;
        this.catalog = catalog;
        this.resolver = resolver;
        this.functionReply = functionReply;
    }

    /**
     * Runs {@code flow} for a caller from {@code caller} to {@code dialled}, starting with {@code attributes},
     * keying {@code inputs} one entry each time the flow waits; every line of the report goes to {@code out}.
     */
    public void run(String flow, String caller, String dialled, Map<String, String> attributes, List<String> inputs,
                    Instant start, Consumer<String> out) {
        VirtualLoop clock = new VirtualLoop(start);
        Run run = new Run(clock, out);
        FlowEngine engine = FlowEngine.builder().scheduler(clock).media(run).signalling(run).router(run).functions(run)
                .catalog(catalog).library(library).resolver(resolver).flowLogs(run::logged).listener(run).build();
        Contact contact = Contact.inbound(Endpoint.phone(caller), Endpoint.phone(dialled), start);
        contact.setFlowLogging(true);
        attributes.forEach((k, v) -> contact.putAttribute(k, v, start));
        run.contact = contact;
        run.lastAttributes.putAll(attributes);
        out.accept("simulating flow '" + flow + "' for a call from " + caller + " to " + dialled
                + (attributes.isEmpty() ? "" : ", attributes " + attributes));
        engine.start(contact, flow);
        Deque<String> pending = new ArrayDeque<>(inputs);
        while (run.ended == null) {
            clock.runPending();
            if (run.ended != null) {
                break;
            }
            if (!pending.isEmpty()) {
                String keys = pending.poll();
                out.accept(run.at() + "  caller keys " + keys);
                for (char c : keys.toCharArray()) {
                    engine.digit(contact.id(), c);
                    clock.runPending();
                }
                continue;
            }
            Optional<Instant> next = clock.nextTimer();
            if (next.isEmpty() || Duration.between(start, next.get()).compareTo(LIMIT) > 0) {
                out.accept(run.at() + "  the flow waits" + (run.queued != null ? " (the caller is in queue " + run.queued + ")" : "")
                        + "; simulation stops");
                return;
            }
            clock.advance(Duration.between(clock.now(), next.get()));
        }
        out.accept(run.at() + "  contact ended: " + run.ended);
    }

    /** The pretend world of one run: media, signalling, router and functions, all reporting to {@code out}. */
    private final class Run implements MediaPort, SignallingPort, RouterPort, ExternalFunctionInvoker, ContactListener {
        private final VirtualLoop clock;
        private final Consumer<String> out;
        private final Instant start;
        private final Map<String, String> lastAttributes = new LinkedHashMap<>();
        private Contact contact;
        private String ended;
        private String queued;

        Run(VirtualLoop clock, Consumer<String> out) {
            this.clock = clock;
            this.out = out;
            this.start = clock.now();
        }

        String at() {
            return String.format("t+%ds", Duration.between(start, clock.now()).toSeconds());
        }

        void logged(FlowLogEntry entry) {
            out.accept(at() + "  [" + entry.contactFlowName() + "] " + entry.identifier() + " (" + entry.contactFlowModuleType()
                    + ")" + (entry.results() == null ? "" : " -> " + entry.results()));
            Map<String, String> now = contact.attributes();
            if (!now.equals(lastAttributes)) {
                List<String> changed = new ArrayList<>();
                now.forEach((k, v) -> {
                    if (!v.equals(lastAttributes.get(k))) {
                        changed.add(k + "=" + v);
                    }
                });
                out.accept("        attributes: " + String.join(", ", changed));
                lastAttributes.clear();
                lastAttributes.putAll(now);
            }
        }

        @Override
        public Playback play(ContactId id, Playlist playlist) {
            List<String> heard = new ArrayList<>();
            for (Prompt p : playlist.items()) {
                heard.add(p instanceof Prompt.Speech s ? (s.ssml() ? "SSML " : "") + "\"" + s.text() + "\" (" + s.voice() + ")"
                        : "prompt " + ((Prompt.Library) p).name());
            }
            out.accept(at() + "  caller hears " + String.join(", then ", heard) + (playlist.loop() ? ", on a loop" : ""));
            CompletableFuture<Void> finished = new CompletableFuture<>();
            if (!playlist.loop()) {
                clock.execute(() -> finished.complete(null));
            }
            return new Playback() {
                @Override
                public CompletionStage<Void> finished() {
                    return finished;
                }

                @Override
                public void stop() {
                }
            };
        }

        @Override
        public void startRecording(ContactId id, RecordingBehavior behavior) {
            out.accept(at() + "  recording starts");
        }

        @Override
        public void stopRecording(ContactId id) {
            out.accept(at() + "  recording stops");
        }

        @Override
        public void disconnect(ContactId id, DisconnectReason reason) {
            out.accept(at() + "  the caller is hung up (" + reason + ")");
        }

        @Override
        public boolean canDial(String e164) {
            return true;
        }

        @Override
        public ThirdPartyCall dialThirdParty(ContactId id, ThirdPartyDial dial) {
            out.accept(at() + "  dials " + dial.number() + " (in a simulation nobody answers)");
            CompletableFuture<Void> never = new CompletableFuture<>();
            return new ThirdPartyCall() {
                @Override
                public CompletionStage<Void> answered() {
                    return never;
                }

                @Override
                public CompletionStage<Void> ended() {
                    return never;
                }

                @Override
                public void cancel() {
                }
            };
        }

        @Override
        public CompletionStage<EnqueueOutcome> enqueue(ContactSnapshot snapshot, QueueRef queue) {
            queued = queue.name();
            out.accept(at() + "  the contact is queued in " + queue.name());
            return CompletableFuture.completedFuture(EnqueueOutcome.QUEUED);
        }

        @Override
        public CompletionStage<io.switchboard.routing.contact.ContactId> createCallback(ContactSnapshot snapshot,
                io.switchboard.routing.port.CallbackRequest request) {
            out.accept(at() + "  a callback to " + request.number() + " is queued in " + request.queue().name()
                    + " with the caller's place (routed after " + request.initialDelay().toSeconds() + " s, up to "
                    + request.maximumAttempts() + " attempts " + request.retryDelay().toSeconds() + " s apart)");
            return CompletableFuture.completedFuture(io.switchboard.routing.contact.ContactId.random());
        }

        @Override
        public CompletionStage<QueueMetrics> metrics(QueueRef queue) {
            return CompletableFuture.completedFuture(new QueueMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0));
        }

        @Override
        public CompletionStage<JsonNode> invoke(ExternalFunction function, JsonNode event, Duration timeout) {
            out.accept(at() + "  calls function " + function.name() + " with " + event.path("Details").path("Parameters"));
            return functionReply == null
                    ? CompletableFuture.failedFuture(new IllegalStateException("no function reply given (--function-reply)"))
                    : CompletableFuture.completedFuture(functionReply.deepCopy());
        }

        @Override
        public void contactEnded(ContactSnapshot snapshot) {
            ended = String.valueOf(snapshot.disconnectReason());
        }

        @Override
        public void hookFlowEnded(ContactId id, EventHook hook) {
            out.accept(at() + "  the " + hook.key() + " flow ended");
        }
    }
}
