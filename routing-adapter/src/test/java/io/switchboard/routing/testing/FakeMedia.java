package io.switchboard.routing.testing;

import io.switchboard.routing.contact.ContactId;
import io.switchboard.routing.contact.RecordingBehavior;
import io.switchboard.routing.port.MediaPort;
import io.switchboard.routing.port.Playback;
import io.switchboard.routing.port.Playlist;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Media that records what the engine asked for; tests finish or fail playbacks by hand. */
public final class FakeMedia implements MediaPort {

    public final List<FakePlayback> plays = new ArrayList<>();
    public final List<String> recordings = new ArrayList<>();
    /** Streaming requests in order: "start from,to" / "stop". */
    public final List<String> streams = new ArrayList<>();
    /** When set, every stream fails to start with this reason. */
    public String streamingFails;

    @Override
    public Playback play(ContactId contact, Playlist playlist) {
        FakePlayback playback = new FakePlayback(contact, playlist);
        plays.add(playback);
        return playback;
    }

    @Override
    public void startRecording(ContactId contact, RecordingBehavior behavior) {
        recordings.add("start " + contact);
    }

    @Override
    public void stopRecording(ContactId contact) {
        recordings.add("stop " + contact);
    }

    @Override
    public CompletionStage<Void> startStreaming(ContactId contact, io.switchboard.routing.port.StreamedAudio audio) {
        streams.add("start " + (audio.fromCustomer() ? "from" : "") + (audio.fromCustomer() && audio.toCustomer() ? "," : "")
                + (audio.toCustomer() ? "to" : ""));
        return streamingFails == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new IllegalStateException(streamingFails));
    }

    @Override
    public void stopStreaming(ContactId contact) {
        streams.add("stop");
    }

    public FakePlayback last() {
        if (plays.isEmpty()) {
            throw new AssertionError("nothing was played");
        }
        return plays.get(plays.size() - 1);
    }

    /** One playback the engine started. */
    public static final class FakePlayback implements Playback {
        public final ContactId contact;
        public final Playlist playlist;
        public final CompletableFuture<Void> finished = new CompletableFuture<>();
        public boolean stopped;

        FakePlayback(ContactId contact, Playlist playlist) {
            this.contact = contact;
            this.playlist = playlist;
        }

        @Override
        public CompletionStage<Void> finished() {
            return finished;
        }

        @Override
        public void stop() {
            stopped = true;
        }

        public void finish() {
            finished.complete(null);
        }

        public void fail(String why) {
            finished.completeExceptionally(new IllegalStateException(why));
        }
    }
}
