package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyslogPrefixTest {

    private static final String LINE = "Mar 14 09:10:05 lb1 haproxy[2211]: 10.0.0.1:51234 [x] y";

    @Test
    void aHeaderDifferingFromTheLastValidOneInAnyTimeCharacterIsJudgedAfresh() {
        ParseContext ctx = ParseContext.defaults();
        SyslogPrefix.ValidTimes valid = new SyslogPrefix.ValidTimes();
        for (int p = 0; p < 15; p++) {
            for (char c : "0123456789 :xM6".toCharArray()) {
                String changed = LINE.substring(0, p) + c + LINE.substring(p + 1);
                for (String line : new String[] {LINE, changed, changed, LINE}) {
                    assertThat(SyslogPrefix.messageStart(LineBytes.of(line), ctx, valid))
                            .as(line)
                            .isEqualTo(SyslogPrefix.messageStart(LineBytes.of(line), ctx, null));
                }
            }
        }
        assertThat(SyslogPrefix.messageStart(LineBytes.of(LINE), ctx, valid))
                .isEqualTo(LINE.indexOf(": ") + 2);
        String badSecond = LINE.replace(":05 ", ":61 ");
        assertThat(SyslogPrefix.messageStart(LineBytes.of(badSecond), ctx, valid)).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Sep  2 13:30:00 lb-2 haproxy[4242]: MSG|haproxy|2026-09-02T13:30:00Z",
                "<134>Sep  2 13:30:00 lb-2 haproxy[4242]: MSG|haproxy|2026-09-02T13:30:00Z",
                "<134>Sep  2 13:30:00 haproxy[4242]: MSG|haproxy|2026-09-02T13:30:00Z",
                "2026-09-02T13:30:00.250+02:00 lb-2 haproxy[4242]: MSG|haproxy|2026-09-02T11:30:00.250Z",
                "<134>1 2026-09-02T13:30:00.123456Z lb-2 haproxy 4242 - - MSG|haproxy|2026-09-02T13:30:00.123Z",
                "<134>1 2026-09-02T13:30:00Z lb-2 haproxy - - [meta x=\"a ]b\"][o y=\"\\\"\"] MSG|haproxy|2026-09-02T13:30:00Z",
            })
    void theMessageAndProgramAreFoundBehindEveryCommonSyslogHeader(
            String line, String program, String time) {
        ParseContext ctx = new ParseContext(java.time.ZoneOffset.UTC, 2026, null, 65536);
        SyslogPrefix p = SyslogPrefix.parse(line, ctx);
        assertThat(p).isNotNull();
        assertThat(p.program()).isEqualTo(program);
        assertThat(line.substring(p.messageStart())).isEqualTo("MSG");
        assertThat(java.time.Instant.ofEpochMilli(p.time()))
                .isEqualTo(java.time.Instant.parse(time));
        assertThat(
                        SyslogPrefix.messageStart(
                                LineBytes.of(line), ctx, new SyslogPrefix.ValidTimes()))
                .isEqualTo(p.messageStart());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "<134>1 2026-09-02T13:30:00Z lb-2 haproxy 4242 -",
                "<134>1 2026-09-02T13:30:00Z lb-2 haproxy 4242 - x MSG",
                "<134>1 2026-09-02T13:30:00Z lb-2 haproxy 4242 - [unclosed x=\"]",
            })
    void aTruncatedOrMalformedRfc5424HeaderIsNoHeader(String line) {
        assertThat(SyslogPrefix.parse(line, ParseContext.defaults())).isNull();
    }
}
