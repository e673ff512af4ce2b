package io.gatescope.ingest.parse.appserver;

import io.gatescope.ingest.parse.Timestamps;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The time stamps application servers and the kernel write, which are not the gateways' own:
 * php-fpm's and Tomcat's {@code 14-Mar-2026 09:10:02[.123]}, and C's ctime that uWSGI and {@code
 * dmesg -T} write ({@code Sat Mar 14 09:10:02 2026}, the day padded with a space). Zone-less: read
 * in the zone the caller gives. java.time does the work, once per distinct second: a busy server
 * writes many lines a second.
 */
public final class ServerTimes {

    private static final DateTimeFormatter DAY_MONTH_YEAR =
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .appendPattern("dd-MMM-yyyy HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .toFormatter(Locale.ROOT);

    private static final DateTimeFormatter CTIME =
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .appendPattern("EEE MMM ppd HH:mm:ss yyyy")
                    .toFormatter(Locale.ROOT);

    private ServerTimes() {}

    /** {@code 14-Mar-2026 09:10:02[.123]}, or {@link Timestamps#INVALID}. */
    public static long dayMonthYear(String s, ZoneId zone) {
        return parse(s, DAY_MONTH_YEAR, zone);
    }

    /** {@code Sat Mar 14 09:10:02 2026} (ctime), or {@link Timestamps#INVALID}. */
    public static long ctime(String s, ZoneId zone) {
        return parse(s, CTIME, zone);
    }

    /** The length of a ctime stamp at the start of {@code s}, or -1. */
    public static int ctimeLength(String s) {
        // "Sat Mar 14 09:10:02 2026" is 24 characters, the day padded to two.
        return s.length() >= 24
                        && s.charAt(3) == ' '
                        && s.charAt(7) == ' '
                        && s.charAt(13) == ':'
                        && s.charAt(16) == ':'
                        && s.charAt(19) == ' '
                ? 24
                : -1;
    }

    /** The last stamp read and what it gave; immutable, so any thread may read it. */
    private record Last(String stamp, DateTimeFormatter format, ZoneId zone, long millis) {}

    private static volatile Last last = new Last("", null, null, Timestamps.INVALID);

    private static long parse(String s, DateTimeFormatter f, ZoneId zone) {
        Last l = last;
        if (l.format() == f && l.zone() == zone && l.stamp().equals(s)) {
            return l.millis();
        }
        long millis;
        try {
            millis = LocalDateTime.parse(s.trim(), f).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            millis = Timestamps.INVALID;
        }
        last = new Last(s, f, zone, millis);
        return millis;
    }
}
