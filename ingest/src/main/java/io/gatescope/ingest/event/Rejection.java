package io.gatescope.ingest.event;

/**
 * A line that could not be parsed, with the reason. Rejections are counted per reason and sent to a
 * dead-letter output; they are never dropped silently.
 *
 * @param reason one of {@code truncated}, {@code not-utf8}, {@code too-long}, {@code
 *     unknown-format} or {@code bad-field:NAME}
 * @param raw the line, cut to at most {@link #MAX_KEPT} characters
 */
public record Rejection(long timeMillis, String reason, String source, String raw)
        implements LogEvent {

    /** How much of a rejected line is kept for the dead-letter output. */
    public static final int MAX_KEPT = 2048;

    public static final String TRUNCATED = "truncated";
    public static final String NOT_UTF8 = "not-utf8";
    public static final String TOO_LONG = "too-long";
    public static final String UNKNOWN_FORMAT = "unknown-format";

    /** A rejection for a field that did not hold what the format says it holds. */
    public static Rejection badField(String field, String source, String raw) {
        return of("bad-field:" + field, source, raw);
    }

    /**
     * The rejection for what a field reader found wrong: {@link #TRUNCATED} as it is, any other
     * text as the name of the bad field.
     */
    public static Rejection ofFailure(String failure, String source, String raw) {
        return TRUNCATED.equals(failure)
                ? of(TRUNCATED, source, raw)
                : badField(failure, source, raw);
    }

    /** A rejection, keeping at most {@link #MAX_KEPT} characters of the line. */
    public static Rejection of(String reason, String source, String raw) {
        String kept = raw == null ? "" : raw.length() > MAX_KEPT ? raw.substring(0, MAX_KEPT) : raw;
        return new Rejection(Long.MIN_VALUE, reason, source, kept);
    }
}
