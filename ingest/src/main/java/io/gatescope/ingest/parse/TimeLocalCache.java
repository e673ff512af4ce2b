package io.gatescope.ingest.parse;

import java.time.ZoneId;

/**
 * Reads {@code $time_local} ({@code 14/Mar/2026:09:10:05 +0000}) and HAProxy's accept date ({@code
 * 14/Mar/2026:09:10:05.120}, no offset), whose minute repeats on line after line: when the text up
 * to the seconds (and the offset) match the previous line's, only the seconds (and milliseconds)
 * are read. Not thread-safe: one per parser.
 */
final class TimeLocalCache {

    // The 26 bytes of the last time read, as four (overlapping) words, without its seconds digits.
    private long key0;
    private long key1;
    private long key2;
    private long key3 = -1; // never the bytes of a time: nothing cached yet
    private long minuteStart;
    private ZoneId keyZone; // a time without offset is read in this zone

    /** Epoch milliseconds, as {@link Timestamps#parseClf} gives them. */
    long parse(LineBytes src, int a, int b, ZoneId zone) {
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
