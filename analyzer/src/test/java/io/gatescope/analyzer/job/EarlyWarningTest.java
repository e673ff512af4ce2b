package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Streaming opens a clear spike from a provisional step, and the final steps keep its id. */
class EarlyWarningTest {

    static final long STEP = 10_000;

    static StepStats step(long start, long requests, long errors, boolean provisional) {
        StepStats s = new StepStats("svc", start, STEP);
        s.provisional = provisional;
        for (long i = 0; i < requests - errors; i++) {
            s.add(StatefulOperatorsTest.request(start + 1, 200, null));
        }
        for (long i = 0; i < errors; i++) {
            s.add(StatefulOperatorsTest.request(start + 2, 502, FailureClass.CONNECT_REFUSED));
        }
        return s;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, StepStats, Finding> detector()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new IncidentDetectorFunction(true), s -> s.service, Types.STRING);
    }

    private static List<Incident> incidents(
            KeyedOneInputStreamOperatorTestHarness<String, StepStats, Finding> h) {
        return h.extractOutputValues().stream()
                .map(Finding::incident)
                .filter(i -> i != null)
                .toList();
    }

    private static void history(
            KeyedOneInputStreamOperatorTestHarness<String, StepStats, Finding> h) throws Exception {
        for (int i = 0; i < 10; i++) {
            h.processElement(step(i * STEP, 200, 0, false), i * STEP);
        }
    }

    @Test
    void aClearSpikeOpensBeforeItsStepEndsAndTheFinalStepUpdatesTheSameIncident() throws Exception {
        try (var h = detector()) {
            history(h);
            h.processElement(step(10 * STEP, 3, 3, true), 10 * STEP);
            assertThat(incidents(h)).isEmpty(); // three errors are not yet a spike
            h.processElement(step(10 * STEP, 25, 25, true), 10 * STEP);
            List<Incident> early = incidents(h);
            assertThat(early).hasSize(1);
            assertThat(early.get(0).status()).isEqualTo("open");
            h.processElement(step(10 * STEP, 25, 25, true), 10 * STEP);
            assertThat(incidents(h)).hasSize(1); // warned once
            h.processElement(step(10 * STEP, 230, 30, false), 10 * STEP);
            List<Incident> all = incidents(h);
            assertThat(all).hasSizeGreaterThan(1);
            assertThat(all).extracting(Incident::id).containsOnly(early.get(0).id());
        }
    }

    @Test
    void anEarlyAlarmTheFinalStepsDoNotConfirmIsRetracted() throws Exception {
        try (var h = detector()) {
            history(h);
            h.processElement(step(10 * STEP, 25, 25, true), 10 * STEP);
            String id = incidents(h).get(0).id();
            // The step turned out to carry a traffic surge: 25 errors in 50,000 requests.
            h.processElement(step(10 * STEP, 50_000, 25, false), 10 * STEP);
            for (int i = 11; i < 14; i++) {
                h.processElement(step(i * STEP, 200, 0, false), i * STEP);
            }
            List<Incident> all = incidents(h);
            assertThat(all).extracting(Incident::id).containsOnly(id);
            assertThat(all.get(all.size() - 1).status()).isEqualTo(Incident.RETRACTED);
        }
    }

    @Test
    void gatewayErrorsAreCountedIntoAProvisionalStepEmittedOnProcessingTime() throws Exception {
        var parser =
                new io.gatescope.ingest.parse.LogLineParser(
                        io.gatescope.ingest.parse.ParseContext.defaults());
        try (var h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new EarlyFailureCounter(STEP, "nginx"),
                        e -> EarlyFailureCounter.service(e, "nginx"),
                        Types.STRING)) {
            h.setProcessingTime(1_000);
            for (int i = 0; i < 4; i++) {
                var e =
                        parser.parse(
                                ParseLinesOperatorTest.line(i, 502, "10.0.0.1:80", "502", "0.000"),
                                "a");
                assertThat(EarlyFailureCounter.counts(e)).isTrue();
                h.processElement(e, e.timeMillis());
            }
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(1_000 + EarlyFailureCounter.EMIT_MILLIS);
            List<StepStats> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).provisional).isTrue();
            assertThat(out.get(0).errors).isEqualTo(4);
            assertThat(out.get(0).service).isEqualTo("shop.example.com");
        }
    }

    @Test
    void withoutTrafficHistoryNothingOpensEarly() throws Exception {
        try (var h = detector()) {
            h.processElement(step(0, 50, 50, true), 0);
            assertThat(incidents(h)).isEmpty();
        }
    }
}
