package io.gatescope.analyzer.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.StepStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodeDetectorTest {

    static final long STEP = 10_000;

    private static StepStats step(int i, long requests, long errors) {
        StepStats s = new StepStats("svc", i * STEP, STEP);
        s.requests = requests;
        s.errors = errors;
        if (errors > 0) {
            s.firstError = i * STEP;
            s.lastError = i * STEP + 5_000;
        }
        return s;
    }

    private static List<Episode> run(long[][] series) {
        DetectorState state = new DetectorState();
        List<Episode> out = new ArrayList<>();
        for (int i = 0; i < series.length; i++) {
            out.addAll(EpisodeDetector.onStep(state, step(i, series[i][0], series[i][1])));
        }
        out.addAll(EpisodeDetector.onEnd(state));
        return out;
    }

    private static long[][] series(int n, long requests, long errors) {
        long[][] s = new long[n][];
        for (int i = 0; i < n; i++) {
            s[i] = new long[] {requests, errors};
        }
        return s;
    }

    /** The first and the last step of an episode. */
    private static List<Long> span(Episode e) {
        return List.of(e.steps().get(0).stepStart, e.steps().get(e.steps().size() - 1).stepStart);
    }

    @Test
    void anOutageOpensAndClosesOneEpisode() {
        long[][] s = series(120, 50, 0);
        for (int i = 60; i < 78; i++) {
            s[i] = new long[] {50, 50};
        }
        List<Episode> closed = run(s).stream().filter(e -> !e.open()).toList();
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).steps().get(0).stepStart).isEqualTo(60 * STEP);
        assertThat(closed.get(0).steps().get(closed.get(0).steps().size() - 1).stepStart)
                .isEqualTo(77 * STEP);
    }

    @Test
    void shortGapsInsideAnEpisodeDoNotSplitIt() {
        long[][] s = series(150, 50, 0);
        for (int i = 40; i < 44; i++) {
            s[i] = new long[] {50, 20};
        }
        for (int i = 50; i < 54; i++) {
            s[i] = new long[] {50, 20};
        }
        List<Episode> closed = run(s).stream().filter(e -> !e.open()).toList();
        assertThat(closed).hasSize(1);
        assertThat(span(closed.get(0))).containsExactly(40 * STEP, 53 * STEP);
    }

    @Test
    void heavyTrafficWithTheUsualErrorRateOpensNoSpike() {
        long[][] s = series(200, 20, 0);
        for (int i = 0; i < 200; i += 25) {
            s[i] = new long[] {20, 1};
        }
        for (int i = 100; i < 140; i++) {
            s[i] = new long[] {400, i % 10 == 0 ? 1 : 0};
        }
        // No spike: the rate stayed the usual one. (A chronic candidate over the whole period is
        // the cause ranker's to keep or drop, see CauseRankerTest.)
        assertThat(run(s)).noneMatch(e -> "spike".equals(e.kind()));
    }

    @Test
    void aHandfulOfScatteredErrorsIsNotAChronicCandidate() {
        long[][] s = series(360, 30, 0);
        for (int i : new int[] {10, 150, 300}) {
            s[i] = new long[] {30, 1};
        }
        assertThat(run(s)).isEmpty();
    }

    @Test
    void lowTrafficOutageIsStillDetected() {
        long[][] s = series(100, 2, 0);
        for (int i = 50; i < 60; i++) {
            s[i] = new long[] {2, 2};
        }
        List<Episode> spikes =
                run(s).stream().filter(e -> "spike".equals(e.kind()) && !e.open()).toList();
        assertThat(spikes).hasSize(1);
        assertThat(span(spikes.get(0))).containsExactly(50 * STEP, 59 * STEP);
    }

    @Test
    void poissonTailMatchesKnownValues() {
        assertThat(PoissonTail.atLeast(0, 3)).isEqualTo(1.0);
        assertThat(PoissonTail.atLeast(1, 1))
                .isCloseTo(1 - Math.exp(-1), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(PoissonTail.atLeast(3, 0.5))
                .isCloseTo(0.014388, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(PoissonTail.atLeast(1300, 1000)).isLessThan(1e-15);
    }
}
