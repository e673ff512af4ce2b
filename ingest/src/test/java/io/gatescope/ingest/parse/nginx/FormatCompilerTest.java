package io.gatescope.ingest.parse.nginx;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.AccessView;
import io.gatescope.ingest.parse.LineBytes;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compiled matcher against the interpreter it stands in for: whenever it answers, it must
 * answer exactly what the interpreter does, on generated lines with values that contain pieces of
 * the literals, list separators, dashes and empty values, in exact-size arrays and in buffers with
 * stale bytes after the line, and on every truncation of them.
 */
class FormatCompilerTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$([a-z_0-9]+)");

    private static final String[] VALUES = {
        "-",
        "",
        "10.0.3.11:8080",
        "200",
        "0.045",
        "1834",
        "GET /api/v1/orders/17 HTTP/1.1",
        "okhttp/4.12.0",
        "shop.example.com",
        "10.0.3.11:8080, 10.0.3.12:8080",
        "10.0.3.11:8080 : 10.0.4.1:80",
        "502, 200",
        "0.001, 0.002",
        "a\"b",
        "x cn=y",
        "\" \"",
        "] \"",
        " - ",
        "cn=",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like)",
        "14/Mar/2026:09:10:05 +0000",
        "us=\"",
        ", ",
        " : ",
        "\"",
        " ",
        "a,",
        "uct=\"0.1\"",
    };

    @ParameterizedTest
    @ValueSource(
            strings = {
                NginxLogFormat.COMBINED,
                NginxLogFormat.INGRESS_NGINX,
                "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
                        + " \"$http_referer\" \"$http_user_agent\" rt=$request_time"
                        + " uct=\"$upstream_connect_time\" uht=\"$upstream_header_time\""
                        + " urt=\"$upstream_response_time\" ua=\"$upstream_addr\""
                        + " us=\"$upstream_status\" host=$host cn=$connection",
                "[$time_local] $remote_addr \"$request\" $status upstream_response_time="
                        + "$upstream_response_time upstream_addr=$upstream_addr end",
                "$upstream_addr $upstream_status $upstream_response_time \"$http_user_agent\"",
                "{\"addr\":\"$remote_addr\",\"status\":$status,\"ua\":\"$upstream_addr\"}",
            })
    void whenTheCompiledMatcherAnswersItAgreesWithTheInterpreter(String format) {
        NginxLogFormat f = NginxLogFormat.compile(format);
        assertThat(f.compiled()).as("compiled").isNotNull();
        List<String> literals = literalsOf(format);
        Random random = new Random(format.hashCode());
        int answered = 0;
        int lines = 4_000;
        for (int i = 0; i < lines; i++) {
            byte[] line = line(literals, random).getBytes(UTF_8);
            answered += compare(f, line, line.length, random.nextBoolean()) ? 1 : 0;
            int cut = random.nextInt(line.length + 1);
            compare(f, line, cut, random.nextBoolean());
        }
        // Most generated lines are ordinary, and those the compiled matcher must answer itself.
        assertThat(answered).isGreaterThan(lines / 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {NginxLogFormat.COMBINED, NginxLogFormat.INGRESS_NGINX})
    void randomBytesNeverThrowAndNeverDisagree(String format) {
        NginxLogFormat f = NginxLogFormat.compile(format);
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(80)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) " -[]\"0:,a".charAt(random.nextInt(9));
            }
            compare(f, b, b.length, random.nextBoolean());
        }
    }

    @Test
    void theFormatLearnedFromALogIsCompiledAndReadsItsLines() {
        NginxAccessLineParser parser = new NginxAccessLineParser(null);
        String line =
                "10.1.2.7 - - [14/Mar/2026:09:10:00 +0000] \"GET /a HTTP/1.1\" 502 5 \"-\""
                        + " \"curl/8\" rt=0.045 ua=\"10.0.3.1:80\" us=\"502\"";
        assertThat(parser.scan(LineBytes.of(line), ZoneOffset.UTC)).isNotNull();
        assertThat(parser.learnedFormat().compiled()).isNotNull();
        AccessView next = parser.scan(LineBytes.of(line.replace("502", "200")), ZoneOffset.UTC);
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.lastPeer()).isEqualTo("10.0.3.1:80");
        assertThat(next.lastResponseTime()).isEqualTo(UpstreamTry.NOT_LOGGED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$remote_addr$remote_user [$time_local]", "$status $status$status"})
    void formatsWithAdjacentVariablesAreLeftToTheInterpreter(String format) {
        NginxLogFormat f = NginxLogFormat.compile(format);
        assertThat(f.compiled()).isNull();
        AccessLineBuilder out = new AccessLineBuilder();
        LineBytes line = LineBytes.of("200 200200");
        out.reset(line);
        assertThat(f.match(line, out) >= 0).isEqualTo(format.startsWith("$status"));
    }

    @Test
    void aFormatTooLongForTheJitIsLeftToTheInterpreter() {
        StringBuilder format = new StringBuilder("$remote_addr");
        StringBuilder line = new StringBuilder("10.0.0.1");
        for (int i = 0; i < 200; i++) {
            format.append(" k").append(i).append("=$status");
            line.append(" k").append(i).append("=").append(200 + i);
        }
        NginxLogFormat f = NginxLogFormat.compile(format.toString());
        assertThat(f.compiled()).isNull();
        AccessLineBuilder out = new AccessLineBuilder();
        LineBytes bytes = LineBytes.of(line.toString());
        out.reset(bytes);
        assertThat(f.match(bytes, out)).isEqualTo(bytes.length());
        assertThat(NginxLogFormat.compile(NginxLogFormat.INGRESS_NGINX).compiled()).isNotNull();
    }

    /**
     * Both matchers on {@code b[0, n)}, in an exact-size array or one with stale bytes after the
     * line; true when the compiled one answered (and then agreed).
     */
    private static boolean compare(NginxLogFormat f, byte[] b, int n, boolean slack) {
        byte[] buf = Arrays.copyOf(b, slack ? n + 24 : n);
        if (slack) {
            Arrays.fill(buf, n, buf.length, (byte) '"');
        }
        LineBytes line = new LineBytes().set(buf, n);
        AccessLineBuilder interpreted = new AccessLineBuilder();
        interpreted.reset(line);
        int expected = f.interpret(line, interpreted);
        AccessLineBuilder compiled = new AccessLineBuilder();
        compiled.reset(line);
        String text = new String(buf, 0, n, UTF_8);
        if (!f.compiled().match(line, compiled)) {
            return false;
        }
        assertThat(expected).as(text).isEqualTo(n);
        assertThat(compiled.from).as(text).containsExactly(interpreted.from);
        assertThat(compiled.to).as(text).containsExactly(interpreted.to);
        for (NginxVariable v : NginxVariable.values()) {
            if (interpreted.from[v.ordinal()] >= 0 && NginxLogFormat.isList(v)) {
                int i = v.ordinal();
                assertThat(compiled.count(i)).as(text + " " + v).isEqualTo(interpreted.count(i));
            }
        }
        return true;
    }

    private static List<String> literalsOf(String format) {
        List<String> literals = new ArrayList<>();
        Matcher m = VARIABLE.matcher(format);
        int last = 0;
        while (m.find()) {
            literals.add(format.substring(last, m.start()));
            last = m.end();
        }
        literals.add(format.substring(last));
        return literals;
    }

    /** Literals with values between them: mostly plain ones, sometimes ones that mislead. */
    private static String line(List<String> literals, Random random) {
        StringBuilder sb = new StringBuilder(literals.get(0));
        for (int k = 1; k < literals.size(); k++) {
            String v =
                    random.nextInt(4) == 0
                            ? VALUES[random.nextInt(VALUES.length)]
                            : VALUES[2 + random.nextInt(7)];
            sb.append(v).append(literals.get(k));
        }
        return sb.toString();
    }
}
