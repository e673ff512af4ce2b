package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineBytesTest {

    @Test
    void searchesAgreeWithStringSearchesAtEveryOffsetAndBound() {
        Random rnd = new Random(7);
        for (int round = 0; round < 2000; round++) {
            int n = rnd.nextInt(40);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append("ab \"=,:".charAt(rnd.nextInt(7)));
            }
            String s = sb.toString();
            // Extra bytes after the line must never be found: the line is a prefix of the array.
            byte[] padded = (s + "\"\"\"\"\"\"\"\"").getBytes(StandardCharsets.US_ASCII);
            LineBytes line = new LineBytes().set(padded, n);
            int from = n == 0 ? 0 : rnd.nextInt(n + 1);
            int to = from + rnd.nextInt(n - from + 1);
            char c = "ab \"=,:".charAt(rnd.nextInt(7));
            int expected = s.indexOf(c, from);
            assertThat(line.indexOf(c, from, to))
                    .as("%s in [%d,%d) of '%s'", c, from, to, s)
                    .isEqualTo(expected >= 0 && expected < to ? expected : -1);
            String lit = s.isEmpty() ? "a" : s.substring(rnd.nextInt(s.length()));
            lit = lit.substring(0, Math.min(lit.length(), 1 + rnd.nextInt(12)));
            Literal literal = Literal.of(lit);
            assertThat(literal.find(line, from))
                    .as("'%s' from %d in '%s'", lit, from, s)
                    .isEqualTo(s.indexOf(lit, from));
            int at = rnd.nextInt(n + 1);
            assertThat(literal.isAt(line, at)).isEqualTo(s.startsWith(lit, at));
        }
    }

    @Test
    void onlyPrintableAsciiLinesTakeTheFastPath() {
        assertThat(LineBytes.of("GET /a HTTP/1.1 200 and a long enough tail").isPrintableAscii())
                .isTrue();
        for (int at : new int[] {0, 5, 8, 15, 16, 39}) {
            for (char bad : new char[] {'\t', '\r', '\0', '\u001f', 'é'}) {
                char[] chars = "0123456789abcdefghijklmnopqrstuvwxyzABCD".toCharArray();
                chars[at] = bad;
                assertThat(LineBytes.of(new String(chars)).isPrintableAscii())
                        .as("%x at %d", (int) bad, at)
                        .isFalse();
            }
        }
    }

    @Test
    void textIsDecodedFromUtf8ByByteOffsets() {
        LineBytes line = LineBytes.of("ua=\"Zürich\" x");
        int q = line.indexOf('"', 4);
        assertThat(line.text(4, q)).isEqualTo("Zürich");
        assertThat(line.hash(0, 3)).isEqualTo(LineBytes.of("ua=").hash(0, 3));
    }
}
