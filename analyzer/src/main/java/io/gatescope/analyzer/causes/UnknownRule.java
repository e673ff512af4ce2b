package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import java.util.List;

/**
 * Not enough evidence to tell: failures without detail, or the upstream answering errors itself.
 */
final class UnknownRule implements CauseRule {

    @Override
    public CauseCode code() {
        return CauseCode.UNKNOWN;
    }

    @Override
    public List<FailureClass> signatures() {
        return List.of(FailureClass.UNCLASSIFIED, FailureClass.UPSTREAM_ANSWERED_ERROR);
    }

    @Override
    public double score(IncidentFeatures f) {
        return Math.min(
                0.9,
                0.8 * f.share(FailureClass.UNCLASSIFIED, FailureClass.UPSTREAM_ANSWERED_ERROR));
    }

    @Override
    public String summary(IncidentFeatures f) {
        return f.count(FailureClass.UPSTREAM_ANSWERED_ERROR) > f.count(FailureClass.UNCLASSIFIED)
                ? "The upstream of "
                        + f.window().service
                        + " answered the errors itself; look at its own logs (it may be another proxy)."
                : "The logs do not say why "
                        + f.window().service
                        + " failed; add upstream timing and the error log.";
    }

    @Override
    public List<Fix> fixes(IncidentFeatures f) {
        return Fixes.forGateway(f.gateway())
                .nginx(
                        "Log what nginx knows about each upstream try",
                        "With these fields and the error log gatescope can tell refused, reset, timed-out and malformed apart.",
                        "log_format upstream '$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent '\n    '\"$http_referer\" \"$http_user_agent\" rt=$request_time uct=\"$upstream_connect_time\" '\n    'uht=\"$upstream_header_time\" urt=\"$upstream_response_time\" ua=\"$upstream_addr\" us=\"$upstream_status\" cn=$connection host=$host';\naccess_log /var/log/nginx/access.log upstream;\nerror_log /var/log/nginx/error.log warn;")
                .any(
                        "Look at the upstream's own logs for the same minutes",
                        "When the upstream itself answered 502/503/504, the cause is behind it.",
                        "")
                .build();
    }
}
