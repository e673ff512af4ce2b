package io.gatescope.analyzer.job;

import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.analyzer.report.AnalysisDocument;
import io.gatescope.analyzer.report.Summary;
import io.gatescope.ingest.parse.Timestamps;
import io.gatescope.ingest.read.LogFiles;
import io.gatescope.ingest.read.LogSniffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs the analyzer job over log files on a local MiniCluster and gathers its findings: the engine
 * behind {@code gatescope analyze}. Every file is its own source with its own watermarks.
 */
public final class FileAnalysis {

    /** The analysis' result: the contract document and the timeline steps, for the index. */
    public record Result(AnalysisDocument document, List<StepStats> steps) {}

    /** Files from this size on are read in parallel ranges. */
    static final long SPLIT_BYTES = 32L << 20;

    /** How often progress is reported. */
    public static final long PROGRESS_MILLIS = 2_000;

    private FileAnalysis() {}

    /**
     * The configuration completed from the files themselves: the zone the access logs carry (unless
     * the user gave one), the year for syslog stamps, and the Host the error log names as the
     * service of access lines that name none.
     */
    public static AnalyzerConfig withHints(
            List<Path> files, AnalyzerConfig config, boolean zoneGiven) {
        LogSniffer.Sniffed sniffed = LogSniffer.sniff(files, config.maxLineLength());
        AnalyzerConfig c = config;
        if (!zoneGiven && sniffed.zone().isPresent()) {
            c = c.withZone(sniffed.zone().get().getId());
        }
        if (sniffed.year().isPresent()) {
            c = c.withDefaultYear(sniffed.year().get());
        }
        if (sniffed.errorLogHost().isPresent()) {
            c = c.withDefaultService(sniffed.errorLogHost().get());
        }
        return c;
    }

    /** How far the analysis is: lines parsed and their bytes, newlines included. */
    public record Progress(long lines, long bytes) {}

    public static Result run(List<Path> files, AnalyzerConfig config, int parallelism)
            throws Exception {
        return run(files, config, parallelism, null);
    }

    /**
     * Runs the analysis; {@code progress}, when given, hears how far it is every {@link
     * #PROGRESS_MILLIS} (from the job's accumulators, which tasks report with their heartbeats).
     */
    public static Result run(
            List<Path> files, AnalyzerConfig config, int parallelism, Consumer<Progress> progress)
            throws Exception {
        try (LocalCluster cluster = startCluster(parallelism, progress != null)) {
            return run(files, config, progress, cluster);
        }
    }

    /**
     * Starts the cluster an analysis runs on, in the background: start it first, then prepare the
     * analysis (sniffing the files) while it comes up.
     *
     * @param progress the analysis will report progress (tasks then report every {@link
     *     #PROGRESS_MILLIS})
     */
    public static LocalCluster startCluster(int parallelism, boolean progress) {
        Configuration conf = new Configuration();
        if (progress) {
            conf.setString("heartbeat.interval", PROGRESS_MILLIS + " ms");
        }
        return LocalCluster.start(parallelism, conf);
    }

