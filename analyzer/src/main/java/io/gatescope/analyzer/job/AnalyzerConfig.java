package io.gatescope.analyzer.job;

import io.gatescope.ingest.parse.ParseContext;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;

/**
 * How the analyzer job runs; parsed once from flags and environment by the caller. {@code analyze}
 * and the service use the same values, so that they judge the same lines the same way.
 *
 * @param zone the zone for zone-less time stamps
 * @param nginxLogFormat the user's nginx {@code log_format}, or null
 * @param step the statistics step (timeline resolution and detection granularity)
 * @param outOfOrderness how far one source's own lines may be out of order and still count
 * @param maxSkew how far, in log time, one source (a file) may lag behind the others and still be
 *     waited for; its lines beyond that are late
 * @param sourceIdle wall-clock time after which a silent source stops holding the analysis back
 *     (streaming only; files never pause)
 * @param hosts which machine answers on which address ({@code --hosts}), for joining upstream and
 *     platform logs to a gateway's peers: address to name
 * @param haproxyLogFormat the user's HAProxy {@code log-format}, or null
 * @param envoyLogFormat the user's Envoy access-log {@code format}, or null
 */
public record AnalyzerConfig(
        String zone,
        String nginxLogFormat,
        int defaultYear,
        int maxLineLength,
        Duration step,
        Duration outOfOrderness,
        String defaultService,
        Duration maxSkew,
        Duration sourceIdle,
        java.util.Map<String, String> hosts,
        String haproxyLogFormat,
        String envoyLogFormat)
        implements Serializable {

    /** The service name for nginx access lines that name no Host or upstream group. */
    public static final String DEFAULT_SERVICE = "nginx";

    /**
     * HAProxy stamps a line with the request's start but writes it at its end, so a file's lines
     * are out of order by up to the longest request: half a minute covers the usual timeouts.
     */
    public static final Duration DEFAULT_OUT_OF_ORDER = Duration.ofSeconds(30);

    /** The skew between files of one source that the service absorbs without late lines. */
    public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(10);

    /** A harvester restarting takes seconds; a file silent for a minute has nothing to send. */
    public static final Duration DEFAULT_SOURCE_IDLE = Duration.ofSeconds(60);

    public static AnalyzerConfig defaults() {
        ParseContext d = ParseContext.defaults();
        return new AnalyzerConfig(
                "UTC",
                null,
                d.defaultYear(),
                d.maxLineLength(),
                Duration.ofSeconds(10),
                DEFAULT_OUT_OF_ORDER,
                DEFAULT_SERVICE,
                DEFAULT_MAX_SKEW,
                DEFAULT_SOURCE_IDLE,
                java.util.Map.of(),
                null,
                null);
    }

    public AnalyzerConfig withZone(String z) {
        return new AnalyzerConfig(
                z,
                nginxLogFormat,
                defaultYear,
                maxLineLength,
                step,
                outOfOrderness,
                defaultService,
                maxSkew,
                sourceIdle,
                hosts,
                haproxyLogFormat,
                envoyLogFormat);
    }

    public AnalyzerConfig withNginxLogFormat(String f) {
        return new AnalyzerConfig(
                zone,
                f,
                defaultYear,
                maxLineLength,
                step,
                outOfOrderness,
                defaultService,
                maxSkew,
                sourceIdle,
                hosts,
                haproxyLogFormat,
                envoyLogFormat);
    }

    public AnalyzerConfig withDefaultYear(int y) {
        return new AnalyzerConfig(
                zone,
                nginxLogFormat,
                y,
                maxLineLength,
                step,
                outOfOrderness,
                defaultService,
                maxSkew,
                sourceIdle,
                hosts,
                haproxyLogFormat,
                envoyLogFormat);
    }

    public AnalyzerConfig withDefaultService(String s) {
        return new AnalyzerConfig(
                zone,
                nginxLogFormat,
                defaultYear,
                maxLineLength,
                step,
                outOfOrderness,
                s,
                maxSkew,
                sourceIdle,
                hosts,
                haproxyLogFormat,
                envoyLogFormat);
    }

    /** The same bounds on lateness: out-of-orderness, skew between sources, source idleness. */
    public AnalyzerConfig withLateness(Duration outOfOrder, Duration skew, Duration idle) {
        return new AnalyzerConfig(
                zone,
                nginxLogFormat,
                defaultYear,
                maxLineLength,
                step,
                outOfOrder,
                defaultService,
                skew,
                idle,
                hosts,
                haproxyLogFormat,
                envoyLogFormat);
    }

    /** The same, knowing which machine answers on which address. */
    public AnalyzerConfig withHosts(java.util.Map<String, String> h) {
        return new AnalyzerConfig(
                zone,
                nginxLogFormat,
                defaultYear,
                maxLineLength,
                step,
                outOfOrderness,
                defaultService,
                maxSkew,
                sourceIdle,
                java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(h)),
                haproxyLogFormat,
                envoyLogFormat);
    }

    /** The same, reading HAProxy's and Envoy's lines in these formats (null: the built-in). */
    public AnalyzerConfig withLogFormats(String haproxy, String envoy) {
        return new AnalyzerConfig(
                zone,
                nginxLogFormat,
                defaultYear,
                maxLineLength,
                step,
                outOfOrderness,
                defaultService,
                maxSkew,
                sourceIdle,
                hosts,
                haproxy,
                envoy);
    }

    /** The parsers' context. */
    public ParseContext parseContext() {
        return new ParseContext(
                ZoneId.of(zone),
                defaultYear,
                nginxLogFormat,
                maxLineLength,
                haproxyLogFormat,
                envoyLogFormat);
    }

    /**
     * A fresh watermark generator with these bounds, for raw lines and shippers' notices.
     *
     * @param stream the lines come from a stream, whose sources are found as they appear (not one
     *     file read by itself)
     */
    public PerSourceWatermarks<RawLine> watermarks(boolean stream) {
        return new PerSourceWatermarks<>(
                RawLine::source,
                RawLine::control,
                outOfOrderness.toMillis(),
                maxSkew.toMillis(),
                sourceIdle.toMillis(),
                System::nanoTime,
                stream);
    }
}
