package io.gatescope.ingest.parse.nginx;

import static io.gatescope.ingest.parse.LineBytes.word;
import static io.gatescope.ingest.parse.LineBytes.zeroBytes;

import io.gatescope.ingest.parse.LineBytes;
import io.gatescope.ingest.parse.Literal;

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
    protected final Literal[] literals;

    protected CompiledMatcher(Literal[] literals) {
        this.literals = literals;
    }

    /**
     * Matches {@code line}, setting the slice of each kept variable in {@code out}: true when the
     * line fits the format as the interpreter would match it; false: ask the interpreter ({@code
     * out} may then hold partial values).
     */
    abstract boolean match(LineBytes line, LineSlices out);

    // The helpers below are called from the generated code; they are small enough to be inlined,
    // and the constants the code passes them are then folded in.

    /** The bytes of the word at {@code p} that equal the one broadcast in {@code pattern}. */
    protected static long anchors(byte[] b, int p, long pattern) {
        return zeroBytes(word(b, p) ^ pattern);
    }

    /** The offset of the lowest byte flagged in {@code flags}, in the word at {@code p}. */
    protected static int firstFlagged(int p, long flags) {
        return p + (Long.numberOfTrailingZeros(flags) >>> 3);
    }

    /** The word at {@code s} holds {@code word} under {@code mask}. */
    protected static boolean wordIs(byte[] b, int s, long word, long mask) {
        return ((word(b, s) ^ word) & mask) == 0;
    }

    /**
     * The literal of up to eight bytes ({@code word} under {@code mask}; its anchor byte, at offset
     * {@code off}, broadcast in {@code pattern}) is at {@code s}, and its anchor byte is nowhere in
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
        if (s + len > n || s > cap || !wordIs(b, s, word, mask)) {
            return false;
        }
        int from = pos + off;
        int w = s - pos;
        for (int i = 0; i < w; i += 8) {
            if (from + i > cap) {
                return false;
            }
            // A false flag only lies above a true one, so a flag inside the range is a true one.
            long inRange = w - i < 8 ? -1L >>> (64 - 8 * (w - i)) : -1L;
            if ((anchors(b, from + i, pattern) & inRange) != 0) {
                return false;
            }
        }
        return true;
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

    private static final long COMMAS = LineBytes.broadcast((byte) ',');
    private static final long SPACES = LineBytes.broadcast((byte) ' ');

    /** The bytes of {@code x} that are a comma or a space (exact up to the first). */
    private static long separators(long x) {
        return zeroBytes(x ^ COMMAS) | zeroBytes(x ^ SPACES);
    }
}
