package io.gatescope.analyzer.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One ranked explanation of an incident, as in the contract's JSON document.
 *
 * @param trigger what made the upstream fail, when its own logs show it; null otherwise
 */
public record Cause(
        String cause,
        double confidence,
        String proxyStatus,
        String summary,
        List<Evidence> evidence,
        List<Fix> fixes,
        @JsonInclude(JsonInclude.Include.NON_NULL) Trigger trigger) {

    /** A cause without a trigger. */
    public Cause(
            String cause,
            double confidence,
            String proxyStatus,
            String summary,
            List<Evidence> evidence,
            List<Fix> fixes) {
        this(cause, confidence, proxyStatus, summary, evidence, fixes, null);
    }

    /** This cause with a trigger and the confidence the joined evidence supports. */
    public Cause withTrigger(Trigger t, double newConfidence, String newSummary) {
        return new Cause(cause, newConfidence, proxyStatus, newSummary, evidence, fixes, t);
    }
}
