package io.switchboard.routing.port;

import java.util.List;

/** Prompts played one after the other; with {@code loop} the list restarts until stopped. */
public record Playlist(List<Prompt> items, boolean loop) {

    public Playlist {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a playlist needs at least one prompt");
        }
    }

    public static Playlist once(Prompt prompt) {
        return new Playlist(List.of(prompt), false);
    }
}
