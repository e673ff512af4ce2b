package io.gatescope.analyzer.detect;

import io.gatescope.analyzer.model.StepStats;
import java.util.List;

/**
 * Opens a spike incident before its step is complete, from the failures counted so far in a
 * provisional step (streaming only): on-call engineers need the alert within seconds, not after a
 * step and the correlator's hold. It fires only when the failures seen so far would already be a
 * spike for a whole step at the service's usual traffic, so the final steps confirm it and keep its
 * id; an alarm they do not confirm (a traffic surge with proportionate errors) is retracted.
 */
public final class EarlyWarning {

    /** Recent steps whose traffic estimates a whole step's requests. */
    static final int TRAFFIC_STEPS = 6;

    /** The final steps must confirm an early incident within this many steps after it. */
    static final int CONFIRM_STEPS = 3;

    private EarlyWarning() {}

    /** The episode to open now, or null. */
    public static Episode onProvisionalStep(DetectorState s, StepStats step) {
        if (!s.episode.isEmpty() || s.early != null || step.stepStart <= s.lastStepStart) {
            return null; // already open, already warned, or the final step is in
        }
        long expected = expectedRequests(s, step);
        if (expected <= 0) {
            return null; // no traffic history: nothing to compare with
        }
        double p0 =
                (s.baselineErrors + EpisodeDetector.PRIOR_ERRORS)
                        / (s.baselineRequests + EpisodeDetector.PRIOR_REQUESTS);
        long e = step.errors;
        long n = Math.max(expected, e);
        boolean hot =
                e >= EpisodeDetector.MIN_OPEN_ERRORS
                        && PoissonTail.atLeast(e, n * p0) < EpisodeDetector.OPEN_P
                        && (double) e / n >= 3 * p0;
        if (!hot) {
            return null;
        }
        s.early = step.copy();
        return new Episode("spike", step.service, List.of(s.early), baseline(s, step), true);
    }

    /**
     * Called with each final step: forgets a confirmed early incident once its episode closed, and
     * gives back one the final steps did not confirm, to be retracted. Null otherwise.
     */
    public static Episode afterFinalStep(DetectorState s, StepStats step, boolean episodeClosed) {
        if (s.early == null) {
            return null;
        }
        if (!s.episode.isEmpty()) {
            return null; // confirmed, and still open
        }
        if (episodeClosed) {
            s.early = null;
            return null;
        }
        if (step.stepStart < s.early.stepStart + CONFIRM_STEPS * step.stepMillis) {
            return null;
        }
        StepStats early = s.early;
        s.early = null;
        return new Episode("spike", early.service, List.of(early), baseline(s, early), false);
    }

    private static long expectedRequests(DetectorState s, StepStats step) {
        long sum = 0;
        int n = 0;
        for (int i = s.recent.size() - 1; i >= 0 && n < TRAFFIC_STEPS; i--) {
            sum += s.recent.get(i).requests;
            n++;
        }
        return n == 0 ? 0 : (sum + n - 1) / n;
    }

    private static StepStats baseline(DetectorState s, StepStats step) {
        StepStats b = new StepStats(step.service, 0, step.stepMillis);
        for (StepStats r : s.recent) {
            b.merge(r);
        }
        return b;
    }
}
