package io.gatescope.analyzer.dimensions;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A uniform sample of requests of bounded size: the {@link #K} with the smallest {@link LineHash}
 * (bottom-k), each with the number of identical lines. Which requests it holds is a function of the
 * set of lines alone, not of their order, and the sample of two merged is the sample of their
 * union: so steps merge into windows, and the service and {@code analyze} hold the same requests. A
 * value's share of the sample estimates its share of all requests; below {@link #K} requests it is
 * exact. Not thread-safe.
 */
public final class DimensionSample {

    /** Requests held at most. */
    public static final int K = 128;

    /** A sampled request and how many lines had its hash. */
    public static final class Slot {
        public final RequestDimensions dims;
        public long count;

        public Slot(RequestDimensions dims, long count) {
            this.dims = dims;
            this.count = count;
        }
    }

    /**
     * All requests of a step are sampled from the 1 in 32 whose hash lies in the lowest 32nd of the
     * hash space: a step holds at most {@link #K} of those, and a window's sample (the union of its
     * steps', cut to the {@link #K} smallest) is then still the bottom-k of the window's eligible
     * requests. Without the ceiling each step would start its bottom-k afresh and parse some
     * k·ln(n/k) of its lines in full: a third of the lines of a busy log.
     */
    public static final long REQUEST_CEILING = Long.MIN_VALUE + (1L << 59);

    private final TreeMap<Long, Slot> slots = new TreeMap<>();
    private final long ceiling;
    private long threshold;

    /** A sample of every request offered (failing requests: few, parsed in full anyway). */
    public DimensionSample() {
        this(Long.MAX_VALUE);
    }

    /** A sample of the requests whose hash is at most {@code ceiling}. */
    public DimensionSample(long ceiling) {
        this.ceiling = ceiling;
        this.threshold = ceiling;
    }

    /** A sample of all requests, at {@link #REQUEST_CEILING}. */
    public static DimensionSample ofRequests() {
        return new DimensionSample(REQUEST_CEILING);
    }

    /** Whether a request with this hash would be kept: check before extracting its values. */
    public boolean wants(long hash) {
        return hash <= threshold;
    }

    /** Offers a request; kept when its hash is among the {@link #K} smallest. */
    public void offer(long hash, RequestDimensions dims) {
        add(hash, dims, 1);
    }

    private void add(long hash, RequestDimensions dims, long count) {
        if (hash > threshold) {
            return;
        }
        Slot s = slots.get(hash);
        if (s != null) {
            s.count += count;
            return;
        }
        slots.put(hash, new Slot(dims, count));
        if (slots.size() > K) {
            slots.pollLastEntry();
        }
        if (slots.size() == K) {
            threshold = slots.lastKey();
        }
    }

    /** Adds another sample's requests (a step's into a window's). */
    public void merge(DimensionSample other) {
        other.slots.forEach((h, s) -> add(h, s.dims, s.count));
    }

    /** Every sampled request, smallest hash first. */
    public void forEach(BiConsumer<Long, Slot> action) {
        slots.forEach(action);
    }

    /** Sampled lines, identical ones counted each. */
    public long size() {
        long n = 0;
        for (Slot s : slots.values()) {
            n += s.count;
        }
        return n;
    }

    public boolean isEmpty() {
        return slots.isEmpty();
    }

    /** Forgets everything (a step kept only for its counts). */
    public void clear() {
        slots.clear();
        threshold = ceiling;
    }

    /** The highest hash this sample ever takes, for serialization. */
    public long ceiling() {
        return ceiling;
    }

    /** The slots, for serialization. */
    public Map<Long, Slot> slots() {
        return slots;
    }

    /** Restores a slot written by {@link #slots()}. */
    public void restore(long hash, RequestDimensions dims, long count) {
        add(hash, dims, count);
    }
}
