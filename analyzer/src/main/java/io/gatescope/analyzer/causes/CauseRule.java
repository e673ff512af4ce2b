package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import java.util.List;

/**
 * What gatescope knows about one cause: which signatures and patterns point to it, how strongly,
 * and what to change. One implementation per cause code.
 */
public interface CauseRule {

    CauseCode code();

    /** How well the episode fits this cause, in [0, 1]. */
    double score(IncidentFeatures f);

    /** The signatures whose evidence supports this cause. */
    List<FailureClass> signatures();

    /** One sentence a person can act on. */
    String summary(IncidentFeatures f);

    /** Concrete changes and checks, for the episode's gateway kind. */
    List<Fix> fixes(IncidentFeatures f);

    /** Pattern evidence beyond counted signatures (peer sequence, latency), or "" for none. */
    default String patternEvidence(IncidentFeatures f) {
        return "";
    }

    /** The RFC 9209 type; rules may refine the code's default. */
    default String proxyStatus(IncidentFeatures f) {
        return code().proxyStatus();
    }

    /** Confidence for a signature that names the cause directly (DNS, TLS...). */
    static double direct(double share) {
        return share < 0.02 ? share : Math.min(0.98, 0.35 + 0.63 * share);
    }

    /** Confidence for a cause inferred from a pattern of signatures. */
    static double inferred(double score) {
        return score < 0.02 ? score : Math.min(0.95, 0.2 + 0.75 * score);
    }
}
