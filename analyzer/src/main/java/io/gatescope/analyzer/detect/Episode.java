package io.gatescope.analyzer.detect;

import io.gatescope.analyzer.model.StepStats;
import java.util.List;

/**
 * An episode the detector found, ready to be assembled into an incident.
 *
 * @param kind {@code spike} or {@code chronic}
 * @param open the episode has not ended yet
 * @param idStep the step that seeds the incident's id: the one that opened the episode, which the
 *     early warning (streaming) and the complete data (both) find alike, so that live and batch
 *     give the same id
 */
public record Episode(
        String kind,
        String service,
        List<StepStats> steps,
        StepStats baseline,
        boolean open,
        long idStep) {

    /** An episode whose id is seeded by its first step. */
    public Episode(
            String kind, String service, List<StepStats> steps, StepStats baseline, boolean open) {
        this(kind, service, steps, baseline, open, steps.get(0).stepStart);
    }
}
