package io.gatescope.analyzer.model;

import io.gatescope.analyzer.dimensions.RequestDimensions;
import io.gatescope.analyzer.wire.ObservationSerializer;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What one request or one unmatched error line contributes to a service's statistics, after parsing
 * and correlation. The unit that travels from the correlator to the step aggregator.
 *
 * @param kind whether this is a request, an error line no request claimed, or a health event
 * @param gatewayError the client got a 502/504, or a 503 the proxy made itself
 * @param failure the failure's signature, null when the request succeeded
 * @param upstreamMillis the last try's upstream response time, -1 when unknown
 * @param failedPeers peers whose tries failed, including retries the client never saw
 * @param evidence the normalised error message that explains the failure, or ""
 * @param example the verbatim lines (access line, then its error line) for evidence, or null
 * @param origin the machine the gateway's line came from (the host of a shipped source), "" when it
 *     does not say: an upstream beside the gateway (a unix socket) runs there
 * @param dims a request's values for the incident's {@code dimensions}, for a request that needed a
 *     closer look; null otherwise
 * @param lineHash the {@link io.gatescope.analyzer.dimensions.LineHash} of the request's line
 */
@TypeInfo(ObservationSerializer.Factory.class)
public record Observation(
        Kind kind,
        String service,
        long timeMillis,
        String gateway,
        String peer,
        int status,
        boolean gatewayError,
        FailureClass failure,
        long upstreamMillis,
        List<String> failedPeers,
        boolean upgrade,
        double sessionSeconds,
        String evidence,
        String example,
        String origin,
        RequestDimensions dims,
        long lineHash) {

    /** An observation without the request's dimensions (an error line, a health event). */
    public Observation(
            Kind kind,
            String service,
            long timeMillis,
            String gateway,
            String peer,
            int status,
            boolean gatewayError,
            FailureClass failure,
            long upstreamMillis,
            List<String> failedPeers,
            boolean upgrade,
            double sessionSeconds,
            String evidence,
            String example,
            String origin) {
        this(
                kind,
                service,
                timeMillis,
                gateway,
                peer,
                status,
                gatewayError,
                failure,
                upstreamMillis,
                failedPeers,
                upgrade,
                sessionSeconds,
                evidence,
                example,
                origin,
                null,
                0);
    }

    /** An observation of a line that names no machine. */
    public Observation(
            Kind kind,
            String service,
            long timeMillis,
            String gateway,
            String peer,
            int status,
            boolean gatewayError,
            FailureClass failure,
            long upstreamMillis,
            List<String> failedPeers,
            boolean upgrade,
            double sessionSeconds,
            String evidence,
            String example) {
        this(
                kind,
                service,
                timeMillis,
                gateway,
                peer,
                status,
                gatewayError,
                failure,
                upstreamMillis,
                failedPeers,
                upgrade,
                sessionSeconds,
                evidence,
                example,
                "");
    }

    /**
     * Where a line was written: the machine an envelope names ({@code web-1:/var/log/nginx/x.log}
     * gives {@code web-1}), else its file's folder ({@code dir:/var/log/nginx}), which tells one
     * machine's logs from another's in a post-mortem's folders; "" when nothing says.
     */
    public static String originOf(String source) {
        int end = source == null ? -1 : source.indexOf(":/");
        if (end > 0 && source.indexOf('/') > end) {
            return source.substring(0, end);
        }
        String dir = folderOf(source);
        return dir.isEmpty() ? "" : DIR + dir;
    }

    /** The prefix of an origin that is a folder. */
    public static final String DIR = "dir:";

    /** A source's folder, with forward slashes; "" for a bare name or none. */
    public static String folderOf(String source) {
        if (source == null) {
            return "";
        }
        String s = source.replace('\\', '/');
        int slash = s.lastIndexOf('/');
        return slash > 0 ? s.substring(0, slash) : slash == 0 ? "/" : "";
    }

    /** What an observation stands for. */
    public enum Kind {
        REQUEST,
        ERROR_LINE,
        HEALTH
    }
}
