package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.event.Rejection;
import io.gatescope.ingest.event.UpstreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The parse operator and the upstream's logs: a document over several lines cut by a checkpoint is
 * completed after the restore, and a server's chatter is not counted as lines that failed to parse.
 */
class UpstreamSourcesTest {

    private static final List<String> PODS =
            List.of(
                    "{",
                    "    \"apiVersion\": \"v1\",",
                    "    \"kind\": \"List\",",
                    "    \"items\": [",
                    "        {\"kind\": \"Pod\", \"metadata\": {\"name\": \"web-1\", \"namespace\": \"shop\", \"uid\": \"u1\"},",
                    "         \"status\": {\"podIP\": \"10.244.1.17\", \"containerStatuses\": [{\"name\": \"web\",",
                    "           \"lastState\": {\"terminated\": {\"exitCode\": 137, \"reason\": \"OOMKilled\",",
                    "             \"finishedAt\": \"2026-03-14T09:11:04Z\"}}}]}},",
                    "        {\"kind\": \"Pod\", \"metadata\": {\"name\": \"web-2\", \"namespace\": \"shop\", \"uid\": \"u2\"},",
                    "         \"status\": {\"podIP\": \"10.244.2.9\", \"startTime\": \"2026-03-14T08:00:00Z\"}}",
                    "    ]",
                    "}");

    private static OneInputStreamOperatorTestHarness<RawLine, LogEvent> harness() throws Exception {
        var h =
                new OneInputStreamOperatorTestHarness<RawLine, LogEvent>(
                        new ParseLinesOperator(AnalyzerConfig.defaults(), true));
        h.setup(io.gatescope.analyzer.wire.LogEventSerializer.INSTANCE);
        return h;
    }

    @Test
    void aDocumentCutByACheckpointIsCompletedByTheLinesAfterTheRestore() throws Exception {
        List<LogEvent> whole;
        try (var h = harness()) {
            h.open();
            feed(h, PODS, "pods.json");
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            whole = new ArrayList<>(h.extractOutputValues());
        }
        assertThat(whole).hasSize(2).allMatch(e -> e instanceof UpstreamEvent);

        OperatorSubtaskState snapshot;
        List<LogEvent> cut = new ArrayList<>();
        try (var h = harness()) {
            h.open();
            feed(h, PODS.subList(0, 6), "pods.json");
            snapshot = h.snapshot(1, 1);
            cut.addAll(h.extractOutputValues());
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            feed(h, PODS.subList(6, PODS.size()), "pods.json");
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            cut.addAll(h.extractOutputValues());
            assertThat(h.getSideOutput(ParseLinesOperator.REJECTED)).isNullOrEmpty();
        }
        assertThat(cut).isEqualTo(whole);
    }

    @Test
    void anApplicationServersOtherLinesAreItsChatterButInAGatewaysLogTheyAreRejected()
            throws Exception {
        List<String> uwsgi =
                List.of(
                        "*** Starting uWSGI 2.0.23 (64bit) on [Sat Mar 14 08:30:00 2026] ***",
                        "compiled with version: 12.2.0 on 14 March 2026 08:00:00",
                        "your processes number limit is 63711",
                        "uwsgi socket 0 bound to TCP address 10.0.6.21:3031 fd 3",
                        "WSGI app 0 (mountpoint='') ready in 1 seconds on interpreter 0x55d1 pid: 4410");
        try (var h = harness()) {
            h.open();
            feed(h, uwsgi, "app-1/uwsgi.log");
            feed(
                    h,
                    List.of(
                            ParseLinesOperatorTest.line(3, 502, "10.0.6.21:3031", "502", "0.000"),
                            "your processes number limit is 63711"),
                    "nginx/access.log");
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<Rejection> rejected = new ArrayList<>();
            h.getSideOutput(ParseLinesOperator.REJECTED).forEach(r -> rejected.add(r.getValue()));
            assertThat(rejected).extracting(Rejection::source).containsExactly("nginx/access.log");
            assertThat(h.extractOutputValues())
                    .filteredOn(e -> e instanceof UpstreamEvent)
                    .extracting(e -> ((UpstreamEvent) e).origin().addresses())
                    .contains("10.0.6.21:3031");
        }
    }

    @Test
    void aBusyLogSendsOnOneRoutineLinePerMachineAndMinuteButEveryLineThatSaysSomething()
            throws Exception {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < 90; k++) {
            String host = "app-" + (k % 3);
            String clock = String.format("09:%02d:%02d", 10 + k / 60, k % 60);
            lines.add(
                    "Mar 14 "
                            + clock
                            + " "
                            + host
                            + " gunicorn[1201]: [2026-03-14 "
                            + clock
                            + " +0000] [1201] [INFO] Booting worker with pid: "
                            + (3000 + k));
        }
        lines.add(
                "Mar 14 09:10:30 app-1 kernel: [1040211.381211] Out of memory: Killed process 2231 (gunicorn) total-vm:1kB, anon-rss:1kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:1kB oom_score_adj:0");
        // Written late, but the earliest of its minute: it must go on.
        lines.add(
                "Mar 14 09:10:00 app-0 gunicorn[1201]: [2026-03-14 09:10:00 +0000] [1201] [INFO] Booting worker with pid: 2999");
        try (var h = harness()) {
            h.open();
            feed(h, lines, "syslog");
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<UpstreamEvent> sent = new ArrayList<>();
            h.extractOutputValues().forEach(e -> sent.add((UpstreamEvent) e));
            // Three machines over two minutes, the kill, and the late earliest line.
            assertThat(sent).hasSize(3 * 2 + 2);
            assertThat(sent).anyMatch(e -> e.raw().contains("Out of memory"));
            assertThat(sent).anyMatch(e -> e.raw().endsWith("pid: 2999"));
        }
    }

    private static void feed(
            OneInputStreamOperatorTestHarness<RawLine, LogEvent> h, List<String> lines, String src)
            throws Exception {
        for (String l : lines) {
            h.processElement(new StreamRecord<>(RawLine.of(src, l)));
        }
    }
}
