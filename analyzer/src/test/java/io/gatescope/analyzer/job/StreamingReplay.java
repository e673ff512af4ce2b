package io.gatescope.analyzer.job;

import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.ingest.read.LineReader;
import io.gatescope.ingest.read.LogFiles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs the streaming workflow (the service's, with early warnings and the Kafka path's per-source
 * watermarks) over lines in a given arrival order, as one Kafka partition would deliver them, and
 * gathers what the service would end up showing: the last version of every incident that was not
 * withdrawn, the timeline steps, and the line counts.
 */
final class StreamingReplay {

    /** What the service ends up with. */
    record Outcome(List<Incident> incidents, List<StepStats> steps, long lines, long late) {}

    private StreamingReplay() {}

    /** Every line of each file, in file order, as a Kafka record of that file would carry it. */
    static Map<String, List<RawLine>> read(List<Path> files, int maxLine) throws Exception {
        Map<String, List<RawLine>> out = new LinkedHashMap<>();
        for (Path f : files) {
            List<RawLine> lines = new ArrayList<>();
            try (InputStream in = LogFiles.open(f);
                    LineReader r = new LineReader(in, maxLine)) {
                String source = f.toString();
                byte[] b;
                while ((b = r.nextBytes()) != null) {
                    lines.add(new RawLine(source, b));
                }
            }
            out.put(f.toString(), lines);
        }
        return out;
    }

    static Outcome run(LocalCluster cluster, List<RawLine> arrival, AnalyzerConfig config)
            throws Exception {
        StreamExecutionEnvironment env = cluster.environment();
        env.setParallelism(1);
        // Watermarks after every line, not every 200 ms: a bounded run lasts less than that, and
        // the order of lines against watermarks is what is being tested.
        WatermarkStrategy<RawLine> strategy =
                WatermarkStrategy.<RawLine>forGenerator(
                                ctx -> new EveryLine(config.watermarks(true)))
                        .withTimestampAssigner(ctx -> new LineTimestampAssigner(config));
        DataStream<RawLine> lines =
                env.fromData(arrival, TypeInformation.of(RawLine.class))
                        .assignTimestampsAndWatermarks(strategy);
        AnalyzerWorkflow.Parsed parsed = AnalyzerWorkflow.parseTimestamped(lines, config);
        CloseableIterator<Finding> it =
                AnalyzerWorkflow.defineWorkflow(parsed, config, true).collectAsync();
        JobClient job = env.executeAsync("replay");
        Map<String, Incident> incidents = new LinkedHashMap<>();
        List<StepStats> steps = new ArrayList<>();
        while (it.hasNext()) {
            Finding f = it.next();
            if (f.incident() == null) {
                steps.add(f.step());
            } else if (Incident.RETRACTED.equals(f.incident().status())) {
                incidents.remove(f.incident().id());
            } else {
                incidents.put(f.incident().id(), f.incident());
            }
        }
        JobExecutionResult r = job.getJobExecutionResult().get();
        if (Boolean.getBoolean("debug.acc"))
            System.out.println("ACC " + r.getAllAccumulatorResults());
        List<Incident> sorted = new ArrayList<>(incidents.values());
        sorted.sort(
                Comparator.comparing(Incident::start)
                        .thenComparing(Incident::service)
                        .thenComparing(Incident::id));
        return new Outcome(
                sorted,
                steps,
                ((Number) r.getAccumulatorResult(LineCounters.LINES)).longValue(),
                number(r.getAccumulatorResult(LineCounters.LATE)));
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** Emits the wrapped generator's watermark after every event. */
    private record EveryLine(WatermarkGenerator<RawLine> inner)
            implements WatermarkGenerator<RawLine> {
        @Override
        public void onEvent(RawLine e, long ts, WatermarkOutput out) {
            inner.onEvent(e, ts, out);
            inner.onPeriodicEmit(out);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {
            inner.onPeriodicEmit(out);
        }
    }

    /** A line's text, for messages. */
    static String text(RawLine l) {
        return new String(l.bytes(), StandardCharsets.UTF_8);
    }
}
