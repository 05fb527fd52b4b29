package io.switchboard.sip.session;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.transaction.ClientTransaction;
import io.switchboard.sip.transaction.ClientTransactionListener;
import io.switchboard.sip.transaction.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 4028 session timer of one dialog: the refresher refreshes every half interval, by UPDATE without a body
 * when the far end allows UPDATE, else by a re-INVITE offering the session unchanged (RFC 4028 sections 7.4, 9); without a refresh by interval - min(32 s, interval / 3) the session
 * is over and the leg sends BYE (section 10). This is what clears calls whose BYE was lost. Core loop only.
 */
final class SessionTimer implements ClientTransactionListener {
    /** RFC 4028 section 4: the smallest interval we accept (and the Min-SE we send with a 422). */
    static final int MIN_SE_SECONDS = 90;
    private static final Logger LOG = LoggerFactory.getLogger(SessionTimer.class);

    private final Leg leg;
    private final SessionLayer session;
    private final long intervalMillis;
    private final boolean weRefresh;
    private TimerScheduler.Cancellable expiry;
    private TimerScheduler.Cancellable refresh;
    private boolean stopped;

    SessionTimer(Leg leg, SessionLayer session, int intervalSeconds, boolean weRefresh) {
        this.leg = leg;
        this.session = session;
        this.intervalMillis = intervalSeconds * 1000L;
        this.weRefresh = weRefresh;
    }

    /**
     * The Session-Expires interval a request or response asks for, or -1 when it has none or it cannot be
     * read ("1800;refresher=uac" gives 1800).
     */
    static int interval(SipMessage message) {
        String value = message.header("Session-Expires");
        if (value == null) {
            return -1;
        }
        int semi = value.indexOf(';');
        try {
            return Integer.parseInt((semi < 0 ? value : value.substring(0, semi)).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The refresher parameter ("uac", "uas") of a Session-Expires value, or null. */
    static String refresher(SipMessage message) {
        String value = message.header("Session-Expires");
        if (value == null) {
            return null;
        }
        int at = value.toLowerCase(java.util.Locale.ROOT).indexOf("refresher=");
        return at < 0 ? null : value.substring(at + 10).split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    }

    static boolean supportsTimer(SipMessage message) {
        for (String h : new String[] {"Supported", "Require"}) {
            for (String v : message.headers(h)) {
                if (v.trim().equalsIgnoreCase("timer")) {
                    return true;
                }
            }
        }
        return false;
    }

    void start() {
        onRefreshed();
    }

    /** A refresh happened (a 2xx to a re-INVITE or UPDATE, either way): the interval starts again. */
    void onRefreshed() {
        if (stopped) {
            return;
        }
        cancel();
        TimerScheduler scheduler = session.transactions().scheduler();
        expiry = scheduler.schedule(intervalMillis - Math.min(32_000, intervalMillis / 3), this::expired);
        if (weRefresh) {
            refresh = scheduler.schedule(intervalMillis / 2, this::sendRefresh);
        }
    }

    private void sendRefresh() {
        if (stopped || leg.ended || leg.dialog() == null) {
            return;
        }
        String sessionExpires = (intervalMillis / 1000) + ";refresher=uac";
        if (!leg.peerAllowsUpdate) {
            leg.renegotiation.refreshByReInvite(sessionExpires); // its 2xx restarts the timer via sessionRefreshed
            return;
        }
        SipMessage update = leg.dialog().newRequest("UPDATE", null, null);
        update.setHeader("Session-Expires", sessionExpires);
        update.setHeader("Supported", "timer");
        update.setHeader("Allow", SessionLayer.ALLOW);
        session.transactions().send(update, session.flowFor(leg.dialog()), this);
    }

    @Override
    public void onResponse(ClientTransaction tx, SipMessage response) {
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
            leg.notePeerAllow(response);
            onRefreshed();
        } else if (code == 405 || code == 501) {
            // UPDATE listed but refused: refresh by re-INVITE now and from here on
            leg.peerAllowsUpdate = false;
            sendRefresh();
        } else if (code == 408 || code == 481) {
            leg.hangUpAfterDialogFailure("session refresh " + code);
        }
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        leg.hangUpAfterDialogFailure("session refresh timeout");
    }

    private void expired() {
        if (stopped || leg.ended) {
            return;
        }
        LOG.info("leg {}: session timer expired without a refresh ({})", leg.id(), leg.callId());
        leg.hangUpOnSessionExpiry();
    }

    void stop() {
        stopped = true;
        cancel();
    }

    private void cancel() {
        if (expiry != null) {
            expiry.cancel();
        }
        if (refresh != null) {
            refresh.cancel();
        }
    }
}
