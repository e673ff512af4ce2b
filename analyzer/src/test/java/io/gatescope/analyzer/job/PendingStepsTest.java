package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.StepStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingStepsTest {

    private final PendingSteps pending = new PendingSteps(10_000, 12_000);

    @Test
    void linesOfOneStepAndServiceShareTheirStep() {
        StepStats a = pending.step("shop", 20_000, Long.MIN_VALUE);
        assertThat(pending.step("shop", 29_999, Long.MIN_VALUE)).isSameAs(a);
        assertThat(a.stepStart).isEqualTo(20_000);
        assertThat(pending.step("shop", 30_000, Long.MIN_VALUE)).isNotSameAs(a);
        assertThat(pending.step("cart", 20_001, Long.MIN_VALUE)).isNotSameAs(a);
        assertThat(pending.step("shop", 19_999, Long.MIN_VALUE).stepStart).isEqualTo(10_000);
        assertThat(pending.step("shop", 20_500, Long.MIN_VALUE)).isSameAs(a);
    }

    @Test
    void negativeTimesFallInTheStepBelowThem() {
        assertThat(pending.step("shop", -1, Long.MIN_VALUE).stepStart).isEqualTo(-10_000);
    }

    @Test
    void aStepTheWatermarkHasPassedIsNoLongerOpen() {
        StepStats a = pending.step("shop", 20_000, Long.MIN_VALUE);
        // The step ends at 29,999 and is held 12 s longer for the correlator.
        assertThat(pending.step("shop", 25_000, 41_998)).isSameAs(a);
        assertThat(pending.step("shop", 25_000, 41_999)).isNull();
    }

    @Test
    void flushHandsOverPassedStepsOnceAndForgetsThem() {
        StepStats a = pending.step("shop", 20_000, Long.MIN_VALUE);
        StepStats b = pending.step("shop", 30_000, Long.MIN_VALUE);
        List<StepStats> out = new ArrayList<>();
        pending.flush(41_999, out::add);
        assertThat(out).containsExactly(a);
        assertThat(pending.all()).containsExactly(b);
        assertThat(pending.step("shop", 35_000, 41_999)).isSameAs(b);
        assertThat(pending.step("shop", 21_000, 41_999)).isNull();
    }
}
