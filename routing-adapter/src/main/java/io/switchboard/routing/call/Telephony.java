package io.switchboard.routing.call;

import io.switchboard.config.InstanceConfig;
import io.switchboard.media.api.MediaEventListener;
import io.switchboard.media.api.MediaRelay;
import io.switchboard.routing.agent.AgentRoster;
import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.DisconnectReason;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.event.ContactEvent;
import io.switchboard.routing.event.EventBus;
import io.switchboard.routing.flow.Cancellable;
import io.switchboard.routing.flow.engine.FlowEngine;
import io.switchboard.routing.instance.InstanceResources;
import io.switchboard.routing.port.MediaPort;
import io.switchboard.routing.port.SignallingPort;
import io.switchboard.routing.router.QueueBook;
import io.switchboard.routing.router.Router;
import io.switchboard.sip.api.CallHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The contact center's calls over the SIP edge and the media relay: the engine's media and signalling ports,
 * the handler the edge gives inbound legs to, and the listener for the relay's events. Ownership: this object
 * owns the registry of calls, each {@link Call} its legs and endpoints. Every method but the adapters' entry
 * points ({@link #callHandler}, {@link #relayEvents}) runs on the contact center's loop.
 */
public final class Telephony {

    /** How long a call whose contact ended waits for its record to be written before it is released anyway. */
    static final Duration RELEASE_LIMIT = Duration.ofSeconds(5);

    private final ContactCenterLoop loop;
    private final EventBus events;
    private final Supplier<InstanceConfig> config;
    private final Supplier<InstanceResources> resources;
    private final LoopRelay relay;
    private final CallRegistry calls;
    private final RelayMediaPort media;
    private final LegSignallingPort signalling;
    private final RelayEvents relayEvents;
    /** The ringback file (null: none), for transfers and for softphone agents dialling out. */
    private final Supplier<Path> ringbackTone;
    private FlowEngine engine;
    private InboundCalls inbound;
    private AgentRouting agentRouting;
    private Softphones softphones;
    private Function<ContactId, CompletableFuture<Void>> recorded = contact -> CompletableFuture.completedFuture(null);

    /**
     * {@code config} and {@code resources} give the instance in force (read on the loop); {@code ringbackTone}
     * the file a transferred caller hears while the third party rings (null: none).
     */
    public Telephony(ContactCenterLoop loop, MediaRelay relay, EventBus events, Supplier<InstanceConfig> config,
                     Supplier<InstanceResources> resources, Supplier<Path> ringbackTone) {
        this.loop = loop;
        this.events = events;
        this.config = config;
        this.resources = resources;
        this.relay = new LoopRelay(relay, loop);
        this.calls = new CallRegistry(events);
        ContactStreams streams = new ContactStreams(this.relay, calls, config);
        this.media = new RelayMediaPort(this.relay, calls, resources, streams);
        this.signalling = new LegSignallingPort(calls, this.relay, loop, config, this::thirdPartyLeft, ringbackTone);
        this.ringbackTone = ringbackTone;
        this.relayEvents = new RelayEvents(loop, calls, media, () -> engine);
        events.subscribe(event -> {
            if (event instanceof ContactEvent.ContactEnded ended) {
                streams.stop(ended.contact().contactId());
                calls.byContact(ended.contact().contactId()).ifPresent(this::releaseWhenRecorded);
            }
        });
    }

    /**
     * From now on a call whose contact ended is released only once {@code recorded} completes for its contact
     * (its trace record is on disk), or {@link #RELEASE_LIMIT} passed; without it, at once.
     */
    public void releaseAfter(Function<ContactId, CompletableFuture<Void>> recorded) {
        this.recorded = Objects.requireNonNull(recorded, "recorded");
    }

    /**
     * The contact ended while its call is up (the flow disconnected it): hang up and free the media after its
     * record is written. The loop does not wait: the write's completion comes back as a loop task. A record
     * that is already written (or failed) releases now; a disk that hangs holds the call at most
     * {@link #RELEASE_LIMIT}.
     */
    private void releaseWhenRecorded(Call call) {
        CompletableFuture<Void> written = recorded.apply(call.contact());
        if (written.isDone()) {
            call.release(true);
            return;
        }
        Cancellable limit = loop.schedule(RELEASE_LIMIT, () -> {
            if (call.release(true)) {
                call.warn("contact {}: its trace record was not written within {} s; call released anyway",
                        call.contact(), RELEASE_LIMIT.toSeconds());
            }
        });
        written.whenComplete((v, error) -> {
            limit.cancel();
            call.release(true);
        });
    }

    /** Completes the wiring with the engine built over this object's ports; once, before any call. */
    public void bind(FlowEngine flowEngine) {
        if (engine != null) {
            throw new IllegalStateException("already bound to an engine");
        }
        this.engine = Objects.requireNonNull(flowEngine, "flowEngine");
        this.inbound = new InboundCalls(loop, config, flowEngine, relay, calls, events);
    }

    public MediaPort mediaPort() {
        return media;
    }

    public SignallingPort signallingPort() {
        return signalling;
    }

    /** What the SIP edge gives inbound legs to; called on its SIP core loop. */
    public CallHandler callHandler() {
        return leg -> inbound.onIncomingCall(leg);
    }

    /** What the relay reports its events to; called on its event thread. */
    public MediaEventListener relayEvents() {
        return relayEvents;
    }

    /**
     * Routes waiting callers to the roster's agents (see {@link AgentRouting}); once, after {@link #bind}, while
     * the contact center is built. Returns the router, for its figures.
     */
    public Router routeAgents(AgentRoster roster, QueueBook queues) {
        return routeAgents(roster, queues, SoftphoneSettings.defaults());
    }

    /** As {@link #routeAgents(AgentRoster, QueueBook)}, with the softphones' offer time and reconnect window. */
    public Router routeAgents(AgentRoster roster, QueueBook queues, SoftphoneSettings softphoneSettings) {
        if (agentRouting != null) {
            throw new IllegalStateException("agents are routed already");
        }
        softphones = new Softphones(loop, relay, roster, softphoneSettings);
        relayEvents.onTransportFailure(softphones::transportFailed);
        AgentRouting routing = new AgentRouting(loop, events, roster, calls, queues, relay, signalling::dialer, config,
                () -> engine, softphones);
        events.subscribe(event -> {
            if (event instanceof ContactEvent.ContactEnded ended) {
                routing.contactEnded(ended.contact().contactId());
            }
        });
        OutboundCalls outbound = new OutboundCalls(loop, events, roster, calls, relay, signalling::dialer, config,
                () -> resources.get().catalog(), () -> engine, softphones, ringbackTone);
        routing.placeOutboundWith(outbound);
        QueuedCallbacks callbacks = new QueuedCallbacks(loop, events, queues, roster, config, () -> engine, outbound);
        routing.routeCallbacksTo(callbacks);
        queues.createCallbacksWith(callbacks::create);
        inbound.recogniseWith(callbacks::recognise);
        agentRouting = routing;
        return routing.router();
    }

    /** The softphone agents' media (on the loop); after {@link #routeAgents}. */
    public Softphones softphones() {
        return Objects.requireNonNull(softphones, "agents are not routed yet");
    }

    /** What agents do to their connected contacts (on the loop); after {@link #routeAgents}. */
    public AgentCalls agentCalls() {
        return Objects.requireNonNull(agentRouting, "agents are not routed yet");
    }

    /** On the loop: a hook flow of {@code contact} ended; a whisper's end moves its agent's connect on. */
    public void hookFlowEnded(ContactId contact, io.switchboard.routing.contact.EventHook hook) {
        if (agentRouting != null) {
            agentRouting.hookFlowEnded(contact, hook);
        }
    }

    /** Lets flows transfer callers to external numbers through {@code dialer}; from any thread. */
    public void useDialer(Dialer dialer) {
        signalling.useDialer(dialer);
    }

    /** A third party hung up after a transfer that hands the caller over for good: the caller goes too. */
    private void thirdPartyLeft(Call call) {
        engine.hangUp(call.contact(), DisconnectReason.THIRD_PARTY_DISCONNECT);
    }

    /** On the loop: new calls get 503 from now on; calls in progress carry on. */
    public void stopAccepting() {
        inbound.stopAccepting();
    }

    /**
     * On the loop: ends every call's contact, whose end hangs the caller up (BYE) once its record is written;
     * a call not answered yet is refused at once.
     */
    public void hangUpAll() {
        for (Call call : calls.all()) {
            if (call.customer().state() == CustomerLeg.State.OFFERED) {
                call.release(true);
            } else {
                engine.hangUp(call.contact(), DisconnectReason.OTHER);
            }
        }
    }

    /** On the loop: completes once no call is left. */
    public CompletableFuture<Void> whenNoCalls() {
        return calls.whenEmpty();
    }

    /** On the loop: the contacts of the calls up now. */
    public List<ContactId> liveContacts() {
        return calls.all().stream().map(Call::contact).toList();
    }

    /** On the loop: the calls up now. */
    public int callCount() {
        return calls.size();
    }
}
