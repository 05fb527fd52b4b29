package io.switchboard.routing.testing;

import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.port.SignallingPort;
import io.switchboard.routing.port.ThirdPartyCall;
import io.switchboard.routing.port.ThirdPartyDial;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/** Signalling that records disconnects and dials; tests answer or fail dials by hand. */
public final class FakeSignalling implements SignallingPort {

    public final List<String> disconnects = new ArrayList<>();
    public final List<FakeCall> dials = new ArrayList<>();
    public Predicate<String> dialable = n -> true;

    @Override
    public void disconnect(ContactId contact, DisconnectReason reason) {
        disconnects.add(contact + " " + reason);
    }

    @Override
    public boolean canDial(String e164) {
        return dialable.test(e164);
    }

    @Override
    public ThirdPartyCall dialThirdParty(ContactId contact, ThirdPartyDial dial) {
        FakeCall call = new FakeCall(dial);
        dials.add(call);
        return call;
    }

    /** One outgoing call. */
    public static final class FakeCall implements ThirdPartyCall {
        public final ThirdPartyDial dial;
        public final CompletableFuture<Void> answered = new CompletableFuture<>();
        public final CompletableFuture<Void> ended = new CompletableFuture<>();
        public boolean cancelled;

        FakeCall(ThirdPartyDial dial) {
            this.dial = dial;
        }

        @Override
        public CompletionStage<Void> answered() {
            return answered;
        }

        @Override
        public CompletionStage<Void> ended() {
            return ended;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
