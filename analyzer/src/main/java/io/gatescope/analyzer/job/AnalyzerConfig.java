package io.gatescope.analyzer.job;

import io.gatescope.ingest.parse.ParseContext;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;

/**
 * How the analyzer job runs; parsed once from flags and environment by the caller.
 *
 * @param zone the zone for zone-less time stamps
 * @param nginxLogFormat the user's nginx {@code log_format}, or null
 * @param step the statistics step (timeline resolution and detection granularity)
 * @param outOfOrderness how late a line may arrive, in event time, and still count
 */
public record AnalyzerConfig(
        String zone,
        String nginxLogFormat,
        int defaultYear,
        int maxLineLength,
        Duration step,
        Duration outOfOrderness,
        String defaultService)
        implements Serializable {

    /** The service name for nginx access lines that name no Host or upstream group. */
    public static final String DEFAULT_SERVICE = "nginx";

    public static AnalyzerConfig defaults() {
        ParseContext d = ParseContext.defaults();
        return new AnalyzerConfig(
                "UTC",
                null,
                d.defaultYear(),
                d.maxLineLength(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                DEFAULT_SERVICE);
    }

    public AnalyzerConfig withZone(String z) {
        return new AnalyzerConfig(
                z,
                nginxLogFormat,
                defaultYear,
                maxLineLength,
                step,
                outOfOrderness,
                defaultService);
    }

    public AnalyzerConfig withNginxLogFormat(String f) {
        return new AnalyzerConfig(
                zone, f, defaultYear, maxLineLength, step, outOfOrderness, defaultService);
    }

    public AnalyzerConfig withDefaultYear(int y) {
        return new AnalyzerConfig(
                zone, nginxLogFormat, y, maxLineLength, step, outOfOrderness, defaultService);
    }

    public AnalyzerConfig withOutOfOrderness(Duration d) {
        return new AnalyzerConfig(
                zone, nginxLogFormat, defaultYear, maxLineLength, step, d, defaultService);
    }

    public AnalyzerConfig withDefaultService(String s) {
        return new AnalyzerConfig(
                zone, nginxLogFormat, defaultYear, maxLineLength, step, outOfOrderness, s);
    }

    /** The parsers' context. */
    public ParseContext parseContext() {
        return new ParseContext(ZoneId.of(zone), defaultYear, nginxLogFormat, maxLineLength);
    }
}
