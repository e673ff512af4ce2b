package io.gatescope.ingest.paste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lines of every sample scenario, pasted the ways people paste them: behind a prefix, anonymised,
 * JSON-escaped, cut at a random point. The recogniser must still see what each line is, and never
 * throw.
 */
class PastedSampleLinesTest {

    private static final int PER_FILE = 25;
    private static final ParseContext CTX = new ParseContext(ZoneOffset.UTC, 2026, null, 65536);
    private static final List<String> LINES = new ArrayList<>();

    private final PasteRecognizer recognizer = new PasteRecognizer(CTX);

    @BeforeAll
    static void sampleLinesOfEveryScenario() throws IOException {
        Path root = Path.of("..", "sample-logs");
        LogLineParser parser = new LogLineParser(CTX);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".py")
                        || name.endsWith(".json")
                        || f.startsWith(root.resolve("expected"))) {
                    continue;
                }
                List<String> all = read(f);
                int step = Math.max(1, all.size() / PER_FILE);
                for (int i = 0; i < all.size(); i += step) {
                    LogEvent e = parser.parse(all.get(i), "sample");
                    if (kindOf(e) != null) {
                        LINES.add(all.get(i));
                    }
                }
            }
        }
    }

    @Test
    void thereAreLinesOfManyKinds() {
        assertThat(LINES).hasSizeGreaterThan(500);
    }

    @Test
    void aPrefixedLineIsStillWhatItWas() {
        for (String line : LINES) {
            assertSameKind(line, "[pod/web-7d9f8b-abcde/app] " + line);
            assertSameKind(line, "web-1  | " + line);
        }
    }

    @Test
    void anAnonymisedLineIsStillWhatItWas() {
        for (String line : LINES) {
            String masked = line.replaceAll("\\b10\\.(\\d{1,3}\\.){2}\\d{1,3}\\b", "x.x.x.x");
            assertSameKind(line, masked);
        }
    }

    @Test
    void aLineCopiedAsAJsonStringIsStillWhatItWas() {
        for (String line : LINES) {
            if (!line.startsWith("{")) {
                assertSameKind(line, "\"" + line.replace("\"", "\\\"") + "\"");
            }
        }
    }

    @Test
    void aLineCutAnywhereNeverThrows() {
        Random random = new Random(42);
        for (String line : LINES) {
            String cut = line.substring(0, random.nextInt(line.length() + 1));
            assertThatCode(() -> assertThat(recognizer.recognize(cut)).isNotNull())
                    .as(cut)
                    .doesNotThrowAnyException();
        }
    }

    private void assertSameKind(String original, String pasted) {
        LogEvent expected = new LogLineParser(CTX).parse(original, "sample");
        PasteRecognizer.Recognized r = recognizer.recognize(pasted);
        assertThat(kindOf(r.event())).as(pasted).isEqualTo(kindOf(expected));
        if (expected instanceof AccessEvent a) {
            assertThat(((AccessEvent) r.event()).status()).as(pasted).isEqualTo(a.status());
        }
    }

    /** The kind of line an event is, or null for lines a paste would not be about. */
    private static String kindOf(LogEvent e) {
        if (e instanceof AccessEvent a) {
            return "access:" + a.gateway();
        }
        if (e instanceof ErrorEvent er) {
            return "error:" + er.gateway();
        }
        if (e instanceof UpstreamEvent u) {
            return "upstream:" + u.software() + ":" + u.signal();
        }
        return null;
    }

    private static List<String> read(Path f) throws IOException {
        InputStream in = Files.newInputStream(f);
        if (f.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        List<String> out = new ArrayList<>();
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (!l.isBlank()) {
                    out.add(l);
                }
            }
        }
        return out;
    }
}
