import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.routing.contact.Contact;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.ContactSnapshot;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.contact.Endpoint;
import io.switchboard.routing.contact.QueueMetrics;
import io.switchboard.routing.contact.QueueRef;
import io.switchboard.routing.contact.RecordingBehavior;
import io.switchboard.routing.flow.ReferenceResolver;
import io.switchboard.routing.flow.engine.FlowEngine;
import io.switchboard.routing.flow.engine.FlowLibrary;
import io.switchboard.routing.flow.engine.FlowSource;
import io.switchboard.routing.core.VirtualLoop;
import io.switchboard.routing.port.EnqueueOutcome;
import io.switchboard.routing.port.ExternalFunctionInvoker;
import io.switchboard.routing.port.InMemoryResourceCatalog;
import io.switchboard.routing.port.MediaPort;
import io.switchboard.routing.port.Playback;
import io.switchboard.routing.port.Playlist;
import io.switchboard.routing.port.RouterPort;
import io.switchboard.routing.port.SignallingPort;
import io.switchboard.routing.port.ThirdPartyCall;
import io.switchboard.routing.port.ThirdPartyDial;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Flow actions executed per second by the flow engine alone: no media, no network, a virtual clock.
 * Each simulated caller runs an IVR like the demo's (logging, recording, welcome prompt, menu, key 2,
 * attributes, compare, working queue, transfer to queue, the default queue flow) and hangs up.
 * Usage: bench/flow/run.sh [callers per round] [rounds]
 */
public final class FlowBench {

    private static final String FLOW = """
        {"Version":"2019-10-30","StartAction":"rec","Actions":[
         {"Identifier":"rec","Type":"UpdateContactRecordingBehavior","Parameters":{"RecordingBehavior":{"RecordedParticipants":["Agent","Customer"]}},"Transitions":{"NextAction":"attrs"}},
         {"Identifier":"attrs","Type":"UpdateContactAttributes","Parameters":{"Attributes":{"caller":"$.CustomerEndpoint.Address","did":"$.SystemEndpoint.Address"}},"Transitions":{"NextAction":"welcome"}},
         {"Identifier":"welcome","Type":"MessageParticipant","Parameters":{"PromptId":"Welcome.wav"},"Transitions":{"NextAction":"menu","Errors":[{"NextAction":"menu","ErrorType":"NoMatchingError"}]}},
         {"Identifier":"menu","Type":"GetParticipantInput","Parameters":{"Text":"Press 1 for sales, 2 for support","InputTimeLimitSeconds":"5"},
          "Transitions":{"NextAction":"support","Conditions":[{"NextAction":"sales","Condition":{"Operator":"Equals","Operands":["1"]}},{"NextAction":"support","Condition":{"Operator":"Equals","Operands":["2"]}}],
          "Errors":[{"NextAction":"support","ErrorType":"InputTimeLimitExceeded"},{"NextAction":"support","ErrorType":"NoMatchingCondition"}]}},
         {"Identifier":"sales","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":"Sales"},"Transitions":{"NextAction":"check"}},
         {"Identifier":"support","Type":"UpdateContactTargetQueue","Parameters":{"QueueId":"Support"},"Transitions":{"NextAction":"check"}},
         {"Identifier":"check","Type":"Compare","Parameters":{"ComparisonValue":"$.Queue.Name"},"Transitions":{"NextAction":"transfer","Conditions":[{"NextAction":"transfer","Condition":{"Operator":"TextStartsWith","Operands":["S"]}}],"Errors":[{"NextAction":"transfer","ErrorType":"NoMatchingCondition"}]}},
         {"Identifier":"transfer","Type":"TransferContactToQueue","Parameters":{},"Transitions":{"Errors":[{"NextAction":"bye","ErrorType":"QueueAtCapacity"},{"NextAction":"bye","ErrorType":"NoMatchingError"}]}},
         {"Identifier":"bye","Type":"DisconnectParticipant","Parameters":{},"Transitions":{}}]}
        """;

