package io.switchboard.routing.call;

import io.switchboard.config.model.User;
import io.switchboard.media.api.EndpointId;
import io.switchboard.media.api.TransportFailure;
import io.switchboard.routing.agent.Agent;
import io.switchboard.routing.agent.AgentRequestException;
import io.switchboard.routing.agent.AgentRequestException.Reason;
import io.switchboard.routing.agent.AgentRoster;
import io.switchboard.routing.agent.AgentState;
import io.switchboard.routing.agent.RoutingBlock;
import io.switchboard.routing.core.ContactCenterLoop;
import io.switchboard.routing.flow.Cancellable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The softphone agents' persistent media: one WebRTC endpoint of the relay per agent connection (the panel's
 * WebSocket), answered from the page's offer and kept across contacts, so accepting a contact only bridges.
 * While a panel is connected without media, or its media stopped answering, the agent is not routable and the
 * block says why. A connection that goes away during a call leaves the caller on hold audio for the
 * reconnect window; the agent's next connection that offers media gets the call bridged to its new endpoint,
 * and past the window the contact goes back to its queue (or ends as if the agent hung up, by setting). Owned by the contact center's loop.
 */
public final class Softphones {

    private static final Logger LOG = LoggerFactory.getLogger(Softphones.class);

    /** One agent's media: the connection it belongs to, its endpoint, and the contact leg it carries. */
    private static final class Phone {
        /** The open connection; null while none is (the agent may come back within the window). */
        String connection;
        EndpointId endpoint;
        boolean answering;
        SoftphoneLeg leg;
        Cancellable window;
    }

    private final ContactCenterLoop loop;
    private final LoopRelay relay;
    private final AgentRoster roster;
    private final SoftphoneSettings settings;
    private final Map<String, Phone> phones = new HashMap<>();
    private final Map<EndpointId, String> owners = new HashMap<>();

    Softphones(ContactCenterLoop loop, LoopRelay relay, AgentRoster roster, SoftphoneSettings settings) {
        this.loop = loop;
        this.relay = relay;
        this.roster = roster;
        this.settings = settings;
        roster.watch(agent -> {
            if (agent.state() == AgentState.LOGGED_OUT && phones.containsKey(agent.username())) {
                loggedOut(agent.username());
            }
        });
    }

    public SoftphoneSettings settings() {
        return settings;
    }

    /**
     * The agent's panel connected as {@code connection}: until it offers media, a softphone agent is not routable.
     * A desk-phone agent's panel keeps its media too, so that choosing the softphone on it needs no reload.
     */
    public void opened(String username, String connection) {
        Optional<Agent> agent = roster.agent(username).filter(a -> a.state() != AgentState.LOGGED_OUT);
        if (agent.isEmpty()) {
            return;
        }
        Phone phone = phones.computeIfAbsent(username, u -> new Phone());
        // A newer panel of the agent (a reload, another tab): the old one's media goes with it.
        mediaGone(username, phone);
        phone.connection = connection;
        phone.answering = false;
        if (onSoftphone(agent.get())) {
            roster.block(agent.get(), new RoutingBlock(RoutingBlock.Reason.NO_SOFTPHONE_MEDIA,
                    "the panel is connected but its audio is not set up yet; allow the microphone"));
        }
    }

    /**
     * The agent chose another phone: on a desk phone the softphone's media no longer decides routability; on the
     * softphone the agent is routable once the panel's media is up.
     */
    public void phoneChanged(String username) {
        Optional<Agent> agent = roster.agent(username).filter(a -> a.state() != AgentState.LOGGED_OUT);
        if (agent.isEmpty()) {
            return;
        }
        if (!onSoftphone(agent.get())) {
            roster.block(agent.get(), null);
            return;
        }
        Phone phone = phones.get(username);
        boolean ready = phone != null && phone.connection != null && phone.endpoint != null;
        roster.block(agent.get(), ready ? null : new RoutingBlock(RoutingBlock.Reason.NO_SOFTPHONE_MEDIA,
                phone == null || phone.connection == null ? "the panel is not connected"
                        : "the panel is connected but its audio is not set up yet; allow the microphone"));
    }

