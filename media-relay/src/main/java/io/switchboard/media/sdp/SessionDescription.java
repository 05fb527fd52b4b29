package io.switchboard.media.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed session description holding exactly what audio offer/answer needs (RFC 8866): origin, session
 * connection address and direction, and the m= sections. Unknown lines are skipped; malformed lines we
 * rely on are reported with their line number. Not final only so that offer/answer can view one section
 * with another connection address; nothing outside this package extends it.
 */
public class SessionDescription {
    String originAddress;
    long sessionId;
    long sessionVersion;
    String connectionAddress;
    Direction direction;
    final List<MediaDescription> media = new ArrayList<>();
    /** WebRTC attributes at session level, which media-level ones override; null when absent. */
    String iceUfrag;
    String icePwd;
    String fingerprint;
    String setup;
    boolean iceLite;
    /** The mids of the a=group:BUNDLE line (RFC 8843), empty without one. */
    final List<String> bundle = new ArrayList<>();

    SessionDescription() {
    }

    public String originAddress() {
        return originAddress;
    }

    public long sessionVersion() {
        return sessionVersion;
    }

    /** The session-level c= address, or null. */
    public String connectionAddress() {
        return connectionAddress;
    }

    public List<MediaDescription> media() {
        return List.copyOf(media);
    }

    /** The effective connection address of {@code m}: its own c= line, else the session's (RFC 8866 section 5.7). */
    public String connectionAddressOf(MediaDescription m) {
        return m.connectionAddress != null ? m.connectionAddress : connectionAddress;
    }

    /** The effective direction of {@code m}: its own attribute, the session's, else sendrecv (RFC 3264 section 5.1). */
    public Direction directionOf(MediaDescription m) {
        if (m.direction != null) {
            return m.direction;
        }
        return direction != null ? direction : Direction.SENDRECV;
    }

    /** The effective a=ice-ufrag of {@code m}: its own, else the session's, else null. */
    public String iceUfragOf(MediaDescription m) {
        return m.iceUfrag != null ? m.iceUfrag : iceUfrag;
    }

    /** The effective a=ice-pwd of {@code m}. */
    public String icePwdOf(MediaDescription m) {
        return m.icePwd != null ? m.icePwd : icePwd;
    }

    /** The effective a=fingerprint of {@code m}. */
    public String fingerprintOf(MediaDescription m) {
        return m.fingerprint != null ? m.fingerprint : fingerprint;
    }

    /** The effective a=setup of {@code m}, or null. */
    public String setupOf(MediaDescription m) {
        return m.setup != null ? m.setup : setup;
    }

    /** True when the writer is an ICE-lite agent (a=ice-lite, RFC 8839 section 5.3). */
    public boolean iceLite() {
        return iceLite;
    }

    /** The mids of the BUNDLE group, empty without one. */
    public List<String> bundle() {
        return List.copyOf(bundle);
    }

