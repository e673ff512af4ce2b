package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.analyzer.report.AnalysisDocument;
import io.gatescope.ingest.read.LogFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.flink.configuration.Configuration;

/**
 * The service's answer equals {@code analyze}'s for the same lines, whatever order they arrive in,
 * as long as each file keeps its own order and no file lags the others by more than the skew bound:
 * random lags, slice sizes and wandering delays of the sample scenarios' files, through the real
 * streaming workflow, each compared with the batch document (jqwik prints the seed, and shrinks a
 * failing arrival to a small one). Plus the invariants every answer keeps, and what happens past
 * the bound.
 */
class LiveEqualsBatchIT {

    static final Path SAMPLES = Path.of("..", "sample-logs");

    /** The scenarios whose lines come in more than one file. */
    static final List<String> SCENARIOS =
            List.of(
                    "nginx-upstream-down",
                    "nginx-render-timeout",
                    "nginx-tls-expired",
                    "nginx-rolling-restart",
                    "nginx-websocket",
                    "nginx-websocket-idle",
                    "nginx-dns-failure",
                    "nginx-overload",
                    "nginx-proxy-limits",
                    "nginx-keepalive-race",
                    "nginx-websocket-cascade",
                    "nginx-header-cascade",
                    "nginx-outage-cascade",
                    "vm-oom-kill",
                    "vm-crash",
                    "vm-worker-timeout",
                    "k8s-oom",
                    "k8s-deploy",
                    "k8s-node");

    /** Lags stay under the skew bound (10 minutes) by this margin. */
    static final long MAX_LAG_MS = Duration.ofMinutes(9).toMillis();

    static LocalCluster cluster;
    static final Map<String, Batch> BATCH = new HashMap<>();

    record Batch(
            List<Path> files,
            AnalyzerConfig config,
            AnalysisDocument document,
            Map<String, List<RawLine>> lines) {}

    @BeforeContainer
    static void start() {
        cluster = LocalCluster.start(2, new Configuration());
    }

    @AfterContainer
    static void stop() throws Exception {
        cluster.close();
    }

    static synchronized Batch batch(String scenario) throws Exception {
        Batch b = BATCH.get(scenario);
        if (b == null) {
            List<Path> files = LogFiles.expand(List.of(SAMPLES.resolve(scenario)));
            AnalyzerConfig config = FileAnalysis.withHints(files, AnalyzerConfig.defaults(), false);
            AnalysisDocument doc = FileAnalysis.run(files, config, null, cluster).document();
            b = new Batch(files, config, doc, StreamingReplay.read(files, config.maxLineLength()));
            BATCH.put(scenario, b);
        }
        return b;
    }

    @Provide
    Arbitrary<String> scenarios() {
        return Arbitraries.of(SCENARIOS);
    }

    @Provide
    Arbitrary<Arrivals.Plan> plans() {
        Arbitrary<String> kind = Arbitraries.of("lag", "slices", "wander");
        Arbitrary<List<Integer>> lags = Arbitraries.integers().between(0, 540).list().ofSize(2);
        Arbitrary<List<Integer>> slices = Arbitraries.integers().between(1, 200).list().ofSize(2);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(kind, lags, slices, seed)
                .as((k, l, s, sd) -> new Arrivals.Plan(k, "slices".equals(k) ? s : l, sd));
    }

    @Property(tries = 30, shrinking = net.jqwik.api.ShrinkingMode.BOUNDED)
    void anyArrivalWithinTheSkewBoundGivesTheBatchAnswer(
            @ForAll("scenarios") String scenario, @ForAll("plans") Arrivals.Plan plan)
            throws Exception {
        Batch b = batch(scenario);
        List<RawLine> arrival = Arrivals.order(b.lines(), plan, b.config().parseContext());
        Assume.that(Arrivals.largestLag(arrival, b.config().parseContext()) <= MAX_LAG_MS);
        StreamingReplay.Outcome live = StreamingReplay.run(cluster, arrival, b.config());

        assertThat(live.lines()).as("lines in").isEqualTo(Arrivals.linesOf(arrival).size());
        assertThat(live.late()).as("late lines").isZero();
        assertThat(comparable(live.incidents()))
                .as("incidents of %s arriving as %s", scenario, plan)
                .isEqualTo(comparable(b.document().incidents()));
        assertInvariants(live.incidents(), live.steps());
    }

