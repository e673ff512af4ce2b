package io.gatescope.ingest.parse;

import java.time.ZoneId;

/**
 * Reads {@code $time_local} ({@code 14/Mar/2026:09:10:05 +0000}), whose minute repeats on line
 * after line: when the text up to the seconds and the offset match the previous line's, only the
 * seconds are read. Not thread-safe: one per parser.
 */
final class TimeLocalCache {

    // The 26 bytes of the last time read, as four (overlapping) words, without its seconds digits.
    private long key0;
    private long key1;
    private long key2;
    private long key3 = -1; // never the bytes of a time: nothing cached yet
    private long minuteStart;

    /** Epoch milliseconds, as {@link Timestamps#parseClf} gives them. */
    long parse(LineBytes src, int a, int b, ZoneId zone) {
        if (b - a != 26 || src.charAt(a + 20) != ' ') {
            return Timestamps.parseClf(src, a, b, zone);
        }
        int sec = Timestamps.digits(src, a + 18, 2);
        long k0 = src.wordAt(a);
        long k1 = src.wordAt(a + 8);
        long k2 = src.wordAt(a + 16) & ~0xFFFF0000L; // bytes 16..23 but the seconds (18, 19)
        long k3 = src.wordAt(a + 18) & ~0xFFFFL; // bytes 20..25
        if (sec >= 0 && sec <= 60 && k0 == key0 && k1 == key1 && k2 == key2 && k3 == key3) {
            return minuteStart + sec * 1000L;
        }
        long t = Timestamps.parseClf(src, a, b, zone);
        if (t != Timestamps.INVALID) {
            key0 = k0;
            key1 = k1;
            key2 = k2;
            key3 = k3;
            minuteStart = t - sec * 1000L;
        }
        return t;
    }
}
