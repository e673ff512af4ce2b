package io.gatescope.analyzer.model;

import java.util.List;

/**
 * An episode of gateway errors for one service, with its ranked causes: the contract's incident
 * object plus {@code status} and the gateway kind.
 *
 * @param kind {@code spike} or {@code chronic}
 * @param status {@code open} while the episode goes on, then {@code closed}
 * @param start ISO-8601 UTC
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
        long updatedAt) {

    /**
     * The status of an incident opened early (streaming) that its complete steps did not confirm:
     * the index deletes it and alerts say it was withdrawn. Never shown by the API.
     */
    public static final String RETRACTED = "retracted";

    /** This incident, withdrawn. */
    public Incident retracted() {
        return new Incident(
                id, kind, service, targets, start, end, requests, errors, causes, RETRACTED,
                gateway, updatedAt);
    }

    /** The most likely cause's code, or UNKNOWN. */
    public String topCause() {
        return causes.isEmpty() ? CauseCode.UNKNOWN.name() : causes.get(0).cause();
    }
}
