package io.switchboard.sip.session;

import io.switchboard.sip.codec.SipMessage;
import io.switchboard.sip.dialog.Dialog;
import io.switchboard.sip.transport.SipFlow;
import java.util.HashMap;
import java.util.Map;

/**
 * The UAC half of RFC 3262 for one INVITE we sent: a reliable provisional response (Require: 100rel with an RSeq)
 * is acknowledged with PRACK in its early dialog (section 7.2), once per RSeq, in order; a retransmission or an
 * out-of-order one is not passed on. Core loop only.
 */
final class ReliableProvisionals {
    /** Early dialogs by To tag: the PRACKs' dialogs, whose CSeq the confirmed dialog continues. */
    private final Map<String, Dialog> early = new HashMap<>();
    /** The last RSeq acknowledged, by To tag (section 4: each early dialog numbers its own). */
    private final Map<String, Long> lastRseq = new HashMap<>();

    /** True when {@code response} asks for PRACK (section 4: Require names 100rel and RSeq is present). */
    static boolean isReliable(SipMessage response) {
        if (response.statusCode() <= 100 || response.header("RSeq") == null) {
            return false;
        }
        for (String require : response.headers("Require")) {
            for (String option : require.split(",")) {
                if (option.trim().equalsIgnoreCase("100rel")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Sends the PRACK for a reliable provisional; false (nothing sent) for a retransmission, an RSeq out of order
     * or a malformed one, which the leg then ignores (section 4: "the UAC MUST NOT" act on those).
     */
    boolean acknowledge(SipMessage invite, SipMessage response, Dialog.Via via, SipFlow flow, SessionLayer session) {
        String toTag = response.toTag();
        long rseq;
        try {
            rseq = Long.parseLong(response.header("RSeq").trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (toTag == null || rseq < 1 || rseq > 0xFFFFFFFFL) {
            return false;
        }
        Long last = lastRseq.get(toTag);
        if (last != null && rseq != last + 1) {
            return false;
        }
        lastRseq.put(toTag, rseq);
        Dialog dialog = early.computeIfAbsent(toTag, t -> Dialog.asUac(invite, response, via, flow));
        SipMessage prack = dialog.newRequest("PRACK", null, null);
        prack.setHeader("RAck", rseq + " " + response.cseq() + " INVITE"); // section 7.2
        session.sendInDialog(dialog, prack, null);
        return true;
    }

    /** The CSeq the confirmed dialog of {@code toTag} starts after: that of its last PRACK, else the INVITE's. */
    long localCseqFor(String toTag, long inviteCseq) {
        Dialog d = early.get(toTag);
        return d == null ? inviteCseq : Math.max(inviteCseq, d.localCseq());
    }
}
