package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Observation;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The keyed operators under Flink's operator test harness: state, timers and watermarks. */
class StatefulOperatorsTest {

    static Observation request(long t, int status, FailureClass c) {
        return new Observation(
                Observation.Kind.REQUEST,
                "svc",
                t,
                "NGINX",
                "10.0.0.1:80",
                status,
                status == 502,
                c,
                3,
                status == 502 ? List.of("10.0.0.1:80") : List.of(),
                false,
                0,
                c == null ? "" : "x",
                null);
    }

    @Test
    void stepsAreEmittedOnceTheWatermarkPassesAndLateObservationsAreCounted() throws Exception {
        try (KeyedTwoInputStreamOperatorTestHarness<String, Observation, StepStats, StepStats> h =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new StepAggregator(10_000, 2_000),
                        Observation::service,
                        (StepStats p) -> p.service,
                        Types.STRING)) {
            h.processElement1(request(1_000, 200, null), 1_000);
            h.processElement1(request(2_000, 502, FailureClass.CONNECT_REFUSED), 2_000);
            h.processElement1(request(12_000, 200, null), 12_000);
            h.processWatermark1(new Watermark(11_000));
            h.processWatermark2(new Watermark(11_000));
            assertThat(h.extractOutputValues()).isEmpty(); // held back for the correlator's delay
            h.processWatermark1(new Watermark(12_000));
            h.processWatermark2(new Watermark(12_000));
            List<StepStats> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).requests).isEqualTo(2);
            assertThat(out.get(0).errors).isEqualTo(1);
            assertThat(out.get(0).count(FailureClass.CONNECT_REFUSED)).isEqualTo(1);
            h.processElement1(request(5_000, 502, FailureClass.CONNECT_REFUSED), 5_000);
            assertThat(h.getSideOutput(StepAggregator.LATE)).hasSize(1);
            StepStats partial = new StepStats("svc", 10_000, 10_000);
            partial.requests = 40;
            h.processElement2(partial, 10_000);
            h.processWatermark1(new Watermark(22_000));
            h.processWatermark2(new Watermark(22_000));
            List<StepStats> second = h.extractOutputValues();
            assertThat(second.get(second.size() - 1).requests)
                    .isEqualTo(41); // one observation + 40 pre-aggregated
        }
    }

    /** What the correlator emits for these events once the watermark has passed them all. */
    private static List<Observation> correlate(LogEvent... events) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, LogEvent, Observation> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new RequestCorrelator("nginx"),
                        RequestCorrelator::correlationKey,
                        Types.STRING)) {
            long last = Long.MIN_VALUE;
            for (LogEvent e : events) {
                h.processElement(e, e.timeMillis());
                last = Math.max(last, e.timeMillis());
            }
            h.processWatermark(new Watermark(last + RequestCorrelator.MAX_HOLD_MS + 1));
            return h.extractOutputValues();
        }
    }

    @Test
    void aFailedRequestIsJoinedWithTheErrorLineOfItsConnection() throws Exception {
        LogLineParser parser = new LogLineParser(ParseContext.defaults());
        LogEvent error =
                parser.parse(
                        "2026/03/14 09:10:00 [error] 1#1: *77 upstream prematurely closed connection while reading response header from upstream, client: 10.1.2.3, server: a, request: \"GET /x HTTP/1.1\", upstream: \"http://10.0.0.5:80/x\", host: \"a.example.com\"",
                        "e");
        LogEvent access =
                parser.parse(
                        "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET /x HTTP/1.1\" 502 1 \"-\" \"ua\" rt=0.002 uct=\"0.000\" uht=\"-\" urt=\"0.001\" ua=\"10.0.0.5:80\" us=\"502\" host=a.example.com cn=77",
                        "a");
        List<Observation> out = correlate(access, error);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).failure()).isEqualTo(FailureClass.CLOSED_FAST);
        assertThat(out.get(0).evidence()).startsWith("upstream prematurely closed connection");
        assertThat(out.get(0).service()).isEqualTo("a.example.com");
    }

    @Test
    void anErrorLineOfAnotherNginxInstanceIsNotJoinedByItsConnectionNumber() throws Exception {
        LogLineParser parser = new LogLineParser(ParseContext.defaults());
        String errorLine =
                "2026/03/14 09:10:00 [error] 1#1: *77 upstream sent too big header while reading response header from upstream, client: 10.1.2.3, server: a, request: \"GET /x HTTP/1.1\", upstream: \"http://10.0.0.5:80/x\", host: \"a.example.com\"";
        LogEvent otherHost = parser.parse(errorLine, "web-2:/var/log/nginx/error.log");
        LogEvent sameHost = parser.parse(errorLine, "web-1:/var/log/nginx/error.log");
        LogEvent access =
                parser.parse(
                        "10.1.2.3 - - [14/Mar/2026:09:10:00 +0000] \"GET /x HTTP/1.1\" 502 1 \"-\" \"ua\" rt=0.002 uct=\"0.000\" uht=\"-\" urt=\"0.001\" ua=\"10.0.0.5:80\" us=\"502\" host=a.example.com cn=77",
                        "web-1:/var/log/nginx/access.log");
        assertThat(RequestCorrelator.correlationKey(access))
                .isEqualTo(RequestCorrelator.correlationKey(sameHost))
                .isNotEqualTo(RequestCorrelator.correlationKey(otherHost));
        Observation request =
                correlate(access, otherHost).stream()
                        .filter(o -> o.kind() == Observation.Kind.REQUEST)
                        .findFirst()
                        .orElseThrow();
        // Not HEADER_TOO_BIG: that line is web-2's connection 77.
        assertThat(request.failure()).isEqualTo(FailureClass.CLOSED_FAST);
    }

    @Test
    void anErrorLineNoRequestClaimsStillCountsForItsUpstream() throws Exception {
        LogLineParser parser = new LogLineParser(ParseContext.defaults());
        LogEvent error =
                parser.parse(
                        "2026/03/14 09:10:00 [error] 1#1: *78 connect() failed (111: Connection refused) while connecting to upstream, client: 10.1.2.3, server: a, request: \"GET /y HTTP/1.1\", upstream: \"http://10.0.0.6:80/y\", host: \"a.example.com\"",
                        "e");
        List<Observation> out = correlate(error);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind()).isEqualTo(Observation.Kind.ERROR_LINE);
        assertThat(out.get(0).peer()).isEqualTo("10.0.0.6:80");
        assertThat(out.get(0).gatewayError()).isFalse();
    }
}
