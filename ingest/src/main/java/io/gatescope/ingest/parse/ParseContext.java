package io.gatescope.ingest.parse;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * What parsers need beyond the line: the zone for zone-less time stamps (nginx error log, HAProxy),
 * the year for syslog prefixes that omit it, and the user's nginx {@code log_format}.
 *
 * @param nginxLogFormat the body of a {@code log_format} directive, or null
 * @param maxLineLength lines longer than this are rejected as {@code too-long}
 */
public record ParseContext(ZoneId zone, int defaultYear, String nginxLogFormat, int maxLineLength) {

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
        return new ParseContext(z, defaultYear, nginxLogFormat, maxLineLength);
    }

    public ParseContext withNginxLogFormat(String f) {
        return new ParseContext(zone, defaultYear, f, maxLineLength);
    }

    public ParseContext withDefaultYear(int y) {
        return new ParseContext(zone, y, nginxLogFormat, maxLineLength);
    }
}