    /** Parses {@code text}; accepts CRLF or bare LF line ends. */
    public static SessionDescription parse(String text) throws SdpException {
        if (text == null || text.isBlank()) {
            throw new SdpException("empty SDP");
        }
        SessionDescription sd = new SessionDescription();
        MediaDescription current = null;
        String[] lines = text.split("\r?\n");
        boolean sawVersion = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new SdpException("line " + (i + 1) + ": not a type=value line: " + line);
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            switch (type) {
                case 'v' -> sawVersion = value.equals("0");
                case 'o' -> parseOrigin(sd, value, i + 1);
                case 'c' -> {
                    String address = parseConnection(value, i + 1);
                    if (current == null) {
                        sd.connectionAddress = address;
                    } else {
                        current.connectionAddress = address;
                    }
                }
                case 'm' -> {
                    current = parseMedia(value, i + 1);
                    sd.media.add(current);
                }
                case 'a' -> parseAttribute(sd, current, value, i + 1);
                default -> {
                    // s=, t=, b=, i= and others carry nothing the relay uses
                }
            }
        }
        if (!sawVersion) {
            throw new SdpException("missing v=0 line");
        }
        return sd;
    }

    private static void parseOrigin(SessionDescription sd, String value, int line) throws SdpException {
        String[] f = value.split(" +");
        if (f.length != 6) {
            throw new SdpException("line " + line + ": o= needs 6 fields");
        }
        try {
            sd.sessionId = Long.parseUnsignedLong(f[1]);
            sd.sessionVersion = Long.parseUnsignedLong(f[2]);
        } catch (NumberFormatException e) {
            // RFC 8866 section 5.2 asks for numbers, but some devices send other tokens: not fatal
        }
        sd.originAddress = f[5];
    }

    private static String parseConnection(String value, int line) throws SdpException {
        String[] f = value.split(" +");
        if (f.length < 3 || !f[0].equals("IN") || !(f[1].equals("IP4") || f[1].equals("IP6"))) {
            throw new SdpException("line " + line + ": c= must be IN IP4|IP6 <address>");
        }
        String address = f[2];
        int slash = address.indexOf('/'); // multicast TTL suffix
        return slash < 0 ? address : address.substring(0, slash);
    }

    private static MediaDescription parseMedia(String value, int line) throws SdpException {
        String[] f = value.split(" +");
        if (f.length < 4) {
            throw new SdpException("line " + line + ": m= needs media, port, proto and formats");
        }
        int port;
        try {
            String p = f[1];
            int slash = p.indexOf('/');
            port = Integer.parseInt(slash < 0 ? p : p.substring(0, slash));
        } catch (NumberFormatException e) {
            throw new SdpException("line " + line + ": bad port in m=: " + f[1]);
        }
        if (port < 0 || port > 65535) {
            throw new SdpException("line " + line + ": port out of range: " + port);
        }
        return new MediaDescription(f[0], port, f[2], Arrays.asList(f).subList(3, f.length));
    }

    private static void parseAttribute(SessionDescription sd, MediaDescription m, String value, int line)
            throws SdpException {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        String arg = colon < 0 ? "" : value.substring(colon + 1).trim();
        Direction dir = Direction.fromAttribute(name);
        if (dir != null) {
            if (m == null) {
                sd.direction = dir;
            } else {
                m.direction = dir;
            }
            return;
        }
        if (m == null) {
            parseSessionAttribute(sd, name, arg);
            return;
        }
        switch (name) {
            case "rtpmap", "fmtp" -> {
                int space = arg.indexOf(' ');
                if (space < 0) {
                    throw new SdpException("line " + line + ": a=" + name + " needs '<pt> <value>'");
                }
                int pt = parsePayloadType(arg.substring(0, space), line);
                (name.equals("rtpmap") ? m.rtpmap : m.fmtp).put(pt, arg.substring(space + 1).trim());
            }
            case "ptime" -> m.ptime = parseIntOr(arg, 0);
            case "rtcp-mux" -> m.rtcpMux = true;
            case "rtcp" -> {
                String[] f = arg.split(" +");
                m.rtcpPort = parseIntOr(f[0], -1);
                if (f.length >= 4) {
                    m.rtcpAddress = f[3];
                }
            }
            case "ssrc" -> {
                if (m.ssrc < 0) {
                    int space = arg.indexOf(' ');
                    try {
                        m.ssrc = Long.parseLong(space < 0 ? arg : arg.substring(0, space));
                    } catch (NumberFormatException e) {
                        throw new SdpException("line " + line + ": bad a=ssrc value");
                    }
                }
            }
            case "ice-ufrag" -> m.iceUfrag = arg;
            case "ice-pwd" -> m.icePwd = arg;
            case "fingerprint" -> m.fingerprint = arg;
            case "setup" -> m.setup = arg.toLowerCase(java.util.Locale.ROOT);
            case "mid" -> m.mid = arg;
            case "bundle-only" -> m.bundleOnly = true;
            case "candidate" -> m.candidates.add(arg);
            default -> {
                // other attributes are not ours to interpret
            }
        }
    }

    /** Session-level attributes that WebRTC may put there instead of in each m= section (RFC 8839, RFC 8122). */
    private static void parseSessionAttribute(SessionDescription sd, String name, String arg) {
        switch (name) {
            case "ice-ufrag" -> sd.iceUfrag = arg;
            case "ice-pwd" -> sd.icePwd = arg;
            case "fingerprint" -> sd.fingerprint = arg;
            case "setup" -> sd.setup = arg.toLowerCase(java.util.Locale.ROOT);
            case "ice-lite" -> sd.iceLite = true;
            case "group" -> {
                String[] f = arg.split(" +");
                if (f.length > 1 && f[0].equals("BUNDLE")) {
                    sd.bundle.clear();
                    sd.bundle.addAll(Arrays.asList(f).subList(1, f.length));
                }
            }
            default -> {
                // other session attributes are not ours to interpret
            }
        }
    }

    private static int parsePayloadType(String s, int line) throws SdpException {
        try {
            int pt = Integer.parseInt(s.trim());
            if (pt < 0 || pt > 127) {
                throw new SdpException("line " + line + ": payload type out of range: " + pt);
            }
            return pt;
        } catch (NumberFormatException e) {
            throw new SdpException("line " + line + ": bad payload type: " + s);
        }
    }

    private static int parseIntOr(String s, int fallback) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
