package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gatescope.ingest.envelope.EnvelopeDecoder;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.nginx.NginxLogFormat;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/**
 * Every parser under Jazzer, coverage-guided: no input may make one throw (the parsers run in
 * strict mode, where a bug is an exception, not a quiet rejection), and the allocation-free view of
 * an access line must say what the full parse says. In CI the saved inputs under {@code
 * src/test/resources/.../ParserFuzzTestInputs} replay as regression tests; to fuzz, run {@code
 * JAZZER_FUZZ=1 mvn -pl ingest test -Dtest=ParserFuzzTest} (each target for its {@code
 * maxDuration}), and keep the inputs it finds there.
 */
class ParserFuzzTest {

    static final ParseContext CTX = ParseContext.defaults().withDefaultYear(2026);

    static final String FORMAT =
            "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
                    + " rt=$request_time ua=\"$upstream_addr\" us=\"$upstream_status\""
                    + " urt=\"$upstream_response_time\" cn=$connection host=$host";

    private final LogLineParser parser = new LogLineParser(CTX, true);
    private final LogLineParser custom = new LogLineParser(CTX.withNginxLogFormat(FORMAT), true);

    @FuzzTest(maxDuration = "2m")
    void anyTextParsesToAnEventOrARejectionWithoutAnException(FuzzedDataProvider data) {
        String line = data.consumeRemainingAsString();
        LogEvent e = parser.parse(line, "fuzz");
        assertThat(e).isNotNull();
        if (e instanceof Rejection r) {
            assertThat(r.reason()).doesNotEndWith("Exception");
        }
        custom.parse(line, "fuzz");
    }

    @FuzzTest(maxDuration = "2m")
    void anAccessLineReadInPlaceSaysWhatItsFullParseSays(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        for (LogLineParser p : new LogLineParser[] {parser, custom}) {
            AccessView v = p.scanAccess(bytes, bytes.length);
            if (v == null) {
                continue;
            }
            int status = v.status();
            long time = v.timeMillis();
            String service = v.service();
            LogEvent e = p.parse(new String(bytes, StandardCharsets.UTF_8), "fuzz");
            assertThat(e)
                    .as("the full parse of a line the view read")
                    .isInstanceOf(AccessEvent.class);
            AccessEvent a = (AccessEvent) e;
            assertThat(a.status()).isEqualTo(status);
            assertThat(a.timeMillis()).isEqualTo(time);
            assertThat(a.service()).isEqualTo(service);
        }
        parser.accessLineTime(bytes, bytes.length);
    }

    @FuzzTest(maxDuration = "1m")
    void anyLogFormatCompilesOrIsRefusedAndReadsAnyLine(FuzzedDataProvider data) {
        String format = data.consumeString(300);
        String line = data.consumeRemainingAsString();
        NginxLogFormat f;
        try {
            f = NginxLogFormat.compile(format);
        } catch (IllegalArgumentException refused) {
            return; // the one documented way to refuse a format
        }
        LogLineParser p = new LogLineParser(CTX.withNginxLogFormat(format), true);
        p.parse(line, "fuzz");
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        p.scanAccess(b, b.length);
        assertThat(f).isNotNull();
    }

    @FuzzTest(maxDuration = "1m")
    void envelopesAndTimeStampsNeverThrow(FuzzedDataProvider data) {
        String s = data.consumeRemainingAsString();
        new EnvelopeDecoder().decode(s, "fuzz");
        Timestamps.parseIso(s, 0, s.length(), ZoneOffset.UTC);
        SyslogPrefix.parse(s, CTX);
    }
}
