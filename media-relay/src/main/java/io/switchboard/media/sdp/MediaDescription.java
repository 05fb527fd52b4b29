package io.switchboard.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One m= section of a session description with the attributes the relay uses (RFC 8866 section 5.14). */
public final class MediaDescription {
    final String media;
    final int port;
    final String proto;
    final List<String> formats;
    final Map<Integer, String> rtpmap = new LinkedHashMap<>();
    final Map<Integer, String> fmtp = new LinkedHashMap<>();
    String connectionAddress;
    Direction direction;
    int ptime;
    boolean rtcpMux;
    int rtcpPort = -1;
    String rtcpAddress;
    long ssrc = -1;
    /** WebRTC attributes at media level (RFC 8839, RFC 8122, RFC 8843); null when absent. */
    String iceUfrag;
    String icePwd;
    String fingerprint;
    String setup;
    String mid;
    boolean bundleOnly;
    final List<String> candidates = new ArrayList<>();

    MediaDescription(String media, int port, String proto, List<String> formats) {
        this.media = media;
        this.port = port;
        this.proto = proto;
        this.formats = new ArrayList<>(formats);
    }

    public String media() {
        return media;
    }

    public int port() {
        return port;
    }

    public String proto() {
        return proto;
    }

    /** The format tokens of the m= line in the offerer's order of preference. */
    public List<String> formats() {
        return List.copyOf(formats);
    }

    /** The a=rtpmap encoding name of {@code payloadType} in lower case, or the RFC 3551 static name. */
    public String encodingName(int payloadType) {
        String map = rtpmap.get(payloadType);
        if (map != null) {
            int slash = map.indexOf('/');
            return (slash < 0 ? map : map.substring(0, slash)).toLowerCase(Locale.ROOT);
        }
        return switch (payloadType) {
            case 0 -> "pcmu";
            case 8 -> "pcma";
            default -> null;
        };
    }

    /** The clock rate of {@code payloadType} from a=rtpmap, 8000 for static types without one. */
    public int clockRate(int payloadType) {
        String map = rtpmap.get(payloadType);
        if (map == null) {
            return 8000;
        }
        String[] parts = map.split("/");
        try {
            return parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 8000;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The media-level c= address, or null when only the session level carries one. */
    public String connectionAddress() {
        return connectionAddress;
    }

    /** The direction attribute, or null when absent (which means the session level or sendrecv). */
    public Direction direction() {
        return direction;
    }

    public int ptime() {
        return ptime;
    }

    public boolean rtcpMux() {
        return rtcpMux;
    }

    /** The a=rtcp port (RFC 3605), or -1 when absent. */
    public int rtcpPort() {
        return rtcpPort;
    }

    /** The a=rtcp address (RFC 3605), or null when absent. */
    public String rtcpAddress() {
        return rtcpAddress;
    }

    /** The first a=ssrc value (RFC 5576), or -1 when absent. */
    public long ssrc() {
        return ssrc;
    }

    /** The a=ice-ufrag at media level, or null (RFC 8839 section 5.4). */
    public String iceUfrag() {
        return iceUfrag;
    }

    /** The a=ice-pwd at media level, or null. */
    public String icePwd() {
        return icePwd;
    }

    /** The a=fingerprint value at media level ({@code sha-256 AB:CD:...}), or null (RFC 8122 section 5). */
    public String fingerprint() {
        return fingerprint;
    }

    /** The a=setup value at media level ({@code actpass}, {@code active}, {@code passive}), or null (RFC 4145). */
    public String setup() {
        return setup;
    }

    /** The a=mid value, or null (RFC 5888). */
    public String mid() {
        return mid;
    }

    /** True with a=bundle-only (RFC 8843 section 6). */
    public boolean bundleOnly() {
        return bundleOnly;
    }

    /** The a=candidate values in order (RFC 8839 section 5.1). */
    public List<String> candidates() {
        return List.copyOf(candidates);
    }
}
