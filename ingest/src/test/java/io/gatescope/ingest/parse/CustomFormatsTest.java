package io.gatescope.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.parse.envoy.EnvoyFormatParser;
import io.gatescope.ingest.parse.haproxy.HaproxyFormatParser;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code --envoy-log-format} and {@code --haproxy-log-format}: the user's format, by name. */
class CustomFormatsTest {

    static final String ENVOY =
            "%START_TIME%|%REQ(:METHOD)%|%REQ(:PATH)%|%RESPONSE_CODE%|%RESPONSE_FLAGS%|%UPSTREAM_HOST%|%REQ(:AUTHORITY)%|%DURATION%";

    static final String HAPROXY =
            "%ci:%cp [%tr] %ft %[capture.req.hdr(0)] %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %{+Q}r";

    @Test
    void anEnvoyLineInTheUsersFormatIsReadByItsOperators() {
        LogLineParser p = new LogLineParser(ParseContext.defaults().withLogFormats(null, ENVOY));
        AccessEvent a =
                (AccessEvent)
                        p.parse(
                                "2026-03-14T09:10:00.123Z|GET|/api|503|UF|10.0.3.11:8080|api.example.com|12",
                                "envoy.log");
        assertThat(a.gateway()).isEqualTo(GatewayKind.ENVOY);
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.detail().terminationState()).isEqualTo("UF");
        assertThat(a.lastTry().address()).isEqualTo("10.0.3.11:8080");
        assertThat(a.service()).isEqualTo("api.example.com");
        assertThat(Instant.ofEpochMilli(a.timeMillis()))
                .isEqualTo(Instant.parse("2026-03-14T09:10:00.135Z"));
    }

    @Test
    void anHaproxyLineInTheUsersFormatWithACaptureBeforeTheBackend() {
        LogLineParser p =
                new LogLineParser(
                        ParseContext.defaults()
                                .withDefaultYear(2026)
                                .withLogFormats(HAPROXY, null));
        LogEvent e =
                p.parse(
                        "Mar 14 09:10:00 lb1 haproxy[811]: 10.1.2.3:40962 [14/Mar/2026:09:10:00.285] fe shop.example.com be_shop/web1 0/0/-1/-1/3001 503 212 sC-- \"GET /cart HTTP/1.1\"",
                        "haproxy.log");
        AccessEvent a = (AccessEvent) e;
        assertThat(a.service()).isEqualTo("be_shop");
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.detail().terminationState()).isEqualTo("sC--");
        assertThat(a.lastTry().address()).isEqualTo("web1");
        assertThat(a.uri()).isEqualTo("/cart");
        assertThat(a.requestTime()).isEqualTo(3.001);
        // The built-in formats are still read beside it.
        assertThat(
                        p.parse(
                                "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET / HTTP/1.1\" 200 15 \"-\" \"curl/8.5.0\"",
                                "access.log"))
                .isInstanceOf(AccessEvent.class);
    }

    @Test
    void aFormatThatCannotBeReadIsRefusedWithItsReason() {
        assertThatThrownBy(() -> new EnvoyFormatParser("[%START_TIME%] %UPSTREAM_HOST%"))
                .hasMessageContaining("%RESPONSE_CODE%");
        assertThatThrownBy(() -> new HaproxyFormatParser("no variables at all"))
                .hasMessageContaining("no variable");
        assertThatThrownBy(() -> new HaproxyFormatParser("%ci [%tr] %b/%s"))
                .hasMessageContaining("%ST");
    }
}
