package io.switchboard.media.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Twilio Media Streams messages, field by field, and what a server's frames decode to. */
class TwilioMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void connectedNamesTheProtocol() throws Exception {
        JsonNode m = JSON.readTree(TwilioMessages.connected());
        assertEquals("connected", m.get("event").asText());
        assertEquals("Call", m.get("protocol").asText());
        assertEquals("1.0.0", m.get("version").asText());
    }

    @Test
    void startCarriesTheIdsTracksParametersAndFormat() throws Exception {
        JsonNode m = JSON.readTree(TwilioMessages.start(1, "MZ1", "AC1", "CA1", List.of("inbound", "outbound"),
                Map.of("queue", "Sales")));
        assertEquals("start", m.get("event").asText());
        assertEquals("1", m.get("sequenceNumber").asText());
        assertEquals("MZ1", m.get("streamSid").asText());
        JsonNode start = m.get("start");
        assertEquals("MZ1", start.get("streamSid").asText());
        assertEquals("AC1", start.get("accountSid").asText());
        assertEquals("CA1", start.get("callSid").asText());
        assertEquals("[\"inbound\",\"outbound\"]", start.get("tracks").toString());
        assertEquals("Sales", start.get("customParameters").get("queue").asText());
        JsonNode format = start.get("mediaFormat");
        assertEquals("audio/x-mulaw", format.get("encoding").asText());
        assertEquals(8000, format.get("sampleRate").asInt());
        assertEquals(1, format.get("channels").asInt());
    }

    @Test
    void mediaCarriesTrackChunkTimestampAndBase64Payload() throws Exception {
        byte[] frame = new byte[160];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        JsonNode m = JSON.readTree(TwilioMessages.media(3, "MZ1", "inbound", 2, 40, frame));
        assertEquals("media", m.get("event").asText());
        assertEquals("3", m.get("sequenceNumber").asText());
        JsonNode media = m.get("media");
        assertEquals("inbound", media.get("track").asText());
        assertEquals("2", media.get("chunk").asText());
        assertEquals("40", media.get("timestamp").asText());
        assertArrayEquals(frame, Base64.getDecoder().decode(media.get("payload").asText()));
    }

    @Test
    void markAndStop() throws Exception {
        JsonNode mark = JSON.readTree(TwilioMessages.mark(4, "MZ1", "greeting"));
        assertEquals("mark", mark.get("event").asText());
        assertEquals("greeting", mark.get("mark").get("name").asText());
        JsonNode stop = JSON.readTree(TwilioMessages.stop(5, "MZ1", "AC1", "CA1"));
        assertEquals("stop", stop.get("event").asText());
        assertEquals("5", stop.get("sequenceNumber").asText());
        assertEquals("AC1", stop.get("stop").get("accountSid").asText());
        assertEquals("CA1", stop.get("stop").get("callSid").asText());
    }

    @Test
    void serverMessagesDecode() {
        String payload = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        TwilioMessages.Media media = assertInstanceOf(TwilioMessages.Media.class, TwilioMessages.parse(
                "{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"" + payload + "\"}}"));
        assertArrayEquals(new byte[] {1, 2, 3}, media.mulaw());
        TwilioMessages.Mark mark = assertInstanceOf(TwilioMessages.Mark.class,
                TwilioMessages.parse("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"m1\"}}"));
        assertEquals("m1", mark.name());
        assertInstanceOf(TwilioMessages.Clear.class, TwilioMessages.parse("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}"));
    }

    @Test
    void badServerFramesAreIgnoredWithTheReason() {
        assertEquals(new TwilioMessages.Ignored("not JSON"), TwilioMessages.parse("{oops"));
        assertEquals(new TwilioMessages.Ignored("not a JSON object"), TwilioMessages.parse("[1]"));
        assertEquals(new TwilioMessages.Ignored("media without a payload"),
                TwilioMessages.parse("{\"event\":\"media\",\"media\":{}}"));
        assertEquals(new TwilioMessages.Ignored("media payload is not base64"),
                TwilioMessages.parse("{\"event\":\"media\",\"media\":{\"payload\":\"***\"}}"));
        assertEquals(new TwilioMessages.Ignored("mark without a name"), TwilioMessages.parse("{\"event\":\"mark\"}"));
        assertEquals(new TwilioMessages.Ignored("event dtmf"), TwilioMessages.parse("{\"event\":\"dtmf\"}"));
    }
}
