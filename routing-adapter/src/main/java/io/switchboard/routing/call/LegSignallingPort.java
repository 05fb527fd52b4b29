package io.switchboard.routing.call;

import io.switchboard.config.InstanceConfig;
import io.switchboard.config.model.SipTrunk;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.port.SignallingPort;
import io.switchboard.routing.port.ThirdPartyCall;
import io.switchboard.routing.port.ThirdPartyDial;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SignallingPort} over sip-edge call legs. Disconnect sends the caller a BYE and frees the media
 * endpoint. Third-party transfers dial through a trunk of the instance with an outbound side: the caller's
 * own trunk when it has one, else the first in {@code instance.yaml} order ({@link ThirdPartyLeg} does the
 * rest). Until the launcher hands over the SIP edge's dialer, {@link #canDial} says no. Called by the engine
 * on the contact center's loop.
 */
final class LegSignallingPort implements SignallingPort {

    private static final Logger LOG = LoggerFactory.getLogger(LegSignallingPort.class);
    static final String NO_DIALER = "the SIP edge is not dialling out (no dialer attached)";

    private final CallRegistry calls;
    private final LoopRelay relay;
    private final ContactCenterLoop loop;
    private final Supplier<InstanceConfig> config;
    private final Consumer<Call> handedOverEnded;
    private final Supplier<Path> ringbackTone;
    /** Set once by the launcher, from its thread, after the edge started. */
    private volatile Dialer dialer;

    /**
     * {@code handedOverEnded} hears of a caller whose third party hung up after a transfer that does not
     * resume the flow; the contact ends there. {@code ringbackTone} gives the file a transferred caller hears
     * while the third party rings (null: none).
     */
    LegSignallingPort(CallRegistry calls, LoopRelay relay, ContactCenterLoop loop, Supplier<InstanceConfig> config,
                      Consumer<Call> handedOverEnded, Supplier<Path> ringbackTone) {
        this.calls = calls;
        this.relay = relay;
        this.loop = loop;
        this.config = config;
        this.handedOverEnded = handedOverEnded;
        this.ringbackTone = ringbackTone;
    }

    /** The edge's dialer, or null before the launcher handed it over. */
    Dialer dialer() {
        return dialer;
    }

    void useDialer(Dialer value) {
        this.dialer = value;
    }

    @Override
    public void disconnect(ContactId contact, DisconnectReason reason) {
        calls.byContact(contact).ifPresent(call -> {
            // The engine ends the contact right after this; that end hangs the caller up once the contact's
            // record is written (Telephony), so the record is on disk before the call's resources go.
            call.log("contact {}: hanging up the caller ({})", contact, reason);
        });
    }

    @Override
    public boolean canDial(String e164) {
        return dialer != null && config.get().trunks().stream().anyMatch(t -> t.outbound() != null);
    }

    /** The caller's trunk if it dials out, else the first trunk that does. */
    static Optional<SipTrunk> trunkFor(InstanceConfig instance, String callerTrunk) {
        List<SipTrunk> out = instance.trunks().stream().filter(t -> t.outbound() != null).toList();
        return out.stream().filter(t -> t.name().equals(callerTrunk)).findFirst().or(() -> out.stream().findFirst());
    }

    @Override
    public ThirdPartyCall dialThirdParty(ContactId contact, ThirdPartyDial dial) {
        Optional<Call> call = calls.byContact(contact);
        Dialer edge = dialer;
        Optional<SipTrunk> trunk = call.flatMap(c -> trunkFor(config.get(), c.leg().trunk()));
        if (call.isEmpty() || edge == null || trunk.isEmpty()) {
            String why = call.isEmpty() ? "the caller is gone" : edge == null ? NO_DIALER : "no trunk dials out";
            LOG.warn("contact {}: cannot dial {}: {}", contact, dial.number(), why);
            return failed(why);
        }
        // Caller ID: the flow's, else the trunk's, else the number the caller dialled (ours).
        String callerId = dial.callerId().orElseGet(() -> trunk.get().callerIdNumber() != null
                ? trunk.get().callerIdNumber().value() : call.get().leg().called());
        String callerName = dial.callerName().orElse(trunk.get().callerIdName());
        String number = outboundNumber(trunk.get(), dial.number());
        ThirdPartyLeg leg = new ThirdPartyLeg(call.get(), dial, relay, loop, calls, handedOverEnded,
                ringbackTone.get());
        if (!call.get().attachThirdParty(leg)) {
            return failed("the caller is gone");
        }
        call.get().log("contact {}: dialling {}{} through trunk {} as {}{}", contact, dial.number(),
                number.equals(dial.number()) ? "" : " (" + number + ")", trunk.get().name(), callerId,
                callerName == null ? "" : " \"" + callerName + "\"");
        leg.start(edge, trunk.get().name(), TrunkMediaSources.of(trunk.get()), number, callerId, callerName);
        return leg;
    }

    /** {@code number} after the trunk's first outbound number rule that matches it, or as it is. */
    static String outboundNumber(SipTrunk trunk, String number) {
        for (SipTrunk.NumberRule rule : trunk.numberRules()) {
            if (rule.direction() == SipTrunk.NumberDirection.OUTBOUND) {
                String rewritten = rule.apply(number);
                if (rewritten != null) {
                    return rewritten;
                }
            }
        }
        return number;
    }

    private static ThirdPartyCall failed(String why) {
        return new ThirdPartyCall() {
            private final CompletableFuture<Void> failed = CompletableFuture.failedFuture(new IllegalStateException(why));

            @Override
            public CompletionStage<Void> answered() {
                return failed;
            }

            @Override
            public CompletionStage<Void> ended() {
                return failed;
            }

            @Override
            public void cancel() {
                // nothing was dialled
            }
        };
    }
}
