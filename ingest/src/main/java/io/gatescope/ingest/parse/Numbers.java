package io.gatescope.ingest.parse;

/** Number parsing straight from a slice of a line, without allocating. */
public final class Numbers {

    private Numbers() {}

    /** A non-negative decimal such as {@code 0.004} or {@code 12}; {@code NaN} for "-" or junk. */
    public static double parseDecimal(CharSequence s, int from, int to) {
        if (to - from == 5 && s.charAt(from + 1) == '.') {
            // Seconds to the millisecond (0.012), as nginx and ALB write every duration: the
            // general path's arithmetic, without its loops.
            int d0 = s.charAt(from) - '0';
            int d2 = s.charAt(from + 2) - '0';
            int d3 = s.charAt(from + 3) - '0';
            int d4 = s.charAt(from + 4) - '0';
            if ((d0 | d2 | d3 | d4) >= 0 && d0 <= 9 && d2 <= 9 && d3 <= 9 && d4 <= 9) {
                return d0 + (double) (d2 * 100 + d3 * 10 + d4) / 1000;
            }
        }
        if (from >= to) {
            return Double.NaN;
        }
        boolean negative = false;
        int p = from;
        if (s.charAt(p) == '-') {
            if (to - from == 1) {
                return Double.NaN;
            }
            negative = true;
            p++;
        }
        long whole = 0;
        int digits = 0;
        while (p < to && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
            whole = whole * 10 + (s.charAt(p) - '0');
            p++;
            if (++digits > 17) {
                return Double.NaN;
            }
        }
        double value = whole;
        if (p < to && s.charAt(p) == '.') {
            p++;
            long frac = 0;
            long scale = 1;
            int n = 0;
            while (p < to && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                if (n < 9) {
                    frac = frac * 10 + (s.charAt(p) - '0');
                    scale *= 10;
                }
                n++;
                p++;
                digits++;
            }
            value += (double) frac / scale;
        }
        if (p != to || digits == 0) {
            return Double.NaN;
        }
        return negative ? -value : value;
    }

    /** A non-negative integer; -1 for "-", empty or junk. */
    public static long parseLong(CharSequence s, int from, int to) {
        if (from >= to || to - from > 18) {
            return -1;
        }
        long v = 0;
        for (int p = from; p < to; p++) {
            char c = s.charAt(p);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** An HTTP status (100..999); -1 for "-" or junk. */
    public static int parseStatus(CharSequence s, int from, int to) {
        if (to - from != 3) {
            return -1;
        }
        long v = parseLong(s, from, to);
        return v >= 100 ? (int) v : -1;
    }
}
