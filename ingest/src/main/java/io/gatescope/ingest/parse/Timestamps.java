package io.gatescope.ingest.parse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Allocation-free parsing of the time stamps gateways write. Every method returns epoch
 * milliseconds, or {@link #INVALID} when the text is not a valid time of that shape.
 */
public final class Timestamps {

    /** Returned for text that is not a time stamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private Timestamps() {}

    /**
     * {@code 14/Mar/2026:09:10:00 +0100} ({@code $time_local}) or, zoneless, HAProxy's {@code
     * 14/Mar/2026:09:10:00.123}.
     */
    public static long parseClf(CharSequence s, int from, int to, ZoneId zoneIfMissing) {
        if (to - from < 20 || s.charAt(from + 2) != '/' || s.charAt(from + 6) != '/') {
            return INVALID;
        }
        int day = digits(s, from, 2);
        int month = month(s, from + 3);
        int year = digits(s, from + 7, 4);
        int hour = digits(s, from + 12, 2);
        int min = digits(s, from + 15, 2);
        int sec = digits(s, from + 18, 2);
        if (s.charAt(from + 11) != ':'
                || day < 1
                || month < 1
                || year < 0
                || hour < 0
                || min < 0
                || sec < 0) {
            return INVALID;
        }
        int p = from + 20;
        int millis = 0;
        if (p < to && s.charAt(p) == '.') {
            int[] frac = fraction(s, p + 1, to);
            if (frac == null) {
                return INVALID;
            }
            millis = frac[0];
            p = frac[1];
        }
        long local = epochMillis(year, month, day, hour, min, sec, millis);
        if (local == INVALID) {
            return INVALID;
        }
        if (p < to && s.charAt(p) == ' ') {
            int offset = offsetSeconds(s, p + 1, to);
            return offset == Integer.MIN_VALUE ? INVALID : local - offset * 1000L;
        }
        return p == to ? toUtc(local, zoneIfMissing) : INVALID;
    }

    /**
     * ISO-8601 as nginx ({@code $time_iso8601}), ALB and ELB write it: {@code
     * 2026-03-14T09:10:00+01:00}, {@code 2026-03-14T09:10:00.123456Z}; without an offset the zone
     * given applies.
     */
    public static long parseIso(CharSequence s, int from, int to, ZoneId zoneIfMissing) {
        if (to - from < 19 || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-') {
            return INVALID;
        }
        char t = s.charAt(from + 10);
        if (t != 'T' && t != ' ') {
            return INVALID;
        }
        long whole = yearFirst(s, from);
        if (whole == INVALID) {
            return INVALID;
        }
        int p = from + 19;
        int millis = 0;
        if (p < to && (s.charAt(p) == '.' || s.charAt(p) == ',')) {
            int[] frac = fraction(s, p + 1, to);
            if (frac == null) {
                return INVALID;
            }
            millis = frac[0];
            p = frac[1];
        }
        long local = whole + millis;
        if (p == to) {
            return toUtc(local, zoneIfMissing);
        }
        if (s.charAt(p) == 'Z' && p + 1 == to) {
            return local;
        }
        int offset = offsetSeconds(s, p, to);
        return offset == Integer.MIN_VALUE ? INVALID : local - offset * 1000L;
    }

    /** nginx error log {@code 2026/03/14 09:10:00}, which carries no zone. */
    public static long parseNginxError(CharSequence s, int from, ZoneId zone) {
        if (s.length() - from < 19
                || s.charAt(from + 4) != '/'
                || s.charAt(from + 7) != '/'
                || s.charAt(from + 10) != ' ') {
            return INVALID;
        }
        long local = yearFirst(s, from);
        return local == INVALID ? INVALID : toUtc(local, zone);
    }

    /**
     * {@code YYYY?MM?DD?hh:mm:ss} at fixed offsets (ISO and nginx's error log), to whole seconds.
     */
    private static long yearFirst(CharSequence s, int from) {
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        int hour = digits(s, from + 11, 2);
        int min = digits(s, from + 14, 2);
        int sec = digits(s, from + 17, 2);
        if (year < 0 || month < 1 || day < 1 || hour < 0 || min < 0 || sec < 0) {
            return INVALID;
        }
        return epochMillis(year, month, day, hour, min, sec, 0);
    }

    /** BSD syslog {@code Mar 14 09:10:01} (no year, no zone): the year and zone given apply. */
    public static long parseSyslog(CharSequence s, int from, int year, ZoneId zone) {
        if (s.length() - from < 15 || s.charAt(from + 3) != ' ' || s.charAt(from + 6) != ' ') {
            return INVALID;
        }
        int month = month(s, from);
        char d0 = s.charAt(from + 4);
        int day = d0 == ' ' ? digits(s, from + 5, 1) : digits(s, from + 4, 2);
        int hour = digits(s, from + 7, 2);
        int min = digits(s, from + 10, 2);
        int sec = digits(s, from + 13, 2);
        if (month < 1 || day < 1 || hour < 0 || min < 0 || sec < 0) {
            return INVALID;
        }
        long local = epochMillis(year, month, day, hour, min, sec, 0);
        return local == INVALID ? INVALID : toUtc(local, zone);
    }

    /** {@code $msec}: seconds since the epoch with a millisecond fraction. */
    public static long parseEpochSeconds(CharSequence s, int from, int to) {
        double v = Numbers.parseDecimal(s, from, to);
        return Double.isNaN(v) || v < 0 ? INVALID : Math.round(v * 1000.0);
    }

    /** ISO-8601 in UTC with millisecond precision, as the JSON document writes times. */
    public static String format(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis - Math.floorMod(epochMillis, 1000)).toString();
    }

    private static long toUtc(long localMillis, ZoneId zone) {
        if (zone instanceof ZoneOffset offset) {
            return localMillis - offset.getTotalSeconds() * 1000L;
        }
        LocalDateTime ldt =
                LocalDateTime.ofEpochSecond(
                        Math.floorDiv(localMillis, 1000),
                        (int) Math.floorMod(localMillis, 1000) * 1_000_000,
                        ZoneOffset.UTC);
        return localMillis - zone.getRules().getOffset(ldt).getTotalSeconds() * 1000L;
    }

    /** Milliseconds since the epoch for a UTC civil time, or INVALID for an impossible date. */
    static long epochMillis(int y, int m, int d, int hh, int mm, int ss, int ms) {
        if (m > 12 || d > 31 || hh > 23 || mm > 59 || ss > 60) {
            return INVALID;
        }
        // Days from civil (H. Hinnant): exact for the proleptic Gregorian calendar.
        int yy = m <= 2 ? y - 1 : y;
        int era = Math.floorDiv(yy, 400);
        int yoe = yy - era * 400;
        int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = era * 146097L + doe - 719468L;
        return ((days * 24 + hh) * 60 + mm) * 60_000L + ss * 1000L + ms;
    }

    private static int month(CharSequence s, int at) {
        if (at + 3 > s.length()) {
            return -1;
        }
        for (int i = 0; i < 12; i++) {
            int k = i * 3;
            if (s.charAt(at) == MONTHS.charAt(k)
                    && s.charAt(at + 1) == MONTHS.charAt(k + 1)
                    && s.charAt(at + 2) == MONTHS.charAt(k + 2)) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Exactly n decimal digits at s[at..at+n), or -1. */
    static int digits(CharSequence s, int at, int n) {
        if (at + n > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = at; i < at + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Up to any number of fraction digits; returns {millis, end} or null. */
    private static int[] fraction(CharSequence s, int at, int to) {
        int p = at;
        int millis = 0;
        int n = 0;
        while (p < to && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
            if (n < 3) {
                millis = millis * 10 + (s.charAt(p) - '0');
            }
            n++;
            p++;
        }
        if (n == 0) {
            return null;
        }
        for (int i = n; i < 3; i++) {
            millis *= 10;
        }
        return new int[] {millis, p};
    }

    /** {@code +0100}, {@code -05:00}; Integer.MIN_VALUE when malformed. */
    private static int offsetSeconds(CharSequence s, int at, int to) {
        if (at >= to) {
            return Integer.MIN_VALUE;
        }
        char sign = s.charAt(at);
        if (sign != '+' && sign != '-') {
            return Integer.MIN_VALUE;
        }
        int hh = digits(s, at + 1, 2);
        int p = at + 3;
        if (p < to && s.charAt(p) == ':') {
            p++;
        }
        int mm = digits(s, p, 2);
        if (hh < 0 || mm < 0 || p + 2 != to || hh > 18) {
            return Integer.MIN_VALUE;
        }
        int v = hh * 3600 + mm * 60;
        return sign == '-' ? -v : v;
    }
}