    /** Runs the analysis on a cluster from {@link #startCluster}. */
    public static Result run(
            List<Path> files,
            AnalyzerConfig config,
            Consumer<Progress> progress,
            LocalCluster cluster)
            throws Exception {
        StreamExecutionEnvironment env = cluster.environment();
        int parallelism = env.getParallelism();
        // Every operator emits fresh records and keeps none it was handed by a chained one, so
        // the per-record copy between chained operators is pure overhead.
        env.getConfig().enableObjectReuse();
        AnalyzerWorkflow.Parsed all = null;
        int i = 0;
        for (Path file : files) {
            for (LogFileFormat range : ranges(file, config, parallelism)) {
                String name = "file-" + i++;
                FileSource<RawLine> source =
                        FileSource.forRecordStreamFormat(
                                        range, new org.apache.flink.core.fs.Path(file.toUri()))
                                .build();
                DataStream<RawLine> lines =
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), name)
                                .uid("source-" + name)
                                .setParallelism(1);
                AnalyzerWorkflow.Parsed parsed = AnalyzerWorkflow.parse(lines, config, name);
                all = all == null ? parsed : all.union(parsed);
            }
        }
        DataStream<Finding> found = AnalyzerWorkflow.defineWorkflow(all, config, false);
        // Findings are the only stream collected: one client drains one sink. Rejections and late
        // lines are counted in accumulators, since a log of the wrong format rejects every line
        // and a second collect sink would fill up while the client waits on the first.
        CloseableIterator<Finding> findings = found.collectAsync();
        JobClient job = env.executeAsync("gatescope analyze");
        Thread reporter = progress == null ? null : reportProgress(job, progress);
        Map<String, Incident> incidents = new LinkedHashMap<>();
        List<StepStats> steps = new ArrayList<>();
        while (findings.hasNext()) {
            Finding f = findings.next();
            if (f.incident() != null) {
                incidents.put(f.incident().id(), f.incident());
            } else {
                steps.add(f.step());
            }
        }
        JobExecutionResult result = job.getJobExecutionResult().get();
        Map<String, Long> byReason = byPrefix(result, LineCounters.REJECTED_BY);
        Map<String, Long> lateBySource = byPrefix(result, LineCounters.LATE_BY);
        long lateCount = counter(result, LineCounters.LATE);
        if (reporter != null) {
            reporter.interrupt();
        }
        long lines = counter(result, LineCounters.LINES);
        long rejectedCount = counter(result, LineCounters.REJECTED);
        Long first = result.getAccumulatorResult(LineCounters.FIRST);
        Long last = result.getAccumulatorResult(LineCounters.LAST);
        boolean any = first != null && first != Long.MAX_VALUE;
        Summary summary =
                new Summary(
                        files.size(),
                        lines,
                        lines - rejectedCount - lateCount,
                        rejectedCount,
                        counter(result, LineCounters.REQUESTS),
                        counter(result, LineCounters.STATUS_502),
                        any ? Timestamps.format(first) : null,
                        any ? Timestamps.format(last) : null,
                        byReason,
                        lateCount,
                        lateBySource);
        List<Incident> sorted = new ArrayList<>(incidents.values());
        sorted.sort(
                Comparator.comparing(Incident::start)
                        .thenComparing(Incident::service)
                        .thenComparing(Incident::id));
        steps.sort(
                Comparator.comparing((StepStats s) -> s.service)
                        .thenComparingLong(s -> s.stepStart));
        return new Result(new AnalysisDocument(summary, sorted), steps);
    }

    /**
     * A large plain file is read as {@code parallelism} byte ranges, each by its own source with
     * its own watermarks, so every core parses; a range's watermark follows its own part of the
     * file, and the step operator waits for the slowest. Compressed files cannot be split.
     */
    static List<LogFileFormat> ranges(Path file, AnalyzerConfig config, int parallelism)
            throws java.io.IOException {
        String source = file.toString();
        long size = java.nio.file.Files.size(file);
        if (parallelism < 2 || size < SPLIT_BYTES || LogFiles.isGzip(file)) {
            return List.of(new LogFileFormat(source, config.maxLineLength()));
        }
        List<LogFileFormat> out = new ArrayList<>();
        for (int k = 0; k < parallelism; k++) {
            long from = size * k / parallelism;
            long to = k == parallelism - 1 ? Long.MAX_VALUE : size * (k + 1) / parallelism;
            out.add(new LogFileFormat(source, config.maxLineLength(), from, to));
        }
        return out;
    }

    private static Thread reportProgress(JobClient job, Consumer<Progress> progress) {
        Thread t =
                new Thread(
                        () -> {
                            try {
                                while (!Thread.currentThread().isInterrupted()) {
                                    Thread.sleep(PROGRESS_MILLIS);
                                    Map<String, Object> acc =
                                            job.getAccumulators().get(5, TimeUnit.SECONDS);
                                    progress.accept(
                                            new Progress(
                                                    number(acc.get(LineCounters.LINES)),
                                                    number(acc.get(LineCounters.BYTES))));
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (Exception e) {
                                // Progress is a courtesy: the job's own result tells success.
                            }
                        },
                        "analyze-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }

    /** The accumulators named {@code prefix + key}, by key. */
    private static Map<String, Long> byPrefix(JobExecutionResult r, String prefix) {
        Map<String, Long> out = new TreeMap<>();
        r.getAllAccumulatorResults()
                .forEach(
                        (name, value) -> {
                            if (name.startsWith(prefix)) {
                                out.put(
                                        name.substring(prefix.length()),
                                        ((Number) value).longValue());
                            }
                        });
        return out;
    }

    private static long counter(JobExecutionResult r, String name) {
        Object v = r.getAccumulatorResult(name);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
