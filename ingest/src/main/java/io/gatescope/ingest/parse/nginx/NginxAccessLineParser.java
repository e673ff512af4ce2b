package io.gatescope.ingest.parse.nginx;

import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.parse.AccessView;
import io.gatescope.ingest.parse.LineBytes;
import io.gatescope.ingest.parse.Literal;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.Timestamps;
import java.time.ZoneId;

/**
 * nginx access lines in text formats: the user's {@code log_format} when given, ingress-nginx's
 * default format, and {@code combined} or {@code common} with any of the popular upstream-timing
 * tails. Not thread-safe: one instance per thread.
 */
public final class NginxAccessLineParser {

    private static final String COMMON =
            "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent";
    private static final NginxLogFormat COMMON_PREFIX = NginxLogFormat.compilePrefix(COMMON);
    // The same with [$time_iso8601], which some log_formats put where combined has $time_local.
    private static final String COMMON_ISO = COMMON.replace("$time_local", "$time_iso8601");
    private static final NginxLogFormat COMMON_ISO_PREFIX =
            NginxLogFormat.compilePrefix(COMMON_ISO);

    /** Tails that did not describe a format in a row before learning stops for this log. */
    static final int MAX_IRREGULAR = 64;

    private static final NginxLogFormat INGRESS =
            NginxLogFormat.compile(NginxLogFormat.INGRESS_NGINX);

    private final NginxLogFormat custom;
    private final AccessLineBuilder builder = new AccessLineBuilder();
    private final AccessTailReader tail = new AccessTailReader();
    private final LineBytes text = new LineBytes();
    private int lastMatched;
    // The format of this log's lines, learned from the first tail the heuristic reader read: a
    // compiled format finds its literals with vectorised searches instead of judging each token.
    private NginxLogFormat learned;
    private int irregular;

    /**
     * @param custom the user's text format, or null
     */
    public NginxAccessLineParser(NginxLogFormat custom) {
        this.custom = custom == null || custom.isJson() ? null : custom;
    }

    /** True when the line may be an nginx text access line (cheap pre-check for detection). */
    public static boolean looksLikeAccessLine(String line) {
        return looksLikeAccessLine(LineBytes.of(line));
    }

    /** {@link #looksLikeAccessLine(String)} for a line read as bytes. */
    public static boolean looksLikeAccessLine(LineBytes line) {
        return timeOpens(line) > 0;
    }

    /**
     * Where {@code " ["} opens the time of what looks like an access line (within the first 64
     * bytes and closed by {@code "] ""}), else -1.
     */
    public static int timeOpens(LineBytes line) {
        int b = TIME_OPENS.find(line, 0);
        return looksLikeAccessLine(b, b > 0 && TIME_CLOSES.find(line, b) > 0) ? b : -1;
    }

    /**
     * The rule of {@link #timeOpens}, for a caller that searched already: the first {@code " ["} is
     * at {@code open} and {@code "] ""} follows it ({@code closed}).
     */
    public static boolean looksLikeAccessLine(int open, boolean closed) {
        return open > 0 && open < 64 && closed;
    }

    public static final Literal TIME_OPENS = Literal.of(" [");
    public static final Literal TIME_CLOSES = Literal.of("] \"");

    /**
     * Parses a line; null when it fits none of the formats (the caller decides the rejection).
     *
     * @param fallbackTime the shipper's time, used only when the format has no time variable
     */
    public LogEvent parse(String line, ZoneId zone, long fallbackTime, String source) {
        return match(text.set(line)) ? builder.build(zone, fallbackTime, source, line) : null;
    }

    /**
     * Reads a line in place: the view when it fits a format and has a valid time and status, else
     * null (then {@link #parse} tells why). The view is valid until the next call.
     */
    public AccessView scan(LineBytes line, ZoneId zone) {
        return match(line) && builder.prepare(zone, Timestamps.INVALID) ? builder : null;
    }

    /**
     * {@link #scan} for a line of the log's learned format, which {@link LogLineParser} may ask
     * before {@link #looksLikeAccessLine}: a learned format starts with the common prefix, whose
     * {@code " [$time_local] \""} then lies within the first 64 bytes of a line that does not start
     * with a space, which answers that question too. Null when the line does not match so (then ask
     * as usual).
     */
    public AccessView scanLearned(LineBytes line, ZoneId zone) {
        if (learned == null || line.charAt(0) == ' ') {
            return null;
        }
        builder.reset(line);
        return learned.match(line, builder) >= 0
                        && Math.max(
                                                builder.start(NginxVariable.TIME_LOCAL),
                                                builder.start(NginxVariable.TIME_ISO8601))
                                        - TIME_OPENS.length()
                                < 64
                        && builder.prepare(zone, Timestamps.INVALID)
                ? builder
                : null;
    }

    /** Matches the formats, the one that matched last first: a log keeps one format. */
    private boolean match(LineBytes line) {
        if (learned != null) {
            builder.reset(line);
            if (learned.match(line, builder) >= 0) {
                return true;
            }
        }
        int first = lastMatched;
        for (int k = 0; k < 3; k++) {
            int which = (first + k) % 3;
            if (matches(which, line)) {
                lastMatched = which;
                return true;
            }
        }
        return false;
    }

    /** The format learned from this log's lines, or null (for tests). */
    public NginxLogFormat learnedFormat() {
        return learned;
    }

    private void learn(LineBytes line, int rest, String common) {
        String shape = tail.describe(line, rest);
        if (shape == null) {
            irregular++;
            return;
        }
        irregular = 0;
        NginxLogFormat candidate = NginxLogFormat.compile(common + shape);
        AccessLineBuilder check = new AccessLineBuilder();
        check.reset(line);
        if (candidate.match(line, check) >= 0) {
            learned = candidate;
        }
    }

    private boolean matches(int which, LineBytes line) {
        builder.reset(line);
        switch (which) {
            case 0 -> {
                return custom != null && custom.match(line, builder) >= 0;
            }
            case 1 -> {
                return INGRESS.match(line, builder) >= 0;
            }
            default -> {
                boolean iso = isoTime(line);
                int rest = (iso ? COMMON_ISO_PREFIX : COMMON_PREFIX).match(line, builder);
                if (rest < 0) {
                    return false;
                }
                tail.read(line, rest, builder);
                if (custom == null && irregular < MAX_IRREGULAR) {
                    learn(line, rest, iso ? COMMON_ISO : COMMON);
                }
                return true;
            }
        }
    }

    /** The bracketed time is {@code [2026-03-14T09:10:00+00:00]}, not {@code [14/Mar/2026:...]}. */
    private static boolean isoTime(LineBytes line) {
        int b = TIME_OPENS.find(line, 0);
        return b > 0 && line.length() > b + 11 && line.charAt(b + 6) == '-';
    }
}
