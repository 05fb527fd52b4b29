package io.switchboard.sip.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every RFC 4475 message through the parser with the edge's limits, against the verdict on disk. */
class Rfc4475CorpusTest {
    private final SipParser parser = new SipParser(100, 16_384, 32_768);

    @Test
    void theCorpusHasEveryMessageOfTheRfcArchive() {
        assertEquals(49, Rfc4475Corpus.cases().size());
    }

    @Test
    void everyMessageGetsItsVerdict() {
        List<String> wrong = new ArrayList<>();
        for (Rfc4475Corpus.Case c : Rfc4475Corpus.cases()) {
            ParseResult r = parser.parse(c.bytes(), c.bytes().length);
            String got = switch (r.kind()) {
                case MESSAGE -> "message";
                case REJECT -> Integer.toString(r.message().statusCode());
                default -> "drop";
            };
            if (!got.equals(c.parser())) {
                wrong.add(c + ": expected " + c.parser() + ", got " + r);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void rejectionsNameWhatIsWrongAndEchoTheTransactionHeaders() {
        for (Rfc4475Corpus.Case c : Rfc4475Corpus.cases()) {
            ParseResult r = parser.parse(c.bytes(), c.bytes().length);
            if (r.kind() != ParseResult.Kind.REJECT) {
                continue;
            }
            SipMessage response = r.message();
            assertTrue(response.header("Warning").contains(response.reasonPhrase()), c.toString());
            assertEquals(1, response.headers("Content-Length").size(), c.toString());
            assertTrue(response.viaCount() >= 1, c.toString());
        }
    }

    @Test
    void duplicateContentLengthIsRefusedNamingIt() {
        Rfc4475Corpus.Case mcl = Rfc4475Corpus.cases().stream().filter(c -> c.name().equals("mcl01")).findFirst()
                .orElseThrow();
        ParseResult r = parser.parse(mcl.bytes(), mcl.bytes().length);
        assertEquals("Duplicate Content-Length header", r.message().reasonPhrase());
        assertEquals("mcl01.fhn2323orihawfdoa3o4r52o3irsdf", r.message().callId());
    }

    @Test
    void unknownVersionIs505AndMissingHeadersStill400OnTheirVia() {
        for (Rfc4475Corpus.Case c : Rfc4475Corpus.cases()) {
            if (c.name().equals("badvers")) {
                ParseResult r = parser.parse(c.bytes(), c.bytes().length);
                assertEquals(505, r.message().statusCode());
                assertEquals("badvers.31417@c.example.com", r.message().callId());
            }
            if (c.name().equals("insuf")) {
                ParseResult r = parser.parse(c.bytes(), c.bytes().length);
                assertEquals("z9hG4bKkdj.insuf", r.message().viaBranch());
                assertEquals(193942, r.message().cseq());
            }
        }
    }
}
