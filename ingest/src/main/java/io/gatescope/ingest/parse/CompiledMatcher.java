package io.gatescope.ingest.parse;

/**
 * An nginx {@code log_format} turned into straight-line bytecode by {@link FormatCompiler}: one
 * block per variable with its literal's bytes as constants, so that matching a line is a few word
 * operations per field instead of an interpreter's table lookups. It answers only where it is
 * certain to agree with {@link NginxLogFormat}'s interpreter; anything unusual (a list value with
 * separators before a space-led literal, a line that does not fit) is left to the interpreter.
 */
abstract class CompiledMatcher {

    /**
     * The format's literals (literal {@code i} precedes variable {@code i}), for the rare paths.
     */
    protected final byte[][] literals;

    protected CompiledMatcher(byte[][] literals) {
        this.literals = literals;
    }

    /**
     * Matches {@code b[0, n)}, setting the slice of each kept variable in {@code out}. Returns
     * {@code n} when the line fits the format as the interpreter would match it; any negative
     * value: ask the interpreter ({@code out} may then hold partial values).
     */
    abstract int match(byte[] b, int n, LineSlices out);

    // The helpers below are called from the generated code; they are small enough to be inlined.

    /** The eight bytes at {@code at}, little-endian; needs {@code at + 8 <= b.length}. */
    protected static long word(byte[] b, int at) {
        return LineBytes.word(b, at);
    }

    /**
     * {@code bit} when the list value {@code b[pos, s)}, up to two words long, has no separator (no
     * comma, no space): one entry; else 0, and the view looks for separators when it asks.
     */
    protected static long ifOneEntry(byte[] b, int cap, int pos, int s, long bit) {
        int len = s - pos;
        if (len < 1 || len > 16 || pos + 8 > cap) {
            return 0;
        }
        long first = separators(word(b, pos));
        long second = separators(word(b, pos + 8));
        // A false flag only lies above a true one, so the bytes past the value cannot hide one.
        long found =
                len <= 8
                        ? first & -1L >>> (64 - 8 * len)
                        : first | second & -1L >>> (128 - 8 * len);
        return found == 0 ? bit : 0;
    }

    /**
     * The high bit of each byte of {@code x} that is a comma or a space (exact up to the first).
     */
    private static long separators(long x) {
        long commas = x ^ 0x2C2C2C2C2C2C2C2CL;
        long spaces = x ^ 0x2020202020202020L;
        return ((commas - 0x0101010101010101L) & ~commas | (spaces - 0x0101010101010101L) & ~spaces)
                & 0x8080808080808080L;
    }

    /**
     * The literal of up to eight bytes ({@code word} under {@code mask}; its anchor byte, at offset
     * {@code off}, repeated in {@code pattern}) is at {@code s}, and its anchor byte is nowhere in
     * {@code [pos + off, s + off)}: then {@code s} is its first occurrence from {@code pos}, what
     * the search would find.
     */
    protected static boolean firstAt(
            byte[] b,
            int n,
            int cap,
            int pos,
            int s,
            int off,
            long pattern,
            long word,
            long mask,
            int len) {
        if (s + len > n || s > cap || ((word(b, s) ^ word) & mask) != 0) {
            return false;
        }
        int from = pos + off;
        int w = s - pos;
        for (int i = 0; i < w; i += 8) {
            if (from + i > cap) {
                return false;
            }
            long x = word(b, from + i) ^ pattern;
            long zero = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            // A false flag only lies above a true one, so a flag inside the range is a true one.
            if (w - i < 8) {
                zero &= -1L >>> (64 - 8 * (w - i));
            }
            if (zero != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code literal} is at {@code at} in {@code b[0, n)}, compared byte by byte. */
    protected static boolean isAt(byte[] b, int n, int at, byte[] literal) {
        if (at < 0 || at + literal.length > n) {
            return false;
        }
        for (int i = 0; i < literal.length; i++) {
            if (b[at + i] != literal[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first {@code literal} in {@code b[from, n)}, else -1: the search near the array's end.
     */
    protected static int find(byte[] b, int n, int from, byte[] literal) {
        for (int at = from; at + literal.length <= n; at++) {
            if (isAt(b, n, at, literal)) {
                return at;
            }
        }
        return -1;
    }

    /**
     * A space-led literal at {@code at} may be a list separator ({@code a, b} or {@code a : b})
     * inside a list value that started at {@code pos}, which the interpreter skips over.
     */
    protected static boolean maySeparate(byte[] b, int n, int pos, int at) {
        return at > pos && (b[at - 1] == ',' || at + 1 < n && b[at + 1] == ':');
    }
}
