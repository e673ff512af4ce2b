package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.classify.Observations;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The parser operator under Flink's test harness: healthy requests counted, the rest emitted. */
class ParseLinesOperatorTest {

    static String line(int sec, int status, String peers, String statuses, String times) {
        return "10.1.2.3 - - [14/Mar/2026:09:10:"
                + String.format("%02d", sec)
                + " +0000] \"GET /a HTTP/1.1\" "
                + status
                + " 5 \"-\" \"c\" rt=0.2 uct=\"0.001\" urt=\""
                + times
                + "\" ua=\""
                + peers
                + "\" us=\""
                + statuses
                + "\" host=shop.example.com";
    }

    @Test
    void healthyRequestsAreCountedExactlyAsTheFullPathWouldAndFailuresTravelOn() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            lines.add(line(i % 8, 200, "10.0.0." + (i % 3) + ":80", "200", "0.0" + (i % 9 + 1)));
        }
        lines.add(line(3, 101, "10.0.0.1:80", "101", "12.5"));
        lines.add(line(4, 200, "10.0.0.1:80, 10.0.0.2:80", "502, 200", "0.001, 0.020"));
        lines.add(line(5, 502, "10.0.0.1:80", "502", "0.000"));
        lines.add("\u0000\u0001 garbage");
        AnalyzerConfig config = AnalyzerConfig.defaults();
        try (OneInputStreamOperatorTestHarness<RawLine, LogEvent> h =
                new OneInputStreamOperatorTestHarness<>(new ParseLinesOperator(config, true))) {
            h.open();
            for (String l : lines) {
                h.processElement(new StreamRecord<>(RawLine.of("access.log", l)));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));

            List<StepStats> partials = new ArrayList<>();
            h.getSideOutput(ParseLinesOperator.PARTIALS).forEach(r -> partials.add(r.getValue()));
            assertThat(partials).hasSize(1);
            StepStats expected = expectedHealthyStep(lines, partials.get(0).stepStart);
            StepStats actual = partials.get(0);
            assertThat(actual.requests).isEqualTo(41);
            assertThat(actual.requests).isEqualTo(expected.requests);
            assertThat(actual.peerRequests).isEqualTo(expected.peerRequests);
            assertThat(actual.upstream).isEqualTo(expected.upstream);
            assertThat(actual.sessionSeconds).isEqualTo(expected.sessionSeconds);
            assertThat(actual.upgrades).isEqualTo(1);
            assertThat(actual.firstSeen).isEqualTo(expected.firstSeen);
            assertThat(actual.lastSeen).isEqualTo(expected.lastSeen);

            List<Object> emitted = new ArrayList<>(h.extractOutputValues());
            assertThat(emitted)
                    .extracting(e -> ((AccessEvent) e).status())
                    .containsExactly(200, 502); // the hidden retry and the 502
            assertThat(h.getSideOutput(ParseLinesOperator.REJECTED))
                    .extracting(r -> ((Rejection) r.getValue()).reason())
                    .containsExactly(Rejection.UNKNOWN_FORMAT);
        }
    }

    @Test
    void aBatchOfLinesGivesWhatItsLinesGiveOneByOne() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add(line(i % 8, 200, "10.0.0." + (i % 3) + ":80", "200", "0.0" + (i % 9 + 1)));
        }
        lines.add(line(5, 502, "10.0.0.1:80", "502", "0.000"));
        lines.add("");
        lines.add("\u0000\u0001 garbage");
        lines.add(line(6, 200, "10.0.0.2:80", "200", "0.011"));
        List<Object> single = run(lines.stream().map(l -> RawLine.of("a", l)).toList());
        List<Object> batched =
                run(
                        List.of(
                                RawLine.of("a", String.join("\n", lines.subList(0, 20)) + "\n"),
                                RawLine.of(
                                        "a",
                                        String.join("\n", lines.subList(20, lines.size()))
                                                + "\n")));
        assertThat(batched).isEqualTo(single);
        // A file written with CRLF: its batches keep each line's \r, which the operator strips.
        List<Object> crlf = run(List.of(RawLine.of("a", String.join("\r\n", lines) + "\r\n")));
        assertThat(crlf).isEqualTo(single);
        // One step of 31 requests, the 502, the garbage line's rejection, and 34 lines counted
        // (the blank one too).
        assertThat(single).hasSize(4);
        assertThat(((List<?>) single.get(0)).get(0)).isEqualTo(31L);
        assertThat(((List<?>) single.get(3)).get(0)).isEqualTo(34L);
    }

    /**
     * What the operator hands on for {@code records}: partial steps' counts, events, rejections.
     */
    private static List<Object> run(List<RawLine> records) throws Exception {
        ParseLinesOperator op = new ParseLinesOperator(AnalyzerConfig.defaults(), true);
        try (OneInputStreamOperatorTestHarness<RawLine, LogEvent> h =
                new OneInputStreamOperatorTestHarness<>(op)) {
            h.open();
            for (RawLine r : records) {
                h.processElement(new StreamRecord<>(r));
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<Object> out = new ArrayList<>();
            h.getSideOutput(ParseLinesOperator.PARTIALS)
                    .forEach(
                            r ->
                                    out.add(
                                            List.of(
                                                    r.getValue().requests,
                                                    r.getValue().peerRequests,
                                                    r.getValue().upstream.total)));
            out.addAll(h.extractOutputValues());
            h.getSideOutput(ParseLinesOperator.REJECTED).forEach(r -> out.add(r.getValue()));
            out.add(
                    List.of(
                            op.getRuntimeContext()
                                    .getLongCounter(LineCounters.LINES)
                                    .getLocalValue(),
                            op.getRuntimeContext()
                                    .getLongCounter(LineCounters.BYTES)
                                    .getLocalValue()));
            return out;
        }
    }

    @Test
    void withOwnWatermarksTheOperatorAdvancesEventTimeFromTheLines() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawLine, LogEvent> h =
                new OneInputStreamOperatorTestHarness<>(
                        new ParseLinesOperator(AnalyzerConfig.defaults(), true))) {
            h.open();
            for (int i = 0; i < ParseLinesOperator.WATERMARK_INTERVAL; i++) {
                h.processElement(
                        new StreamRecord<>(
                                RawLine.of("a", line(i % 60, 200, "10.0.0.1:80", "200", "0.01"))));
            }
            List<Watermark> marks = new ArrayList<>();
            h.getOutput()
                    .forEach(
                            o -> {
                                if (o instanceof Watermark w) {
                                    marks.add(w);
                                }
                            });
            long lastLine =
                    new LogLineParser(ParseContext.defaults())
                            .parse(line(59, 200, "10.0.0.1:80", "200", "0.01"), "a")
                            .timeMillis();
            assertThat(marks).hasSize(1);
            assertThat(marks.get(0).getTimestamp())
                    .isEqualTo(
                            lastLine - AnalyzerConfig.defaults().outOfOrderness().toMillis() - 1);
        }
    }

    /** The step the slow path (full event, then Observation) builds from the healthy lines. */
    private static StepStats expectedHealthyStep(List<String> lines, long stepStart) {
        LogLineParser parser = new LogLineParser(ParseContext.defaults());
        StepStats s = new StepStats("shop.example.com", stepStart, 10_000);
        for (String l : lines) {
            if (parser.parse(l, "a") instanceof AccessEvent a
                    && io.gatescope.analyzer.classify.RequestClassifier.isHealthy(a)) {
                s.add(Observations.ofRequest(a, null, "shop.example.com"));
            }
        }
        return s;
    }
}
