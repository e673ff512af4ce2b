package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import java.util.List;

/**
 * A cause that one family of signatures names outright (a DNS error, a certificate error, a header
 * too big): its confidence follows the share of failures with those signatures.
 */
abstract class DirectSignatureRule implements CauseRule {

    private final CauseCode code;
    private final List<FailureClass> signatures;

    DirectSignatureRule(CauseCode code, FailureClass... signatures) {
        this.code = code;
        this.signatures = List.of(signatures);
    }

    @Override
    public CauseCode code() {
        return code;
    }

    @Override
    public List<FailureClass> signatures() {
        return signatures;
    }

    @Override
    public double score(IncidentFeatures f) {
        return CauseRule.direct(f.share(signatures.toArray(FailureClass[]::new)));
    }
}