    /**
     * The panel's SDP offer on {@code connection}: the first one gets a new WebRTC endpoint, a later one (an ICE
     * restart) renegotiates it. Completes with the relay's answer; the agent is routable from then on, and a
     * call that waited for them on hold audio is bridged to the new media.
     */
    public CompletableFuture<String> offer(String username, String connection, String sdp) {
        Phone phone = phones.get(username);
        if (phone == null || !connection.equals(phone.connection)) {
            return CompletableFuture.failedFuture(new AgentRequestException(Reason.NO_SOFTPHONE_MEDIA,
                    "this connection is not " + username + "'s softphone (replaced, or not a softphone agent)"));
        }
        if (phone.answering) {
            return CompletableFuture.failedFuture(new AgentRequestException(Reason.MEDIA_FAILED,
                    "an offer of this connection is still being answered; send the next one after its answer"));
        }
        phone.answering = true;
        EndpointId existing = phone.endpoint;
        CompletableFuture<Answered> answer = existing != null
                ? relay.update(existing, sdp).thenApply(a -> new Answered(existing, a))
                : relay.answer(callId(username, connection), sdp).thenApply(n -> new Answered(n.id(), n.localSdp()));
        return answer.handle((answered, error) -> {
            boolean current = phones.get(username) == phone && connection.equals(phone.connection);
            if (current) {
                phone.answering = false;
            }
            if (error != null) {
                throw new AgentRequestException(Reason.MEDIA_FAILED, "the softphone's offer was refused: "
                        + LoopRelay.rootMessage(error));
            }
            if (!current) {
                if (existing == null) {
                    relay.destroy(answered.endpoint()).handle((v, e) -> null);
                }
                throw new AgentRequestException(Reason.NO_SOFTPHONE_MEDIA, "the connection closed before its media"
                        + " was set up");
            }
            if (existing == null) {
                phone.endpoint = answered.endpoint();
                owners.put(answered.endpoint(), username);
                LOG.info("agent {}: softphone media on endpoint {}", username, answered.endpoint());
            }
            roster.agent(username).ifPresent(a -> roster.block(a, null));
            if (phone.leg != null && phone.leg.paused()) {
                cancelWindow(phone);
                phone.leg.mediaBack(phone.endpoint);
            }
            return answered.sdp();
        });
    }

    private record Answered(EndpointId endpoint, String sdp) {
    }

    /** The panel's connection closed: its media goes; a call on it waits for the agent on hold audio. */
    public void closed(String username, String connection) {
        Phone phone = phones.get(username);
        if (phone == null || !connection.equals(phone.connection)) {
            return;
        }
        phone.connection = null;
        mediaGone(username, phone);
        roster.agent(username).filter(Softphones::onSoftphone).filter(a -> a.block().map(b -> b.reason()
                        != RoutingBlock.Reason.SOFTPHONE_UNREACHABLE).orElse(true))
                .ifPresent(a -> roster.block(a, new RoutingBlock(RoutingBlock.Reason.NO_SOFTPHONE_MEDIA,
                        "the panel is not connected")));
        if (phone.leg == null) {
            phones.remove(username);
        }
    }

    /** The panel did not answer the server's pings in time: not routable until it offers media again. */
    public void unreachable(String username, String connection, String detail) {
        Phone phone = phones.get(username);
        if (phone == null || !connection.equals(phone.connection)) {
            return;
        }
        roster.agent(username).filter(Softphones::onSoftphone).ifPresent(a -> roster.block(a,
                new RoutingBlock(RoutingBlock.Reason.SOFTPHONE_UNREACHABLE, detail)));
    }

