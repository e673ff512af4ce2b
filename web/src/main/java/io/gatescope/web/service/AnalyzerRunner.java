package io.gatescope.web.service;

import static io.gatescope.analyzer.job.LineCounters.LINES;

import io.gatescope.analyzer.job.LineCounters;
import io.gatescope.analyzer.job.StreamingAnalyzerJob;
import io.gatescope.analyzer.job.StreamingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Starts the analyzer job: on an embedded MiniCluster in this JVM, or by submitting the job jar to
 * a Flink session cluster. Checkpoints go to the data directory and are retained; on start the job
 * resumes from the newest completed one, so a restart after a crash neither loses nor double-counts
 * lines.
 */
public final class AnalyzerRunner implements AutoCloseable {

    private final JobClient job;
    private final String where;
    private final Path savepoints;

    private final OncePerSecond<String> state;
    private final OncePerSecond<Map<String, Object>> accumulators;

    private AnalyzerRunner(JobClient job, String where, Path savepoints) {
        this.job = job;
        this.where = where;
        this.savepoints = savepoints;
        this.state = new OncePerSecond<>(() -> ask(job.getJobStatus(), "UNKNOWN").toString());
        this.accumulators =
                new OncePerSecond<>(() -> ask(job.getAccumulators(), Map.<String, Object>of()));
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** The answer within two seconds, else {@code otherwise}. */
    private static <T> T ask(java.util.concurrent.CompletableFuture<? extends T> f, T otherwise) {
        try {
            return f.get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            return otherwise;
        }
    }

    public static AnalyzerRunner start(ServiceConfig config, Path jobJar) throws Exception {
        Files.createDirectories(config.checkpointDir());
        Configuration conf = new Configuration();
        conf.setString("execution.checkpointing.interval", "5 s");
        conf.setString("execution.checkpointing.dir", config.checkpointDir().toUri().toString());
        conf.setString(
                "execution.checkpointing.externalized-checkpoint-retention",
                "RETAIN_ON_CANCELLATION");
        conf.setString("execution.checkpointing.num-retained", "3");
        conf.setString("state.backend.type", "hashmap");
        Optional<Path> latest = latestCheckpoint(config.checkpointDir());
        latest.ifPresent(
                p -> conf.setString("execution.state-recovery.path", p.toUri().toString()));
        StreamExecutionEnvironment env;
        String where;
        if (config.flink() == null) {
            conf.setString("rest.bind-address", "127.0.0.1");
            conf.setString("taskmanager.numberOfTaskSlots", "4");
            // Task managers report accumulators (lines parsed) with their heartbeats.
            conf.setString("heartbeat.interval", "2 s");
            env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
            where = "embedded MiniCluster";
        } else {
            String[] hp = config.flink().split(":", 2);
            if (jobJar == null || !Files.exists(jobJar)) {
                throw new IllegalStateException(
                        "the job jar is missing ("
                                + jobJar
                                + "); run 'mvn -DskipTests package' first");
            }
            env =
                    StreamExecutionEnvironment.createRemoteEnvironment(
                            hp[0], Integer.parseInt(hp[1]), conf, jobJar.toString());
            where = "Flink cluster at " + config.flink();
        }
        StreamingConfig sc = config.streaming();
        StreamingAnalyzerJob.defineStreamingJob(env, sc);
        JobClient client = env.executeAsync("gatescope analyzer");
        return new AnalyzerRunner(
                client,
                where
                        + latest.map(
                                        p ->
                                                ", resumed from "
                                                        + p.getParent().getFileName()
                                                        + "/"
                                                        + p.getFileName())
                                .orElse(""),
                config.checkpointDir().resolve(SAVEPOINTS));
    }

    /** Where a clean stop leaves its savepoint, under the checkpoint directory. */
    static final String SAVEPOINTS = "savepoints";

    /**
     * The newest retained checkpoint or stop savepoint with metadata, across earlier runs' job
     * directories.
     */
    static Optional<Path> latestCheckpoint(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.walk(root, 2)) {
            return s.filter(
                            p ->
                                    (p.getFileName().toString().startsWith("chk-")
                                                    || p.getFileName()
                                                            .toString()
                                                            .startsWith("savepoint-"))
                                            && Files.exists(p.resolve("_metadata")))
                    .max(
                            Comparator.comparingLong(
                                            (Path p) ->
                                                    p.resolve("_metadata").toFile().lastModified())
                                    .thenComparingInt(AnalyzerRunner::checkpointNumber));
        }
    }

    /**
     * The job's status (RUNNING, RESTARTING, FAILED...), asked of the JobManager at most once a
     * second: health checks may come much faster than that, and each question is an RPC.
     */
    public String state() {
        return state.get();
    }

    /**
     * Lines the job has parsed since it started (its accumulator, which task managers report with
     * their heartbeats), asked at most once a second; NaN when the job does not answer.
     */
    public double linesParsed() {
        return number(accumulators.get().get(LINES));
    }

    /** Lines that came too late to be analysed (see {@link LineCounters}), NaN when unknown. */
    public double linesLate() {
        return number(accumulators.get().get(LineCounters.LATE));
    }

    /** Late lines per source. */
    public Map<String, Double> lateBySource() {
        Map<String, Double> out = new java.util.TreeMap<>();
        accumulators
                .get()
                .forEach(
                        (k, v) -> {
                            if (k.startsWith(LineCounters.LATE_BY)) {
                                out.put(k.substring(LineCounters.LATE_BY.length()), number(v));
                            }
                        });
        return out;
    }

    /** A value asked for at most once a second; callers in between get the last answer. */
    private static final class OncePerSecond<T> {
        private final java.util.function.Supplier<T> ask;
        private volatile T value;
        private volatile long atNanos;

        OncePerSecond(java.util.function.Supplier<T> ask) {
            this.ask = ask;
        }

        T get() {
            long now = System.nanoTime();
            T v = value;
            if (v == null || now - atNanos >= 1_000_000_000L) {
                v = ask.get();
                value = v;
                atNanos = now;
            }
            return v;
        }
    }

    public String where() {
        return where;
    }

    private static int checkpointNumber(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith("chk-") ? Integer.parseInt(name.substring(4)) : 0;
    }

    /**
     * Stops the job with a savepoint, so that the next start resumes exactly where this one stopped
     * (a checkpoint is up to its interval old, and a service stopped within its first interval
     * would have none: the next start would read the topic again from the committed offsets). Falls
     * back to cancelling when the job cannot take one (failing, restarting); then the newest
     * retained checkpoint is what the next start resumes from.
     */
    @Override
    public void close() {
        try {
            String taken =
                    job.stopWithSavepoint(
                                    false,
                                    savepoints.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(60, java.util.concurrent.TimeUnit.SECONDS);
            dropOtherSavepoints(taken);
            return;
        } catch (Exception e) {
            // No savepoint: cancel below, and resume from the newest checkpoint.
        }
        try {
            job.cancel().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Already gone; the retained checkpoint is what matters for the next start.
        }
    }

    /** Flink keeps every savepoint; only the newest one is ever resumed from. */
    private void dropOtherSavepoints(String taken) throws IOException {
        if (!Files.isDirectory(savepoints)) {
            return;
        }
        String path = taken.replaceAll("/+$", "");
        String keep = path.substring(path.lastIndexOf('/') + 1);
        try (Stream<Path> s = Files.list(savepoints)) {
            for (Path old : s.filter(p -> !p.getFileName().toString().equals(keep)).toList()) {
                try (Stream<Path> tree = Files.walk(old)) {
                    for (Path f : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
        }
    }
}
