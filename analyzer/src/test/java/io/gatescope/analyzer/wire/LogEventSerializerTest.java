package io.gatescope.analyzer.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.ErrorEvent;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.HealthEvent;
import io.gatescope.ingest.event.IgnoredLine;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.ProxyDetail;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamTry;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Flink's own serializer contract (copy, snapshot and restore, duplicate, stream round trips) on
 * every event type, with the values that trip serializers up: nulls, NaN, empty and non-ASCII
 * strings, retries, HAProxy details.
 */
class LogEventSerializerTest extends ImmutableSerializerContract<LogEvent> {

    @Override
    protected TypeSerializer<LogEvent> createSerializer() {
        return LogEventSerializer.INSTANCE;
    }

    @Override
    protected Class<LogEvent> getTypeClass() {
        return LogEvent.class;
    }

    @Override
    protected LogEvent[] getTestData() {
        return new LogEvent[] {
            new AccessEvent(
                    1_700_000_000_123L,
                    GatewayKind.NGINX,
                    "shop",
                    "shop.example.com",
                    "10.1.2.3",
                    "GET",
                    "/cart?q=ü",
                    502,
                    0.25,
                    4711,
                    false,
                    List.of(
                            new UpstreamTry("10.0.3.11:8080", 502, 0.001, Double.NaN, 0.2),
                            new UpstreamTry(
                                    "10.0.3.12:8080",
                                    -1,
                                    UpstreamTry.NOT_LOGGED,
                                    UpstreamTry.NOT_LOGGED,
                                    Double.NaN)),
                    null,
                    "/var/log/nginx/access.log",
                    "raw line"),
            new AccessEvent(
                    5,
                    GatewayKind.HAPROXY,
                    "",
                    null,
                    "",
                    "",
                    "",
                    503,
                    Double.NaN,
                    -1,
                    true,
                    List.of(),
                    new ProxyDetail("SC--", 12, 0, 3, 7, "<NOSRV>", null),
                    "k",
                    ""),
            new ErrorEvent(
                    9,
                    "error",
                    77,
                    "connect() failed (111: Connection refused)",
                    111,
                    "while connecting to upstream",
                    "10.1.2.3",
                    "api.example.com",
                    "GET / HTTP/1.1",
                    "http://10.0.3.11:8080/",
                    null,
                    "error.log",
                    "raw"),
            new HealthEvent(
                    10,
                    GatewayKind.HAPROXY,
                    "be_api",
                    "api1",
                    HealthEvent.HealthState.DOWN,
                    "Layer4 connection problem",
                    "s",
                    "r"),
            new HealthEvent(11, null, null, null, null, null, null, null),
            new IgnoredLine(-1, "blank", "s", ""),
            new Rejection(12, "bad-field:status", "s", "\u0000garbage")
        };
    }

    @Test
    void parsedEventsOfEveryGatewaySurviveTheWire() throws IOException {
        LogLineParser parser = new LogLineParser(ParseContext.defaults());
        String[] lines = {
            "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET /a HTTP/1.1\" 502 0 \"-\" \"curl\""
                    + " rt=0.100 ua=\"10.0.3.11:8080, 10.0.3.12:8080\" us=\"502, 200\"",
            "2026/03/14 09:10:00 [error] 1#1: *5 upstream prematurely closed connection while"
                    + " reading response header from upstream, client: 10.1.2.3, server: a,"
                    + " request: \"GET / HTTP/1.1\", upstream: \"http://10.0.3.11:8080/\"",
            "Mar 14 09:10:00 lb1 haproxy[2211]: 10.0.0.1:51234 [14/Mar/2026:09:10:00.120]"
                    + " fe_http be_api/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0"
                    + " \"GET / HTTP/1.1\""
        };
        for (String line : lines) {
            LogEvent event = parser.parse(line, "src");
            assertThat(event).isNotInstanceOf(Rejection.class);
            assertThat(roundTrip(event)).isEqualTo(event);
        }
    }

    @Test
    void aCorruptTagIsAnErrorNotAWrongEvent() {
        DataInputDeserializer in = new DataInputDeserializer(new byte[] {42, 0, 0});
        assertThatThrownBy(() -> LogEventSerializer.INSTANCE.deserialize(in))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("unknown tag 42");
    }

    private static LogEvent roundTrip(LogEvent e) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        LogEventSerializer.INSTANCE.serialize(e, out);
        return LogEventSerializer.INSTANCE.deserialize(
                new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
