package io.switchboard.routing.flow.engine;

import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.RecordingBehavior;
import io.switchboard.routing.port.MediaPort;
import io.switchboard.routing.port.Playback;
import io.switchboard.routing.port.Playlist;

/**
 * The media a flow running on the agent's side (the agent whisper) sees: what it plays goes to the agent,
 * not the caller; recording stays the contact's.
 */
final class AgentSideMedia implements MediaPort {

    private final MediaPort contactMedia;

    AgentSideMedia(MediaPort contactMedia) {
        this.contactMedia = contactMedia;
    }

    @Override
    public Playback play(ContactId contact, Playlist playlist) {
        return contactMedia.playToAgent(contact, playlist);
    }

    @Override
    public Playback playToAgent(ContactId contact, Playlist playlist) {
        return contactMedia.playToAgent(contact, playlist);
    }

    @Override
    public void startRecording(ContactId contact, RecordingBehavior behavior) {
        contactMedia.startRecording(contact, behavior);
    }

    @Override
    public void stopRecording(ContactId contact) {
        contactMedia.stopRecording(contact);
    }
}
