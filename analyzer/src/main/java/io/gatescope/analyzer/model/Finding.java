package io.gatescope.analyzer.model;

/**
 * What the analyzer job emits: a new version of an incident, or one step of a service's timeline.
 * Exactly one of the two is set.
 */
public record Finding(Incident incident, StepStats step) {

    public static Finding of(Incident i) {
        return new Finding(i, null);
    }

    public static Finding of(StepStats s) {
        return new Finding(null, s);
    }

    /** The key findings are upserted by: the incident id, or service and step start. */
    public String key() {
        return incident != null ? incident.id() : "step|" + step.service + "|" + step.stepStart;
    }
}
