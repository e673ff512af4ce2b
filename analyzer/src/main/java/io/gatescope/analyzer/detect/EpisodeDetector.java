package io.gatescope.analyzer.detect;

import io.gatescope.analyzer.model.StepStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds episodes in one service's step series. A step opens a spike when the gateway errors of the
 * last three steps are far beyond what the service's own baseline rate predicts (a Poisson test, so
 * five errors at 1 request/s count as much as fifty at 100/s); the episode stays open while steps
 * remain elevated and closes after {@link #QUIET_STEPS} quiet steps, so one outage is not split in
 * many. Errors outside episodes accumulate into a residual that may be a chronic finding. Plain
 * Java: the Flink operator only stores {@link DetectorState} and forwards output.
 */
public final class EpisodeDetector {

    static final double OPEN_P = 1e-6;
    static final double STAY_P = 0.01;
    static final int MIN_OPEN_ERRORS = 5;
    static final int QUIET_STEPS = 12;
    static final int RECENT_STEPS = 90;

    /** Steps before an episode that it may take in as its lead. */
    static final int LEAD_STEPS = 2;

    static final int MAX_EPISODE_STEPS = 4000;
    static final double PRIOR_ERRORS = 0.5;
    static final double PRIOR_REQUESTS = 500;
    static final double DECAY = 0.995;

    private EpisodeDetector() {}

    /** Steps between chronic checks of a running stream (10 minutes of 10 s steps). */
    static final int CHRONIC_CHECK_STEPS = 60;

    /**
     * Feeds one step in a stream that never ends: like {@link #onStep}, plus a chronic check of the
     * residual every {@link #CHRONIC_CHECK_STEPS} steps (bounded input checks at its end).
     */
    public static List<Episode> onStreamingStep(DetectorState s, StepStats step) {
        List<Episode> out = onStep(s, step);
        if (++s.stepsSinceChronicCheck >= CHRONIC_CHECK_STEPS) {
            s.stepsSinceChronicCheck = 0;
            Episode chronic = chronicCandidate(s);
            if (chronic != null) {
                out = new ArrayList<>(out);
                out.add(
                        new Episode(
                                chronic.kind(),
                                chronic.service(),
                                chronic.steps(),
                                chronic.baseline(),
                                true,
                                chronic.idStep()));
            }
        }
        return out;
    }

    /**
     * Feeds one step (steps arrive in time order); returns the episodes opened, updated or closed.
     */
    public static List<Episode> onStep(DetectorState s, StepStats step) {
        List<Episode> out = new ArrayList<>(1);
        if (s.residual == null) {
            s.residual = new StepStats(step.service, step.stepStart, step.stepMillis);
        }
        long gapSteps =
                s.lastStepStart == Long.MIN_VALUE
                        ? 0
                        : (step.stepStart - s.lastStepStart) / step.stepMillis - 1;
        s.lastStepStart = step.stepStart;
        if (!s.episode.isEmpty() && gapSteps >= QUIET_STEPS) {
            out.add(close(s));
        }
        double p0 = (s.baselineErrors + PRIOR_ERRORS) / (s.baselineRequests + PRIOR_REQUESTS);
        if (s.episode.isEmpty()) {
            long e3 = step.errors;
            long n3 = Math.max(step.requests, step.errors);
            int look = Math.min(2, s.recent.size());
            for (int i = s.recent.size() - look; i < s.recent.size(); i++) {
                StepStats r = s.recent.get(i);
                if (r.stepStart >= step.stepStart - 3 * step.stepMillis) {
                    e3 += r.errors;
                    n3 += Math.max(r.requests, r.errors);
                }
            }
            boolean hot =
                    step.errors > 0
                            && e3 >= MIN_OPEN_ERRORS
                            && PoissonTail.atLeast(e3, n3 * p0) < OPEN_P
                            && (double) e3 / n3 >= 3 * p0;
            if (hot) {
                openEpisode(s, step);
                out.add(episode(s, true));
            } else {
                toBaseline(s, step);
            }
            return out;
        }
        long n = Math.max(step.requests, step.errors);
        boolean elevated =
                step.errors > 0
                        && (PoissonTail.atLeast(step.errors, n * p0) < STAY_P
                                || (double) step.errors / n >= 0.3 * episodeRate(s));
        if (elevated) {
            s.episode.addAll(s.quietTail);
            s.quietTail.clear();
            s.episode.add(step);
            compact(s.episode);
            out.add(episode(s, true));
        } else {
            s.quietTail.add(step);
            if (s.quietTail.size() >= QUIET_STEPS) {
                out.add(close(s));
            }
        }
        return out;
    }

    /**
     * Ends the input: closes an open episode and reports a chronic finding if the residual is one.
     */
    public static List<Episode> onEnd(DetectorState s) {
        List<Episode> out = new ArrayList<>(2);
        if (!s.episode.isEmpty()) {
            out.add(close(s));
        }
        Episode chronic = chronicCandidate(s);
        if (chronic != null) {
            out.add(chronic);
        }
        return out;
    }

    /**
     * The residual as a chronic episode when it is a steady trickle rather than a handful: enough
     * errors, in enough distinct minutes, over a long enough span. Rules decide later whether a
     * cause explains it.
     */
    public static Episode chronicCandidate(DetectorState s) {
        StepStats r = s.residual;
        if (r == null || r.errors < 8 || s.residualErrorMinutes.size() < 5) {
            return null;
        }
        long spanMinutes = (r.lastError - r.firstError) / 60_000;
        if (spanMinutes < 10) {
            return null;
        }
        return new Episode("chronic", r.service, List.of(r.copy()), r.copy(), false);
    }

    /** The open episode as it stands; call only while one is open. */
    public static Episode current(DetectorState s) {
        return episode(s, true);
    }

    private static double episodeRate(DetectorState s) {
        long e = 0;
        long n = 0;
        for (StepStats st : s.episode) {
            e += st.errors;
            n += Math.max(st.requests, st.errors);
        }
        return n == 0 ? 0 : (double) e / n;
    }

    private static void openEpisode(DetectorState s, StepStats step) {
        // The one or two steps before may hold the episode's first errors, or the error lines and
        // failed health checks that explain them (checks fail before requests find no server):
        // pull them in, with the steps between, so that the episode's steps are contiguous and the
        // timeline over its window sums to its totals.
        List<StepStats> lead = new ArrayList<>();
        for (int i = Math.max(0, s.recent.size() - 2); i < s.recent.size(); i++) {
            StepStats r = s.recent.get(i);
            if (r.stepStart < step.stepStart - 2 * step.stepMillis) {
                continue;
            }
            if (r.errors > 0 || r.errorLines > 0 || !lead.isEmpty()) {
                lead.add(r);
            }
        }
        if (!lead.isEmpty()) {
            s.recent.removeAll(lead);
            for (StepStats r : lead) {
                unResidual(s, r);
            }
        }
        s.episode.addAll(lead);
        s.episode.add(step);
        s.openStep = step.stepStart;
    }

    private static Episode close(DetectorState s) {
        Episode e = episode(s, false);
        s.episode = new ArrayList<>();
        List<StepStats> tail = s.quietTail;
        s.quietTail = new ArrayList<>();
        for (StepStats t : tail) {
            toBaseline(s, t);
        }
        return e;
    }

    private static Episode episode(DetectorState s, boolean open) {
        StepStats baseline =
                new StepStats(s.episode.get(0).service, 0, s.episode.get(0).stepMillis);
        for (StepStats r : s.recent) {
            baseline.merge(r);
        }
        return new Episode(
                "spike",
                s.episode.get(0).service,
                List.copyOf(s.episode),
                baseline,
                open,
                s.openStep);
    }

    private static void toBaseline(DetectorState s, StepStats step) {
        s.baselineErrors = s.baselineErrors * DECAY + step.errors;
        s.baselineRequests = s.baselineRequests * DECAY + step.requests;
        s.recent.add(step);
        if (s.recent.size() > RECENT_STEPS) {
            s.recent.remove(0);
        }
        if (s.recent.size() > LEAD_STEPS) {
            // Only the last steps may still join an episode (as its lead): the others are kept for
            // their counts, and their request samples would cost more than all their numbers.
            StepStats old = s.recent.get(s.recent.size() - 1 - LEAD_STEPS);
            old.failingSample.clear();
            old.requestSample.clear();
        }
        s.residual.merge(step);
        if (step.errors > 0) {
            long minute = step.stepStart / 60_000;
            if (!s.residualErrorMinutes.contains(minute)
                    && s.residualErrorMinutes.size() < 10_000) {
                s.residualErrorMinutes.add(minute);
            }
        }
    }

    /** Takes a step back out of the residual when an episode claims it. */
    private static void unResidual(DetectorState s, StepStats step) {
        s.residual.errors -= step.errors;
        s.residual.requests -= step.requests;
        s.residual.status502 -= step.status502;
        s.residual.status504 -= step.status504;
        s.residual.status503 -= step.status503;
        for (var e : step.classCounts.entrySet()) {
            s.residual.classCounts.computeIfPresent(
                    e.getKey(), (k, v) -> v - e.getValue() <= 0 ? null : v - e.getValue());
        }
        long minute = step.stepStart / 60_000;
        s.residualErrorMinutes.remove(Long.valueOf(minute));
    }

    /** Merges the oldest steps of a very long episode so that state stays bounded. */
    private static void compact(List<StepStats> steps) {
        if (steps.size() > MAX_EPISODE_STEPS) {
            StepStats first = steps.remove(0);
            steps.get(0).merge(first);
            steps.get(0).stepStart = first.stepStart;
        }
    }
}
