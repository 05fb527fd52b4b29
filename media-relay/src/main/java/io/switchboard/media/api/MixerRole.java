package io.switchboard.media.api;

/** How a participant takes part in a mix. */
public enum MixerRole {
    /** Hears everyone else and is heard by everyone (conference, three-way call, barge-in). */
    SPEAKER,
    /** Hears everyone and is heard by nobody (supervisor listen-in). */
    LISTENER
}
