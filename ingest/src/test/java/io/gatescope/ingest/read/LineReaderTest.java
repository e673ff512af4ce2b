package io.gatescope.ingest.read;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    @Test
    void splitsOnNewlinesAndDropsTheCarriageReturnOfCrlf() throws IOException {
        assertThat(lines("a\nbb\r\n\nlast", 100)).containsExactly("a", "bb", "", "last");
    }

    @Test
    void aFinalLineWithoutNewlineIsReadAndFlagged() throws IOException {
        LineReader r = reader("one\ntwo", 100, 3);
        assertThat(r.next()).isEqualTo("one");
        assertThat(r.endedWithNewline()).isTrue();
        assertThat(r.next()).isEqualTo("two");
        assertThat(r.endedWithNewline()).isFalse();
        assertThat(r.next()).isNull();
    }

    @Test
    void aLineOverTheLimitIsCutToOneByteMoreAndItsRestSkipped() throws IOException {
        String huge = "x".repeat(200_000);
        assertThat(lines("short\n" + huge + "\nafter\n", 1000))
                .containsExactly("short", "x".repeat(1001), "after");
    }

    @Test
    void aLineOfExactlyTheLimitIsKeptWhole() throws IOException {
        assertThat(lines("y".repeat(64) + "\n", 64)).containsExactly("y".repeat(64));
    }

    @Test
    void invalidUtf8BecomesTheReplacementCharacter() throws IOException {
        byte[] bad = {'a', (byte) 0xC3, '\n', 'b', '\n'};
        LineReader r = new LineReader(new ByteArrayInputStream(bad), 100);
        assertThat(r.next()).isEqualTo("a\uFFFD");
        assertThat(r.nextBytes()).containsExactly('b');
    }

    @Test
    void linesAcrossReadBoundariesMatchASplitOfTheWholeText() throws IOException {
        Random rnd = new Random(7);
        StringBuilder text = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String line = "L" + i + "-" + "z".repeat(rnd.nextInt(rnd.nextInt(10) == 0 ? 3000 : 80));
            expected.add(line);
            text.append(line).append(rnd.nextBoolean() ? "\n" : "\r\n");
        }
        // Odd chunk sizes put line ends at every position of the 64 KiB buffer.
        for (int chunk : new int[] {1, 7, 4096, 70_000}) {
            LineReader r = reader(text.toString(), 10_000, chunk);
            List<String> got = new ArrayList<>();
            for (byte[] b = r.nextBytes(); b != null; b = r.nextBytes()) {
                got.add(new String(b, UTF_8));
            }
            assertThat(got).as("chunk %d", chunk).isEqualTo(expected);
            assertThat(r.bytesRead()).isEqualTo(text.toString().getBytes(UTF_8).length);
        }
    }

    @Test
    void runsOfWholeLinesCopiedInBulkAndSingleLinesTogetherReadTheTextOnceInOrder()
            throws IOException {
        Random rnd = new Random(11);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 4_000; i++) {
            text.append("L").append(i).append("z".repeat(rnd.nextInt(200)));
            text.append(rnd.nextInt(5) == 0 ? "\r\n" : "\n");
        }
        String whole = text.toString();
        for (int chunk : new int[] {1, 7, 4096, 70_000}) {
            LineReader r = reader(whole, 65_536, chunk, true);
            StringBuilder got = new StringBuilder();
            byte[] dst = new byte[1000];
            int bulk = 0;
            while (true) {
                int n = r.copyLines(dst, 0, Long.MAX_VALUE);
                if (n > 0) {
                    String run = new String(dst, 0, n, UTF_8);
                    assertThat(run).endsWith("\n");
                    got.append(run);
                    bulk++;
                    continue;
                }
                byte[] line = r.nextBytes();
                if (line == null) {
                    break;
                }
                got.append(new String(line, UTF_8)).append('\n');
            }
            assertThat(got.toString()).as("chunk %d", chunk).isEqualTo(whole);
            if (chunk > 1) {
                assertThat(bulk).as("runs copied in bulk, chunk %d", chunk).isPositive();
            }
        }
    }

    @Test
    void noRunIsCopiedPastTheStopOffsetOrUnderASmallLimit() throws IOException {
        String text = "aaaa\nbbbb\ncccc\n";
        byte[] dst = new byte[100];
        LineReader early = reader(text, 65_536, 65_536, true);
        early.nextBytes();
        assertThat(early.copyLines(dst, 0, 8)).isZero(); // "cccc" starts at 10, past the stop
        LineReader small = reader(text, 1000, 65_536, true);
        small.nextBytes();
        assertThat(small.copyLines(dst, 0, 100)).isZero();
        LineReader r = reader(text, 65_536, 65_536, true);
        assertThat(r.nextBytes()).containsExactly('a', 'a', 'a', 'a'); // fills the buffer
        assertThat(r.copyLines(dst, 0, 100)).isEqualTo(10);
        assertThat(r.bytesRead()).isEqualTo(15);
    }

    private static List<String> lines(String text, int max) throws IOException {
        List<String> out = new ArrayList<>();
        LineReader r = reader(text, max, 65536);
        for (String l = r.next(); l != null; l = r.next()) {
            out.add(l);
        }
        return out;
    }

    /** A stream that hands out at most {@code chunk} bytes per read, as sockets and pipes do. */
    private static LineReader reader(String text, int max, int chunk) {
        return reader(text, max, chunk, false);
    }

    private static LineReader reader(String text, int max, int chunk, boolean keepCr) {
        InputStream in =
                new ByteArrayInputStream(text.getBytes(UTF_8)) {
                    @Override
                    public synchronized int read(byte[] b, int off, int len) {
                        return super.read(b, off, Math.min(len, chunk));
                    }
                };
        return new LineReader(in, max, keepCr);
    }
}
