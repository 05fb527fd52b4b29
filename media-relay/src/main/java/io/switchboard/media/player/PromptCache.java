package io.switchboard.media.player;

import io.switchboard.media.codec.WavFormatException;
import io.switchboard.media.codec.WavReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Decodes each prompt file once, off the event loops, and shares the result. A file changed on disk (by
 * modification time and size) is decoded again on its next use; a failed load is not cached.
 */
public final class PromptCache {
    private record Key(Path path, FileTime modified, long size) {
    }

    private final ConcurrentHashMap<Key, CompletableFuture<Prompt>> prompts = new ConcurrentHashMap<>();
    private final Executor blocking;

    /** @param blocking where files are read and decoded (never an event loop) */
    public PromptCache(Executor blocking) {
        this.blocking = blocking;
    }

    /** The prompt for {@code file}; completes exceptionally with a WavFormatException or IOException. */
    public CompletableFuture<Prompt> get(Path file) {
        Path path = file.toAbsolutePath().normalize();
        return CompletableFuture.supplyAsync(() -> key(path), blocking).thenCompose(key -> {
            CompletableFuture<Prompt> f = prompts.computeIfAbsent(key, k -> CompletableFuture.supplyAsync(() -> {
                try {
                    return Prompt.fromLinear(path.toString(), WavReader.read(path));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (WavFormatException e) {
                    throw new CompletionException(e);
                }
            }, blocking));
            f.whenComplete((p, e) -> {
                if (e != null) {
                    prompts.remove(key, f);
                }
            });
            return f;
        });
    }

    public int size() {
        return prompts.size();
    }

    private static Key key(Path path) {
        try {
            return new Key(path, Files.getLastModifiedTime(path), Files.size(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt " + path, e);
        }
    }
}