    /**
     * Found by the property: the error log written in slices far smaller than the access log's, so
     * that it keeps falling behind between rounds after having shipped all it held.
     */
    @Example
    void aWriterThatLagsAfterEachRoundIsStillAwaited() throws Exception {
        assertSameAnswer(
                "nginx-tls-expired",
                new Arrivals.Plan("slices", List.of(18, 200), -4376573948396584198L));
    }

    /**
     * Found by the property: an error log with a line every few minutes, its harvester six and a
     * half minutes behind, so that its last line falls past the bound before its next one comes.
     */
    @Example
    void aSparseFileWhoseHarvesterLagsIsAwaitedAcrossItsSilences() throws Exception {
        assertSameAnswer("nginx-keepalive-race", new Arrivals.Plan("lag", List.of(0, 396), -2));
    }

    void assertSameAnswer(String scenario, Arrivals.Plan plan) throws Exception {
        Batch b = batch(scenario);
        List<RawLine> arrival = Arrivals.order(b.lines(), plan, b.config().parseContext());
        StreamingReplay.Outcome live = StreamingReplay.run(cluster, arrival, b.config());
        assertThat(live.late()).isZero();
        assertThat(comparable(live.incidents())).isEqualTo(comparable(b.document().incidents()));
        assertInvariants(live.incidents(), live.steps());
    }

    @Example
    void aFileLaggingPastTheBoundHasItsLinesCountedLateNotFoldedIntoTheNumbers() throws Exception {
        Batch b = batch("nginx-dns-failure");
        // The error log (lines from 09:08 to 09:11) 12 minutes behind the access log (to 09:20):
        // past the 10-minute bound.
        Arrivals.Plan plan = new Arrivals.Plan("lag", List.of(0, 720), 1);
        Path error =
                b.files().stream()
                        .filter(p -> p.getFileName().toString().contains("error"))
                        .findFirst()
                        .orElseThrow();
        List<Path> ordered = new ArrayList<>(b.lines().keySet().stream().map(Path::of).toList());
        List<Integer> lags = ordered.get(0).equals(error) ? List.of(720, 0) : plan.parameters();
        List<RawLine> arrival =
                Arrivals.order(
                        b.lines(), new Arrivals.Plan("lag", lags, 1), b.config().parseContext());
        StreamingReplay.Outcome live = StreamingReplay.run(cluster, arrival, b.config());

        assertThat(live.late()).as("late lines").isPositive();
        assertThat(live.lines()).isEqualTo(Arrivals.linesOf(arrival).size());
        Incident dns = live.incidents().get(0);
        assertThat(dns.lateErrorLines()).as("error lines the incident could not join").isPositive();
        assertThat(dns.lateLines()).isGreaterThanOrEqualTo(dns.lateErrorLines());
        assertInvariants(live.incidents(), live.steps());
    }

    /** Errors never outnumber requests, and the timeline over a spike's window sums to it. */
    static void assertInvariants(List<Incident> incidents, List<StepStats> steps) {
        for (Incident i : incidents) {
            if (i.requests() > 0) {
                assertThat(i.errors()).as("errors of %s", i.id()).isLessThanOrEqualTo(i.requests());
            }
            if (!"spike".equals(i.kind())) {
                continue;
            }
            long from = Instant.parse(i.windowFrom()).toEpochMilli();
            long to = Instant.parse(i.windowTo()).toEpochMilli();
            long requests = 0;
            long errors = 0;
            for (StepStats s : steps) {
                if (s.service.equals(i.service()) && s.stepStart >= from && s.stepStart < to) {
                    requests += s.requests;
                    errors += s.errors;
                }
            }
            assertThat(requests).as("timeline requests of %s", i.id()).isEqualTo(i.requests());
            assertThat(errors).as("timeline errors of %s", i.id()).isEqualTo(i.errors());
        }
    }

    /** Everything of an incident but the time it was computed at. */
    static List<String> comparable(List<Incident> incidents) {
        return incidents.stream()
                .map(
                        i ->
                                String.join(
                                        "\n",
                                        i.id(),
                                        i.kind(),
                                        i.service(),
                                        i.targets().toString(),
                                        i.start() + " .. " + i.end(),
                                        i.windowFrom() + " .. " + i.windowTo(),
                                        i.requests() + " requests, " + i.errors() + " errors",
                                        "late " + i.lateLines() + "/" + i.lateErrorLines(),
                                        i.status(),
                                        i.dimensions().toString(),
                                        i.causes().toString()))
                .toList();
    }
}
