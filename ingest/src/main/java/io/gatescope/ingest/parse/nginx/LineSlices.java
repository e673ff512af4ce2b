package io.gatescope.ingest.parse.nginx;

import io.gatescope.ingest.parse.LineBytes;

/**
 * Where each nginx variable's value lies in one line, as the formats find them, and the entries of
 * the upstream list values ({@code a, b : c}) read in place, without splitting them into arrays.
 * The base of {@link AccessLineBuilder}, which gives the values their meaning. Not thread-safe.
 */
class LineSlices {

    private static final NginxVariable[] VARS = NginxVariable.values();

    final int[] from = new int[VARS.length];
    final int[] to = new int[VARS.length];
    LineBytes src;
    // Which list variables are known to hold one entry (bit per ordinal): the view asks it of the
    // peer list and the time list again and again for one line.
    private long singleKnown;
    private long singleTrue;

    /** Starts a line: no variable has a value yet. */
    void reset(LineBytes source) {
        this.src = source;
        this.singleKnown = 0;
        java.util.Arrays.fill(from, -1);
    }

    /** The value of {@code v} is {@code [start, end)}; opaque variables are not kept. */
    void set(NginxVariable v, int start, int end) {
        if (v != NginxVariable.OPAQUE) {
            from[v.ordinal()] = start;
            to[v.ordinal()] = end;
        }
    }

    /** {@link #set} by ordinal; -1 is an opaque variable, whose value is not kept. */
    void set(int ordinal, int start, int end) {
        if (ordinal >= 0) {
            from[ordinal] = start;
            to[ordinal] = end;
        }
    }

    /** The list value of variable {@code ordinal}, just set, is known to hold one entry. */
    void knowSingle(int ordinal) {
        knowSingles(1L << ordinal);
    }

    /** The list values of the variables whose bits are set hold one entry each. */
    void knowSingles(long bits) {
        singleKnown |= bits;
        singleTrue |= bits;
    }

    /** Where the value of {@code v} starts, -1 when the line has none. */
    int start(NginxVariable v) {
        return from[v.ordinal()];
    }

    /** The line has a value for {@code v}, and it is not nginx's empty "-". */
    boolean has(NginxVariable v) {
        int i = v.ordinal();
        return from[i] >= 0 && !isDash(i);
    }

    /** The value of variable {@code i} is "-" or empty. */
    boolean isDash(int i) {
        return to[i] - from[i] == 1 && src.charAt(from[i]) == '-' || to[i] == from[i];
    }

    /** The decoded value of {@code v}, "" when it has none. */
    String str(NginxVariable v) {
        return has(v) ? src.text(from[v.ordinal()], to[v.ordinal()]) : "";
    }

    /** Entry {@code k} of list variable {@code i} is missing or "-". */
    boolean isDashItem(int i, int k) {
        long r = item(i, k);
        return r < 0 || (int) r - (int) (r >>> 32) == 1 && src.charAt((int) (r >>> 32)) == '-';
    }

    /** Entries of a list value: nginx separates tries by ", " and upstream groups by " : ". */
    int count(int i) {
        if (from[i] < 0) {
            return 0;
        }
        if (single(i)) {
            return 1;
        }
        int n = 1;
        int p = nextSeparator(i, from[i]);
        while (p < to[i]) {
            n++;
            p = nextSeparator(i, p + (src.charAt(p) == ',' ? 1 : 3));
        }
        return n;
    }

    /** Entry {@code k} of list variable {@code i}, trimmed, packed as {@code start << 32 | end}. */
    long item(int i, int k) {
        if (from[i] < 0) {
            return -1;
        }
        if (k == 0 && single(i)) {
            return (long) from[i] << 32 | to[i];
        }
        int start = from[i];
        for (int j = 0; ; j++) {
            int sep = nextSeparator(i, start);
            if (j == k) {
                int a = start;
                int b = sep;
                while (a < b && src.charAt(a) == ' ') {
                    a++;
                }
                while (b > a && src.charAt(b - 1) == ' ') {
                    b--;
                }
                return (long) a << 32 | b;
            }
            if (sep >= to[i]) {
                return -1;
            }
            start = sep + (src.charAt(sep) == ',' ? 1 : 3);
        }
    }

    /** The list has one entry, the commonest case: no separator, no padding. */
    boolean single(int i) {
        long bit = 1L << i;
        if ((singleKnown & bit) == 0) {
            singleKnown |= bit;
            if (!src.containsEither(from[i], to[i], ',', ' ')) {
                singleTrue |= bit;
            } else {
                singleTrue &= ~bit;
            }
        }
        return (singleTrue & bit) != 0;
    }

    private int nextSeparator(int i, int p) {
        int end = to[i];
        for (; p < end; p++) {
            char c = src.charAt(p);
            if (c == ','
                    || c == ' '
                            && p + 2 < end
                            && src.charAt(p + 1) == ':'
                            && src.charAt(p + 2) == ' ') {
                return p;
            }
        }
        return end;
    }
}
