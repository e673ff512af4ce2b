package io.gatescope.ingest.parse;

import java.time.ZoneId;

/**
 * Reads the times that repeat their minute on line after line: nginx's {@code $time_local} ({@code
 * 14/Mar/2026:09:10:05 +0000}), HAProxy's accept date ({@code 14/Mar/2026:09:10:05.120}, no offset)
 * and ALB's ISO time ({@code 2026-03-14T09:10:05.123456Z}). When the text up to the seconds (and
 * the offset) matches the previous line's, only the seconds (and milliseconds) are read. Not
 * thread-safe: one per parser.
 */
public final class MinuteCache {

    // The 26 bytes of the last time read, as four (overlapping) words, without its seconds digits.
    private long key0;
    private long key1;
    private long key2;
    private long key3 = -1; // never the bytes of a time: nothing cached yet
    private long minuteStart;
    private ZoneId keyZone; // a time without offset is read in this zone
    // The 16 bytes up to the minute of the last ALB time read.
    private long isoKey0;
    private long isoKey1 = -1; // never the bytes of a time: nothing cached yet
    private long isoMinuteStart;

    /** Epoch milliseconds, as {@link Timestamps#parseIso} gives them. */
    public long parseIso(LineBytes src, int a, int b, ZoneId zone) {
        // The shape ALB writes: microseconds and Z; other ISO times are read in full.
        if (b - a != 27 || src.charAt(a + 19) != '.' || src.charAt(a + 26) != 'Z') {
            return Timestamps.parseIso(src, a, b, zone);
        }
        int sec = Timestamps.digits(src, a + 17, 2);
        int ms = Timestamps.digits(src, a + 20, 3);
        boolean digits = Timestamps.digits(src, a + 23, 3) >= 0;
        long k0 = src.wordAt(a);
        long k1 = src.wordAt(a + 8); // bytes 8..15: up to the minute
        if (sec >= 0 && sec <= 60 && ms >= 0 && digits && k0 == isoKey0 && k1 == isoKey1) {
            return isoMinuteStart + sec * 1000L + ms;
        }
        long t = Timestamps.parseIso(src, a, b, zone);
        if (t != Timestamps.INVALID && ms >= 0 && digits) {
            isoKey0 = k0;
            isoKey1 = k1;
            isoMinuteStart = t - sec * 1000L - ms;
        }
        return t;
    }

    /** Epoch milliseconds, as {@link Timestamps#parseClf} gives them. */
    public long parse(LineBytes src, int a, int b, ZoneId zone) {
        boolean offset = b - a == 26 && src.charAt(a + 20) == ' ';
        boolean millis = b - a == 24 && src.charAt(a + 20) == '.';
        if (!offset && !millis) {
            return Timestamps.parseClf(src, a, b, zone);
        }
        int sec = Timestamps.digits(src, a + 18, 2);
        int ms = millis ? Timestamps.digits(src, a + 21, 3) : 0;
        long k0 = src.wordAt(a);
        long k1 = src.wordAt(a + 8);
        long k2;
        long k3;
        if (offset) {
            k2 = src.wordAt(a + 16) & ~0xFFFF0000L; // bytes 16..23 but the seconds (18, 19)
            k3 = src.wordAt(a + 18) & ~0xFFFFL; // bytes 20..25: never zero
        } else {
            k2 = src.wordAt(a + 16) & 0xFFFFL; // bytes 16, 17: the rest is seconds and millis
            k3 = 0;
        }
        if (sec >= 0
                && sec <= 60
                && ms >= 0
                && k0 == key0
                && k1 == key1
                && k2 == key2
                && k3 == key3
                && zone == keyZone) {
            return minuteStart + sec * 1000L + ms;
        }
        long t = Timestamps.parseClf(src, a, b, zone);
        if (t != Timestamps.INVALID && ms >= 0) {
            key0 = k0;
            key1 = k1;
            key2 = k2;
            key3 = k3;
            keyZone = zone;
            minuteStart = t - sec * 1000L - ms;
        }
        return t;
    }
}
