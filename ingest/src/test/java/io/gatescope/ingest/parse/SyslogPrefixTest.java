package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
}
