package io.switchboard.media.codec;

/** The G.711 laws the relay speaks, with their RFC 3551 static payload types and SDP encoding names. */
public enum AudioCodec {
    PCMU(G711.PT_PCMU, "PCMU"), PCMA(G711.PT_PCMA, "PCMA");

    private final int staticPayloadType;
    private final String encodingName;

    AudioCodec(int staticPayloadType, String encodingName) {
        this.staticPayloadType = staticPayloadType;
        this.encodingName = encodingName;
    }

    public int staticPayloadType() {
        return staticPayloadType;
    }

    public String encodingName() {
        return encodingName;
    }

    /** Encodes a linear sample in this law. */
    public byte encode(int sample) {
        return this == PCMA ? G711.linearToAlaw(sample) : G711.linearToUlaw(sample);
    }

    /** Decodes a code of this law to linear. */
    public short decode(byte code) {
        return this == PCMA ? G711.alawToLinear(code) : G711.ulawToLinear(code);
    }

    /** The codec for an SDP encoding name (case-insensitive), or null. */
    public static AudioCodec byName(String name) {
        if (name == null) {
            return null;
        }
        for (AudioCodec c : values()) {
            if (c.encodingName.equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }
}
