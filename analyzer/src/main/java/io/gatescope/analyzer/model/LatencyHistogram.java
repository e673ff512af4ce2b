package io.gatescope.analyzer.model;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Upstream times in milliseconds, kept as counts in HdrHistogram-style log-linear buckets (16
 * sub-buckets per power of two, about 6% precision, 0 ms to 2^32 ms). A plain array so that Flink
 * state and the wire carry it cheaply and merging is an addition; quantiles are answered by an
 * {@link Histogram} built from the buckets.
 */
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.NONE,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class LatencyHistogram {

    private static final int SUB = 16;
    private static final int BUCKETS = SUB * 29;

    /** Bucket counts. */
    public long[] counts = new long[BUCKETS];

    @JsonProperty("total")
    public long total;

    /**
     * The used buckets as {@code [index, count, index, count, ...]}: what JSON carries (findings
     * topic, stored steps), a few numbers where the whole array is 464.
     */
    @JsonProperty("buckets")
    public long[] usedBuckets() {
        int used = 0;
        for (long c : counts) {
            used += c != 0 ? 1 : 0;
        }
        long[] pairs = new long[2 * used];
        int k = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] != 0) {
                pairs[k++] = i;
                pairs[k++] = counts[i];
            }
        }
        return pairs;
    }

    @JsonProperty("buckets")
    void usedBuckets(long[] pairs) {
        for (int k = 0; k + 1 < pairs.length; k += 2) {
            if (pairs[k] >= 0 && pairs[k] < BUCKETS) {
                counts[(int) pairs[k]] = pairs[k + 1];
            }
        }
    }

    /** The whole array, as findings written by earlier versions carry it. */
    @JsonProperty(value = "counts", access = JsonProperty.Access.WRITE_ONLY)
    void allBuckets(long[] all) {
        System.arraycopy(all, 0, counts, 0, Math.min(all.length, BUCKETS));
    }

    /** Records one time in milliseconds (negative values are ignored). */
    public void record(long millis) {
        if (millis < 0) {
            return;
        }
        counts[index(millis)]++;
        total++;
    }

    /** Adds another histogram's counts to this one. */
    public void merge(LatencyHistogram other) {
        if (other == null || other.total == 0) {
            return;
        }
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** A new histogram of this one's times less {@code part}'s (a subset of them). */
    public LatencyHistogram without(LatencyHistogram part) {
        LatencyHistogram out = new LatencyHistogram();
        for (int i = 0; i < BUCKETS; i++) {
            out.counts[i] = Math.max(0, counts[i] - part.counts[i]);
            out.total += out.counts[i];
        }
        return out;
    }

    /** The value at a percentile (0-100) in milliseconds, or -1 when empty. */
    public long percentile(double p) {
        return percentiles(p)[0];
    }

    /**
     * Values at several percentiles (0-100) in milliseconds, -1 each when empty: the histogram is
     * built once for all of them.
     */
    public long[] percentiles(double... ps) {
        long[] out = new long[ps.length];
        if (total == 0) {
            java.util.Arrays.fill(out, -1);
            return out;
        }
        Histogram h = new Histogram(1, 1L << 33, 2);
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] > 0) {
                h.recordValueWithCount(Math.max(1, lowerBound(i)), counts[i]);
            }
        }
        for (int k = 0; k < ps.length; k++) {
            // Bucket 0 holds 0 ms, which HdrHistogram records as 1: report it as 0.
            out[k] =
                    counts[0] > 0 && ps[k] <= 100.0 * counts[0] / total
                            ? 0
                            : h.getValueAtPercentile(ps[k]);
        }
        return out;
    }

    /** Share of recorded times at or under {@code millis}. */
    public double shareAtOrBelow(long millis) {
        if (total == 0) {
            return 0;
        }
        long n = 0;
        int last = index(millis);
        for (int i = 0; i <= last; i++) {
            n += counts[i];
        }
        return (double) n / total;
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int pow = 63 - Long.numberOfLeadingZeros(v); // >= 4
        int shift = pow - 4;
        int sub = (int) (v >>> shift) - SUB; // 0..15
        int i = (pow - 3) * SUB + sub;
        return Math.min(i, BUCKETS - 1);
    }

    static long lowerBound(int i) {
        if (i < SUB) {
            return i;
        }
        int pow = i / SUB + 3;
        int sub = i % SUB;
        return (long) (SUB + sub) << (pow - 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram h
                && h.total == total
                && Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(total);
    }
}
