package io.gatescope.ingest.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One log line as the UTF-8 bytes it arrived in, read as a {@link CharSequence} whose chars are
 * those bytes: every position is a byte offset, and the delimiters of all log formats are ASCII, so
 * the parsers find them without decoding the line. Text is decoded only for what an event keeps
 * ({@link #text}). Searches test eight bytes per step, which is what makes the hot paths
 * byte-level. Reusable: {@link #set} per line.
 */
public final class LineBytes implements CharSequence {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long SPACES = 0x2020202020202020L;

    private byte[] buf = new byte[0];
    private int len;

    /** Reads {@code bytes[0, length)}; the array is not copied, so keep it unchanged meanwhile. */
    public LineBytes set(byte[] bytes, int length) {
        this.buf = bytes;
        this.len = length;
        return this;
    }

    /** A line given as text: its UTF-8 encoding. */
    public LineBytes set(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return set(b, b.length);
    }

    /** A new instance over {@code line}'s UTF-8 encoding. */
    public static LineBytes of(String line) {
        return new LineBytes().set(line);
    }

    @Override
    public int length() {
        return len;
    }

    @Override
    public char charAt(int index) {
        return (char) (buf[index] & 0xFF);
    }

    /** The decoded text of {@code [from, to)}. */
    public String text(int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.UTF_8);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text(start, end);
    }

    @Override
    public String toString() {
        return text(0, len);
    }

    /**
     * Only printable ASCII and no control bytes: such a line needs no decoding and no UTF-8 check,
     * and a parser may take it as it is. Others (tabs, CR, non-ASCII text) take the careful path.
     */
    public boolean isPrintableAscii() {
        int p = 0;
        long bad = 0;
        long bad2 = 0;
        // A high bit is non-ASCII; a borrow out of (byte - 0x20) into a clear high bit is < 0x20.
        // Four words per step in two independent or-chains that do not wait for each other.
        for (; p + 32 <= len; p += 32) {
            long x = (long) LONGS.get(buf, p);
            long y = (long) LONGS.get(buf, p + 8);
            long z = (long) LONGS.get(buf, p + 16);
            long w = (long) LONGS.get(buf, p + 24);
            bad |= x | (x - SPACES) & ~x | z | (z - SPACES) & ~z;
            bad2 |= y | (y - SPACES) & ~y | w | (w - SPACES) & ~w;
        }
        bad |= bad2;
        for (; p + 8 <= len; p += 8) {
            long x = (long) LONGS.get(buf, p);
            bad |= x | (x - SPACES) & ~x;
        }
        if (p < len && len >= 8) {
            // The last word overlaps bytes already checked: no byte-by-byte tail.
            long x = (long) LONGS.get(buf, len - 8);
            bad |= x | (x - SPACES) & ~x;
            p = len;
        }
        for (; p < len; p++) {
            bad |= buf[p] < 0x20 ? HIGHS : buf[p] & 0x80;
        }
        return (bad & HIGHS) == 0;
    }

    /** The first {@code c} in {@code [from, to)}, else -1. */
    public int indexOf(char c, int from, int to) {
        return indexOf(buf, (byte) c, Math.max(from, 0), Math.min(to, len));
    }

    /** The first {@code b} in {@code bytes[from, to)}, else -1; eight bytes per step. */
    public static int indexOf(byte[] bytes, byte b, int from, int to) {
        long pattern = broadcast(b);
        int p = from;
        // Whole words while the array has them, even past the end: a hit there is discarded.
        for (; p < to && p + 8 <= bytes.length; p += 8) {
            long zero = zeroBytes((long) LONGS.get(bytes, p) ^ pattern);
            if (zero != 0) {
                // The lowest flagged byte is exact: false flags only occur above a true zero.
                int at = p + (Long.numberOfTrailingZeros(zero) >>> 3);
                return at < to ? at : -1;
            }
        }
        for (; p < to; p++) {
            if (bytes[p] == b) {
                return p;
            }
        }
        return -1;
    }

    /** {@code [from, to)} holds {@code a} or {@code b}: one pass, eight bytes per step. */
    public boolean containsEither(int from, int to, char a, char b) {
        long pa = broadcast((byte) a);
        long pb = broadcast((byte) b);
        int p = Math.max(from, 0);
        int end = Math.min(to, len);
        for (; p < end && p + 8 <= buf.length; p += 8) {
            long x = (long) LONGS.get(buf, p);
            // Each mask's lowest flag is exact, so the lowest of both is the first of either byte.
            long zero = zeroBytes(x ^ pa) | zeroBytes(x ^ pb);
            if (zero != 0) {
                return p + (Long.numberOfTrailingZeros(zero) >>> 3) < end;
            }
        }
        for (; p < end; p++) {
            if (buf[p] == (byte) a || buf[p] == (byte) b) {
                return true;
            }
        }
        return false;
    }

    /** {@code literal} appears at {@code at}. */
    public boolean startsWith(byte[] literal, int at) {
        int n = literal.length;
        if (at < 0 || at + n > len) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[at + i] != literal[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The {@code n <= 8} bytes at {@code at} are those of {@code word} (little-endian) under {@code
     * mask}: one comparison where the array has eight bytes there, even past the line's end, since
     * the mask ignores them.
     */
    public boolean matchesWord(int at, long word, long mask, int n) {
        if (at < 0 || at + n > len) {
            return false;
        }
        if (at + 8 <= buf.length) {
            return (((long) LONGS.get(buf, at) ^ word) & mask) == 0;
        }
        for (int i = 0; i < n; i++) {
            if (buf[at + i] != (byte) (word >>> (8 * i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The eight bytes from {@code at} as one little-endian word; needs {@code at + 8 <= length}.
     */
    public long wordAt(int at) {
        return (long) LONGS.get(buf, at);
    }

    /** A hash of {@code [from, to)}, read a word at a time. */
    public int hash(int from, int to) {
        long h = to - from;
        int p = from;
        for (; p + 8 <= to; p += 8) {
            h = (h ^ (long) LONGS.get(buf, p)) * 0x9E3779B97F4A7C15L;
        }
        if (p < to && to - from >= 8) {
            // The last word overlaps bytes already mixed in: no byte-by-byte tail.
            h = (h ^ (long) LONGS.get(buf, to - 8)) * 0x9E3779B97F4A7C15L;
            p = to;
        }
        for (; p < to; p++) {
            h = (h ^ buf[p]) * 0x9E3779B97F4A7C15L;
        }
        return (int) (h ^ h >>> 32);
    }

    /** The first {@code c} at or after {@code from}, else -1. */
    public int indexOf(char c, int from) {
        return indexOf(c, from, len);
    }

    /**
     * The text of {@code [from, to)} up to its last {@code c}, or all of it when {@code c} is
     * absent or first: an address without its port.
     */
    public String textBeforeLast(char c, int from, int to) {
        int at = lastIndexOf(c, from, to);
        return text(from, at > from ? at : to);
    }

    /** The last {@code c} in {@code [from, to)}, else -1. */
    public int lastIndexOf(char c, int from, int to) {
        for (int p = Math.min(to, len) - 1; p >= from; p--) {
            if (buf[p] == (byte) c) {
                return p;
            }
        }
        return -1;
    }

    /** {@code literal} (ASCII) appears at {@code at}. */
    public boolean startsWith(String literal, int at) {
        int n = literal.length();
        if (at < 0 || at + n > len) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[at + i] != (byte) literal.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code [from, to)} holds the same bytes as {@code other}. */
    public boolean regionEquals(int from, int to, byte[] other) {
        int n = other.length;
        if (to - from != n || from < 0 || to > len) {
            return false;
        }
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            if ((long) LONGS.get(buf, from + i) != (long) LONGS.get(other, i)) {
                return false;
            }
        }
        if (i < n && n >= 8) {
            return (long) LONGS.get(buf, to - 8) == (long) LONGS.get(other, n - 8);
        }
        for (; i < n; i++) {
            if (buf[from + i] != other[i]) {
                return false;
            }
        }
        return true;
    }

    /** The array the line lies in, from 0 to {@link #length()}; not a copy. */
    public byte[] array() {
        return buf;
    }

    /**
     * The eight bytes of {@code bytes} from {@code at}, little-endian; needs {@code at + 8 <=
     * bytes.length}.
     */
    public static long word(byte[] bytes, int at) {
        return (long) LONGS.get(bytes, at);
    }

    /** {@code b} in each byte of a word: xor a word with it and the bytes equal to b are zero. */
    public static long broadcast(byte b) {
        return (b & 0xFF) * ONES;
    }

    /**
     * The high bit of each zero byte of {@code x}. The lowest flag is exact; a false one only ever
     * lies above a true one.
     */
    public static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /** A copy of {@code [from, to)}. */
    public byte[] copy(int from, int to) {
        return java.util.Arrays.copyOfRange(buf, from, to);
    }
}
