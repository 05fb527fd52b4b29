package io.switchboard.config.model;

/** Sample encodings accepted for prompts: 16-bit linear PCM or 8-bit G.711 (RFC 3551 PCMU/PCMA). */
public enum AudioEncoding {
    PCM_S16LE(16), PCMU(8), PCMA(8);

    private final int bitsPerSample;

    AudioEncoding(int bitsPerSample) {
        this.bitsPerSample = bitsPerSample;
    }

    public int bitsPerSample() {
        return bitsPerSample;
    }
}
