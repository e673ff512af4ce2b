package io.gatescope.analyzer.triggers;

import static io.gatescope.analyzer.triggers.TriggerFixtures.T;
import static io.gatescope.analyzer.triggers.TriggerFixtures.event;
import static io.gatescope.analyzer.triggers.TriggerFixtures.incident;
import static io.gatescope.analyzer.triggers.TriggerFixtures.onHost;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The joiner through Flink's test harness: whatever order incidents and the upstream's lines come
 * in, each incident's last version is the same, and it survives a restore.
 */
class TriggerJoinerTest {

    private static final Incident DOWN =
            incident("shop.example.com", "UPSTREAM_DOWN", "10.0.5.11:8000");

    private static final UpstreamEvent LISTENING =
            event(T - 3_600_000, Signal.STARTED, "gunicorn", Origin.NONE, "master 3120")
                    .withOrigin(Origin.NONE.withAddresses("10.0.5.11:8000"));
    private static final UpstreamEvent OOM = onHost(T + 1000, Signal.OOM_KILL, "kernel", "app-1");
    private static final UpstreamEvent CRASH =
            event(T + 2000, Signal.CRASH, "gunicorn", Origin.NONE, "worker 7");

    private static KeyedBroadcastOperatorTestHarness<String, Finding, LogEvent, Finding> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new TriggerJoiner(Map.of()),
                TriggerJoiner::key,
                Types.STRING,
                TriggerJoiner.EVENTS,
                TriggerJoiner.IDENTITIES);
    }

    @Test
    void theIncidentsLastVersionIsTheSameWhetherItsTriggerCameBeforeOrAfter() throws Exception {
        Incident before = last(run(List.of(CRASH, LISTENING), true));
        Incident after = last(run(List.of(CRASH, LISTENING), false));
        Incident listenLast = last(run(List.of(LISTENING, CRASH), false));
        assertThat(before.causes().get(0).trigger()).isNotNull();
        assertThat(before.causes().get(0).trigger().kind()).isEqualTo("PROCESS_CRASH");
        assertThat(after).isEqualTo(before);
        assertThat(listenLast).isEqualTo(before);
    }

    @Test
    void aLineOfAnotherMachineIsOnlyNearby() throws Exception {
        Incident i = last(run(List.of(OOM), true));
        assertThat(i.causes().get(0).trigger()).isNull();
        assertThat(i.nearby()).hasSize(1);
        assertThat(i.nearby().get(0).text()).contains("app-1").contains("nothing joins it");
    }

    @Test
    void whatWasLearntSurvivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.processBroadcastElement(LISTENING, 1);
            snapshot = h.snapshot(1, 1);
        }
        try (var h =
                new KeyedBroadcastOperatorTestHarness<String, Finding, LogEvent, Finding>(
                        new CoBroadcastWithKeyedOperator<>(
                                new TriggerJoiner(Map.of()),
                                List.of(TriggerJoiner.EVENTS, TriggerJoiner.IDENTITIES)),
                        TriggerJoiner::key,
                        Types.STRING,
                        1,
                        1,
                        0)) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            h.processElement(Finding.of(DOWN), 2);
            h.processBroadcastElement(CRASH, 3);
            Incident i = last(findings(h));
            assertThat(i.causes().get(0).trigger()).isNotNull();
            assertThat(i.causes().get(0).trigger().summary()).contains("10.0.5.11:8000");
        }
    }

    @Test
    void aBusyLogKeepsOneRoutineLinePerMinuteAndSendsNoVersionThatSaysNothingNew()
            throws Exception {
        List<UpstreamEvent> routine = new ArrayList<>();
        for (int k = 0; k < 600; k++) {
            routine.add(
                    onHost(T + k * 100L, Signal.STARTED, "gunicorn", "ip-10-0-5-11")
                            .withSource("app/gunicorn.log"));
        }
        List<UpstreamEvent> reversed = new ArrayList<>(routine);
        java.util.Collections.reverse(reversed);
        List<Finding> forward = run(routine, true);
        List<Finding> backward = run(reversed, true);
        // 600 lines in one minute: one kept, at most one version sent beyond the detector's.
        assertThat(forward).hasSizeLessThanOrEqualTo(2);
        assertThat(last(backward)).isEqualTo(last(forward));
        assertThat(TriggerJoiner.key(routine.get(0)))
                .isEqualTo(TriggerJoiner.key(routine.get(599)));
    }

    private static List<Finding> run(List<UpstreamEvent> events, boolean incidentFirst)
            throws Exception {
        try (var h = harness()) {
            long ts = 1;
            if (incidentFirst) {
                h.processElement(Finding.of(DOWN), ts++);
            }
            for (UpstreamEvent e : events) {
                h.processBroadcastElement(e, ts++);
            }
            if (!incidentFirst) {
                h.processElement(Finding.of(DOWN), ts);
            }
            return findings(h);
        }
    }

    private static List<Finding> findings(
            KeyedBroadcastOperatorTestHarness<String, Finding, LogEvent, Finding> h) {
        return new ArrayList<>(h.extractOutputValues());
    }

    /** Each incident's last version, as the index keeps it. */
    private static Incident last(List<Finding> out) {
        Map<String, Incident> byId = new LinkedHashMap<>();
        for (Finding f : out) {
            if (f.incident() != null) {
                byId.put(f.incident().id(), f.incident());
            }
        }
        assertThat(byId).hasSize(1);
        return byId.values().iterator().next();
    }
}
