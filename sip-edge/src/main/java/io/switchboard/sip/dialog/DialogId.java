package io.switchboard.sip.dialog;

/** RFC 3261 section 12: a dialog is identified by Call-ID, local tag and remote tag. */
public record DialogId(String callId, String localTag, String remoteTag) {
}
