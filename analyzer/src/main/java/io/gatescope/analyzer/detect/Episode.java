package io.gatescope.analyzer.detect;

import io.gatescope.analyzer.model.StepStats;
import java.util.List;

/**
 * An episode the detector found, ready to be assembled into an incident.
 *
 * @param kind {@code spike} or {@code chronic}
 * @param open the episode has not ended yet
 */
public record Episode(
        String kind, String service, List<StepStats> steps, StepStats baseline, boolean open) {}