    public static void main(String[] args) throws Exception {
        int callers = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        InMemoryResourceCatalog catalog = InMemoryResourceCatalog.builder()
                .prompt("Welcome.wav").prompt("CustomerQueue.wav").prompt("CustomerHold.wav").prompt("Beep.wav")
                .queue(new QueueRef("Sales", "arn:q/sales", null)).queue(new QueueRef("Support", "arn:q/support", null))
                .build();
        FlowLibrary library = FlowLibrary.load(List.of(FlowSource.of("ivr", "ivr.json", new ObjectMapper().readTree(FLOW))),
                catalog, ReferenceResolver.identity());
        if (!library.problems().isEmpty()) {
            throw new IllegalStateException(library.problems().toString());
        }
        VirtualLoop clock = new VirtualLoop(Instant.parse("2024-07-10T15:00:00Z"));
        FlowEngine engine = FlowEngine.builder().scheduler(clock).media(new InstantMedia()).signalling(new NoSignalling())
                .router(new AcceptingRouter()).functions(noFunctions()).catalog(catalog).library(library).build();
        Endpoint caller = Endpoint.phone("+15551230000");
        Endpoint did = Endpoint.phone("+15550100");
        System.out.printf("flow engine benchmark: %d callers per round, %d rounds (first is warm-up)%n", callers, rounds);
        for (int round = 0; round < rounds; round++) {
            long actionsBefore = engine.actionsExecuted();
            long start = System.nanoTime();
            ContactId[] ids = new ContactId[callers];
            for (int i = 0; i < callers; i++) {
                Contact contact = Contact.inbound(caller, did, clock.now());
                ids[i] = contact.id();
                engine.start(contact, "ivr");
            }
            clock.runPending();
            for (ContactId id : ids) {
                engine.digit(id, '2');
            }
            clock.runPending();
            for (ContactId id : ids) {
                engine.hangUp(id, DisconnectReason.CUSTOMER_DISCONNECT);
            }
            clock.runPending();
            double seconds = (System.nanoTime() - start) / 1e9;
            long actions = engine.actionsExecuted() - actionsBefore;
            if (engine.activeContacts() != 0) {
                throw new IllegalStateException(engine.activeContacts() + " contacts still active");
            }
            System.out.printf("round %d%s: %,d actions in %.3f s = %,.0f actions/s, %,.0f calls/s%n", round + 1,
                    round == 0 ? " (warm-up)" : "", actions, seconds, actions / seconds, callers / seconds);
        }
    }

    /** Prompts finish at once; looping ones (queue music) play until stopped. */
    static final class InstantMedia implements MediaPort {
        private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

        @Override
        public Playback play(ContactId contact, Playlist playlist) {
            CompletableFuture<Void> finished = playlist.loop() ? new CompletableFuture<>() : DONE;
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
        public void startRecording(ContactId contact, RecordingBehavior behavior) {
        }

        @Override
        public void stopRecording(ContactId contact) {
        }
    }

    static final class NoSignalling implements SignallingPort {
        @Override
        public void disconnect(ContactId contact, DisconnectReason reason) {
        }

        @Override
        public boolean canDial(String e164) {
            return false;
        }

        @Override
        public ThirdPartyCall dialThirdParty(ContactId contact, ThirdPartyDial dial) {
            throw new UnsupportedOperationException("the benchmark flow dials no one");
        }
    }

    static final class AcceptingRouter implements RouterPort {
        private static final CompletableFuture<EnqueueOutcome> QUEUED = CompletableFuture.completedFuture(EnqueueOutcome.QUEUED);

        @Override
        public CompletionStage<EnqueueOutcome> enqueue(ContactSnapshot contact, QueueRef queue) {
            return QUEUED;
        }

        @Override
        public CompletionStage<QueueMetrics> metrics(QueueRef queue) {
            return CompletableFuture.completedFuture(new QueueMetrics(0, 0, 1, 1, 1, 0, 0, 0, 0));
        }
    }

    static ExternalFunctionInvoker noFunctions() {
        return (function, event, timeout) -> CompletableFuture.failedFuture(new IllegalStateException("no functions"));
    }
}
