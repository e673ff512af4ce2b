package io.gatescope.analyzer.dimensions;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash of a log line's bytes, the priority by which requests are sampled ({@link
 * DimensionSample}): a function of the line alone, so that the service and {@code analyze} sample
 * the same requests whatever the order in which lines arrive. Eight bytes a step, as every line of
 * a busy log is hashed.
 */
public final class LineHash {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long M = 0x9E3779B97F4A7C15L;

    private LineHash() {}

    /** The hash of {@code bytes[0..length)}. */
    public static long of(byte[] bytes, int length) {
        // Four independent lanes of 8 bytes: a single chain of multiplies waits on each one's
        // latency, four keep the multiplier busy.
        long a = length * M;
        long b = a ^ 0x2545F4914F6CDD1DL;
        long c = a ^ 0x6A09E667F3BCC909L;
        long d = a ^ 0x3C6EF372FE94F82BL;
        int i = 0;
        for (; i + 32 <= length; i += 32) {
            a = (a ^ (long) LONGS.get(bytes, i)) * M;
            b = (b ^ (long) LONGS.get(bytes, i + 8)) * M;
            c = (c ^ (long) LONGS.get(bytes, i + 16)) * M;
            d = (d ^ (long) LONGS.get(bytes, i + 24)) * M;
        }
        long h = mix(a) ^ Long.rotateLeft(mix(b), 17) ^ Long.rotateLeft(mix(c), 31);
        h ^= Long.rotateLeft(mix(d), 47);
        for (; i + 8 <= length; i += 8) {
            h = (h ^ (long) LONGS.get(bytes, i)) * M;
            h ^= h >>> 29;
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8) {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        h = (h ^ tail) * M;
        return mix(h);
    }

    /** The hash of a line as its UTF-8 bytes. */
    public static long of(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return of(b, b.length);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
