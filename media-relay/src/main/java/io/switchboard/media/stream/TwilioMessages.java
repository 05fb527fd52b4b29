package io.switchboard.media.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The messages of Twilio Media Streams as JSON text frames: what we send ({@code connected}, {@code start},
 * {@code media}, {@code mark}, {@code stop}) and what a bidirectional server may send back ({@code media},
 * {@code mark}, {@code clear}). Every message we send carries {@code sequenceNumber} (a string counting from
 * 1 per stream) except {@code connected}, and {@code streamSid} from {@code start} on; audio is base64
 * mu-law at 8 kHz, mono.
 */
public final class TwilioMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder B64_IN = Base64.getDecoder();

    /** What a server sent us. */
    public sealed interface Inbound permits Media, Mark, Clear, Ignored {
    }

    /** Audio to play to the caller, decoded from the base64 payload. */
    public record Media(byte[] mulaw) implements Inbound {
    }

    /** A mark to answer once the audio sent before it has played. */
    public record Mark(String name) implements Inbound {
    }

    /** Drop the audio not yet played. */
    public record Clear() implements Inbound {
    }

    /** A message we do not act on, or a malformed one; {@code why} says which. */
    public record Ignored(String why) implements Inbound {
    }

    private TwilioMessages() {
    }

    public static String connected() {
        ObjectNode m = JSON.createObjectNode();
        m.put("event", "connected");
        m.put("protocol", "Call");
        m.put("version", "1.0.0");
        return m.toString();
    }

    /** @param tracks {@code inbound}, {@code outbound}, in that order */
    public static String start(long sequence, String streamSid, String accountSid, String callSid,
            List<String> tracks, Map<String, String> customParameters) {
        ObjectNode m = header("start", sequence, streamSid);
        ObjectNode start = m.putObject("start");
        start.put("streamSid", streamSid);
        start.put("accountSid", accountSid);
        start.put("callSid", callSid);
        ArrayNode t = start.putArray("tracks");
        tracks.forEach(t::add);
        ObjectNode params = start.putObject("customParameters");
        customParameters.forEach(params::put);
        ObjectNode format = start.putObject("mediaFormat");
        format.put("encoding", "audio/x-mulaw");
        format.put("sampleRate", 8000);
        format.put("channels", 1);
        return m.toString();
    }

    /**
     * @param chunk the track's frame count, from 1
     * @param timestampMillis milliseconds since the stream started
     */
    public static String media(long sequence, String streamSid, String track, long chunk, long timestampMillis,
            byte[] mulaw) {
        ObjectNode m = header("media", sequence, streamSid);
        ObjectNode media = m.putObject("media");
        media.put("track", track);
        media.put("chunk", Long.toString(chunk));
        media.put("timestamp", Long.toString(timestampMillis));
        media.put("payload", B64.encodeToString(mulaw));
        return m.toString();
    }

    public static String mark(long sequence, String streamSid, String name) {
        ObjectNode m = header("mark", sequence, streamSid);
        m.putObject("mark").put("name", name);
        return m.toString();
    }

    public static String stop(long sequence, String streamSid, String accountSid, String callSid) {
        ObjectNode m = header("stop", sequence, streamSid);
        ObjectNode stop = m.putObject("stop");
        stop.put("accountSid", accountSid);
        stop.put("callSid", callSid);
        return m.toString();
    }

    private static ObjectNode header(String event, long sequence, String streamSid) {
        ObjectNode m = JSON.createObjectNode();
        m.put("event", event);
        m.put("sequenceNumber", Long.toString(sequence));
        m.put("streamSid", streamSid);
        return m;
    }

    /** Reads a server's text frame; never throws (a bad frame is {@link Ignored} with the reason). */
    public static Inbound parse(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (Exception e) {
            return new Ignored("not JSON");
        }
        if (m == null || !m.isObject()) {
            return new Ignored("not a JSON object");
        }
        String event = m.path("event").asText("");
        switch (event) {
            case "media": {
                JsonNode payload = m.path("media").path("payload");
                if (!payload.isTextual()) {
                    return new Ignored("media without a payload");
                }
                try {
                    return new Media(B64_IN.decode(payload.asText()));
                } catch (IllegalArgumentException e) {
                    return new Ignored("media payload is not base64");
                }
            }
            case "mark": {
                JsonNode name = m.path("mark").path("name");
                return name.isTextual() ? new Mark(name.asText()) : new Ignored("mark without a name");
            }
            case "clear":
                return new Clear();
            default:
                return new Ignored(event.isEmpty() ? "no event" : "event " + event);
        }
    }
}
