package io.gatescope.ingest.parse;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * What parsers need beyond the line: the zone for zone-less time stamps (nginx error log, HAProxy),
 * the year for syslog prefixes that omit it, and the user's nginx {@code log_format}.
 *
 * @param nginxLogFormat the body of a {@code log_format} directive, or null
 * @param maxLineLength lines longer than this are rejected as {@code too-long}
 * @param haproxyLogFormat the body of an HAProxy {@code log-format} directive, or null
 * @param envoyLogFormat an Envoy access log's {@code format} string, or null
 */
public record ParseContext(
        ZoneId zone,
        int defaultYear,
        String nginxLogFormat,
        int maxLineLength,
        String haproxyLogFormat,
        String envoyLogFormat) {

    /** Without HAProxy's and Envoy's formats. */
    public ParseContext(ZoneId zone, int defaultYear, String nginxLogFormat, int maxLineLength) {
        this(zone, defaultYear, nginxLogFormat, maxLineLength, null, null);
    }

    /** The default line limit: 64 KiB. */
    public static final int DEFAULT_MAX_LINE = 64 * 1024;

    /** UTC, the current year, no custom format, 64 KiB lines. */
    public static ParseContext defaults() {
        return new ParseContext(
                ZoneOffset.UTC,
                java.time.Year.now(ZoneOffset.UTC).getValue(),
                null,
                DEFAULT_MAX_LINE);
    }

    public ParseContext withZone(ZoneId z) {
        return new ParseContext(
                z, defaultYear, nginxLogFormat, maxLineLength, haproxyLogFormat, envoyLogFormat);
    }

    public ParseContext withNginxLogFormat(String f) {
        return new ParseContext(
                zone, defaultYear, f, maxLineLength, haproxyLogFormat, envoyLogFormat);
    }

    public ParseContext withDefaultYear(int y) {
        return new ParseContext(
                zone, y, nginxLogFormat, maxLineLength, haproxyLogFormat, envoyLogFormat);
    }

    /** The same, reading HAProxy's and Envoy's lines in these formats (null for the built-in). */
    public ParseContext withLogFormats(String haproxy, String envoy) {
        return new ParseContext(zone, defaultYear, nginxLogFormat, maxLineLength, haproxy, envoy);
    }
}