    /** The relay's report that an agent endpoint's secure transport failed (ICE consent, DTLS). */
    void transportFailed(EndpointId endpoint, TransportFailure failure) {
        String username = owners.get(endpoint);
        Phone phone = username == null ? null : phones.get(username);
        if (phone == null || !endpoint.equals(phone.endpoint)) {
            return;
        }
        LOG.warn("agent {}: softphone media failed ({})", username, failure);
        mediaGone(username, phone);
        String detail = switch (failure) {
            case CONSENT_EXPIRED -> "the browser stopped answering on the media path (ICE consent expired);"
                    + " check the network, then reload the panel";
            case FINGERPRINT_MISMATCH -> "the browser's media certificate did not match its offer; reload the panel";
            case DTLS_TIMEOUT, DTLS_FAILED -> "the secure media handshake with the browser failed; reload the panel";
            case DTLS_CLOSED -> "the browser closed its media connection; reload the panel";
        };
        roster.agent(username).filter(Softphones::onSoftphone).ifPresent(a -> roster.block(a,
                new RoutingBlock(RoutingBlock.Reason.SOFTPHONE_UNREACHABLE, detail)));
    }

    /** The agent's media endpoint when a contact can be connected to it now. */
    Optional<EndpointId> readyEndpoint(String username) {
        Phone phone = phones.get(username);
        if (phone == null || phone.connection == null || phone.endpoint == null) {
            return Optional.empty();
        }
        boolean blocked = roster.agent(username).flatMap(Agent::block).isPresent();
        return blocked ? Optional.empty() : Optional.of(phone.endpoint);
    }

    /** The leg now carries the agent's contact (connected). */
    void attach(String username, SoftphoneLeg leg) {
        Phone phone = phones.get(username);
        if (phone != null) {
            phone.leg = leg;
        }
    }

    /** The leg is over: the phone no longer carries it. */
    void detach(String username, SoftphoneLeg leg) {
        Phone phone = phones.get(username);
        if (phone != null && phone.leg == leg) {
            phone.leg = null;
            cancelWindow(phone);
            if (phone.connection == null) {
                phones.remove(username);
            }
        }
    }

    /** True while the agent's call waits on hold audio for their media to come back. */
    boolean paused(String username) {
        Phone phone = phones.get(username);
        return phone != null && phone.leg != null && phone.leg.paused();
    }

    private void mediaGone(String username, Phone phone) {
        releaseEndpoint(username, phone);
        if (phone.leg != null && phone.leg.connected()) {
            phone.leg.mediaLost();
            if (phone.window == null) {
                SoftphoneLeg leg = phone.leg;
                phone.window = loop.schedule(settings.reconnectWindow(), () -> windowPassed(username, leg));
            }
        }
    }

    private void windowPassed(String username, SoftphoneLeg leg) {
        Phone phone = phones.get(username);
        if (phone != null) {
            phone.window = null;
        }
        if (!leg.paused()) {
            return;
        }
        if (settings.afterWindow() == SoftphoneSettings.AfterWindow.REQUEUE) {
            LOG.info("agent {}: no media within {} s; the contact goes back to its queue", username,
                    settings.reconnectWindow().toSeconds());
            leg.abandon();
        } else {
            LOG.info("agent {}: no media within {} s; ending the call", username, settings.reconnectWindow().toSeconds());
            leg.hangUpByAgent();
        }
    }

    private void loggedOut(String username) {
        Phone phone = phones.remove(username);
        releaseEndpoint(username, phone);
        cancelWindow(phone);
        if (phone.leg != null) {
            phone.leg.hangUpByAgent();
        }
    }

    private void releaseEndpoint(String username, Phone phone) {
        EndpointId endpoint = phone.endpoint;
        if (endpoint == null) {
            return;
        }
        phone.endpoint = null;
        owners.remove(endpoint);
        if (phone.leg != null) {
            phone.leg.mediaLost();
        }
        relay.unbridge(endpoint).handle((v, e) -> null).thenCompose(v -> relay.destroy(endpoint)).handle((v, e) -> {
            if (e != null) {
                LOG.debug("agent {}: softphone endpoint {} already gone: {}", username, endpoint, e.toString());
            }
            return null;
        });
    }

    private static void cancelWindow(Phone phone) {
        if (phone.window != null) {
            phone.window.cancel();
            phone.window = null;
        }
    }

    private static boolean onSoftphone(Agent agent) {
        return agent.configuration().phoneType() == User.PhoneType.SOFTPHONE;
    }

    /** The relay's call id of an agent's endpoint: the media loop follows it. */
    private static String callId(String username, String connection) {
        return "agent-" + username + "-" + connection;
    }
}
