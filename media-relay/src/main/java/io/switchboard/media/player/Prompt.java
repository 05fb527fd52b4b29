package io.switchboard.media.player;

import io.switchboard.media.codec.AudioCodec;
import io.switchboard.media.codec.G711;

/** A decoded prompt, held once in both G.711 laws so a thousand calls share it without re-encoding. */
public final class Prompt {
    private final String name;
    private final byte[] pcmu;
    private final byte[] pcma;

    private Prompt(String name, byte[] pcmu, byte[] pcma) {
        this.name = name;
        this.pcmu = pcmu;
        this.pcma = pcma;
    }

    /** Encodes 8 kHz linear samples into both laws. */
    public static Prompt fromLinear(String name, short[] samples) {
        byte[] u = new byte[samples.length];
        byte[] a = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            u[i] = G711.linearToUlaw(samples[i]);
            a[i] = G711.linearToAlaw(samples[i]);
        }
        return new Prompt(name, u, a);
    }

    public String name() {
        return name;
    }

    /** The samples in {@code codec}; shared, never modify. */
    byte[] samples(AudioCodec codec) {
        return codec == AudioCodec.PCMA ? pcma : pcmu;
    }

    public int sampleCount() {
        return pcmu.length;
    }

    public long durationMillis() {
        return pcmu.length / 8L;
    }
}
