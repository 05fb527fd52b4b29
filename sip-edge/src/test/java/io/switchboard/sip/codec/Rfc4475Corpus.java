package io.switchboard.sip.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The RFC 4475 torture messages on disk (src/test/resources/rfc4475) with the verdicts listed beside them. */
public final class Rfc4475Corpus {
    /** One message: its exact bytes and what the parser, and the edge over UDP and TCP, make of it. */
    public record Case(String name, String section, String parser, String udp, String tcp, String why, byte[] bytes) {
        @Override
        public String toString() {
            return name + " (RFC 4475 section " + section + ": " + why + ")";
        }
    }

    private Rfc4475Corpus() {
    }

    public static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resource("verdicts.txt"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+", 6);
                try (InputStream in = resource(f[0] + ".dat")) {
                    out.add(new Case(f[0], f[1], f[2], f[3], f[4], f.length > 5 ? f[5] : "", in.readAllBytes()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static InputStream resource(String name) {
        InputStream in = Rfc4475Corpus.class.getResourceAsStream("/rfc4475/" + name);
        if (in == null) {
            throw new IllegalStateException("missing test resource rfc4475/" + name);
        }
        return in;
    }
}
