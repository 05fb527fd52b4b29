package io.switchboard.routing.contact;

/**
 * Who is recorded once an agent joins, and whether the IVR part is recorded too, as set by
 * {@code UpdateContactRecordingBehavior}. Immutable; the contact swaps the whole value.
 */
public record RecordingBehavior(boolean agent, boolean customer, boolean ivr) {

    public static final RecordingBehavior NONE = new RecordingBehavior(false, false, false);

    public boolean any() {
        return agent || customer || ivr;
    }
}
