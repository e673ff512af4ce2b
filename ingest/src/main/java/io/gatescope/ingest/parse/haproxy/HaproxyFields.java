package io.gatescope.ingest.parse.haproxy;

import io.gatescope.ingest.parse.LineBytes;

/** HAProxy's field grammar: its slash-separated timers and counters, and what they add up to. */
final class HaproxyFields {

    private HaproxyFields() {}

    /** Time spent before the server was reached: TR + Tw + Tc (phases never reached count 0). */
    static int sum(int[] t, int upto) {
        int s = 0;
        for (int i = 0; i <= upto; i++) {
            s += Math.max(0, t[i]);
        }
        return s;
    }

    static double seconds(int millis) {
        return millis < 0 ? Double.NaN : millis / 1000.0;
    }

    static boolean isErrorName(String tok) {
        return tok.length() >= 4
                && (tok.startsWith("E")
                                && tok.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z' || ch == '_')
                        || tok.startsWith("SSL_"));
    }

    /**
     * Reads {@code out.length} slash-separated integers ({@code -1} allowed, a leading {@code +}
     * ignored) filling {@code [s, e)} exactly, in one pass: the values are a few digits each, so a
     * search for each slash cost more than the digits.
     */
    static boolean slashInts(LineBytes line, int s, int e, int[] out) {
        int n = out.length;
        int k = 0;
        int p = s;
        while (p <= e && k < n) {
            int a = p < e && line.charAt(p) == '+' ? p + 1 : p;
            int q = a;
            if (q < e && line.charAt(q) == '-') {
                if (q + 1 < e
                        && line.charAt(q + 1) == '1'
                        && (q + 2 == e || line.charAt(q + 2) == '/')) {
                    out[k++] = -1;
                    p = q + 3;
                    continue;
                }
                return false;
            }
            long v = 0;
            char c;
            while (q < e && (c = line.charAt(q)) >= '0' && c <= '9') {
                v = v * 10 + (c - '0');
                if (v > Integer.MAX_VALUE) {
                    return false;
                }
                q++;
            }
            if (q == a || q < e && line.charAt(q) != '/') {
                return false;
            }
            out[k++] = (int) v;
            p = q + 1;
        }
        return k == n && p > e;
    }
}
