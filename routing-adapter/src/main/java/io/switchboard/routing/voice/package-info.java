/**
 * The contact center on live calls: the flow engine's ports implemented over sip-edge's and media-relay's
 * {@code api} packages (never their internals). {@link io.switchboard.routing.voice.ContactCenter} is the
 * entry point the launcher builds; ownership is {@code ContactCenter -> VoiceCalls -> VoiceCall -> (leg,
 * endpoint, current playback)}, and a call is torn down once, by {@code LegSignallingPort.release}.
 */
package io.switchboard.routing.voice;
