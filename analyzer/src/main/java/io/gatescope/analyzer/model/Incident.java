package io.gatescope.analyzer.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An episode of gateway errors for one service, with its ranked causes: the contract's incident
 * object plus {@code status}, the gateway kind, and what the service needs to keep its answer equal
 * to {@code analyze}'s.
 *
 * @param kind {@code spike} or {@code chronic}
 * @param status {@code open} while the episode goes on, then {@code closed}
 * @param start ISO-8601 UTC: the first gateway error
 * @param windowFrom ISO-8601 UTC: the start of the first statistics step of the episode; the
 *     timeline's steps from here to {@code windowTo} sum to {@code requests} and {@code errors}
 * @param windowTo ISO-8601 UTC: the end of the episode's last step (exclusive)
 * @param lateLines lines of the incident's period that arrived after it was decided (past the skew
 *     bound between files), counted but not analysed
 * @param lateErrorLines of those, error-log lines: failures they explain were not joined
 * @param dimensions what the failing requests have in common (contract section 2), may be empty
 * @param supersededBy for an early incident that the complete data opened under another id: that id
 *     (the early one is then withdrawn); null otherwise
 */
public record Incident(
        String id,
        String kind,
        String service,
        List<String> targets,
        String start,
        String end,
        long requests,
        long errors,
        List<Cause> causes,
        String status,
        String gateway,
        long updatedAt,
        String windowFrom,
        String windowTo,
        long lateLines,
        long lateErrorLines,
        @JsonInclude(JsonInclude.Include.NON_NULL) String supersededBy,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Evidence> nearby,
        List<Dimension> dimensions) {

    /** Documents written before {@code dimensions} existed read with an empty list. */
    public Incident {
        dimensions = dimensions == null ? List.of() : dimensions;
    }

    /**
     * The status of an incident opened early (streaming) that its complete steps did not confirm:
     * the index deletes it and alerts say it was withdrawn. Never shown by the API.
     */
    public static final String RETRACTED = "retracted";

    /** An incident without window, late lines or successor (tests, old documents). */
    public Incident(
            String id,
            String kind,
            String service,
            List<String> targets,
            String start,
            String end,
            long requests,
            long errors,
            List<Cause> causes,
            String status,
            String gateway,
            long updatedAt) {
        this(
                id, kind, service, targets, start, end, requests, errors, causes, status, gateway,
                updatedAt, start, end, 0, 0, null, List.of(), List.of());
    }

    /** The same incident with other causes and nearby lines (what the upstream's logs add). */
    public Incident withCauses(List<Cause> c, List<Evidence> near) {
        return new Incident(
                id,
                kind,
                service,
                targets,
                start,
                end,
                requests,
                errors,
                c,
                status,
                gateway,
                updatedAt,
                windowFrom,
                windowTo,
                lateLines,
                lateErrorLines,
                supersededBy,
                near,
                dimensions);
    }

    /** This incident, withdrawn. */
    public Incident retracted() {
        return retracted(null);
    }

    /** This incident, withdrawn in favour of {@code successor} (null: none). */
    public Incident retracted(String successor) {
        return new Incident(
                id,
                kind,
                service,
                targets,
                start,
                end,
                requests,
                errors,
                causes,
                RETRACTED,
                gateway,
                updatedAt,
                windowFrom,
                windowTo,
                lateLines,
                lateErrorLines,
                successor,
                nearby,
                dimensions);
    }

    /** This incident with its late-line counts. */
    public Incident withLate(long lines, long errorLines) {
        return new Incident(
                id,
                kind,
                service,
                targets,
                start,
                end,
                requests,
                errors,
                causes,
                status,
                gateway,
                updatedAt,
                windowFrom,
                windowTo,
                lines,
                errorLines,
                supersededBy,
                nearby,
                dimensions);
    }

    /** This incident with the values its failing requests share. */
    public Incident withDimensions(List<Dimension> dims) {
        return new Incident(
                id,
                kind,
                service,
                targets,
                start,
                end,
                requests,
                errors,
                causes,
                status,
                gateway,
                updatedAt,
                windowFrom,
                windowTo,
                lateLines,
                lateErrorLines,
                supersededBy,
                nearby,
                dims);
    }

    /** The most likely cause's code, or UNKNOWN. */
    public String topCause() {
        return causes.isEmpty() ? CauseCode.UNKNOWN.name() : causes.get(0).cause();
    }
}
