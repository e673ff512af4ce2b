package io.gatescope.analyzer.job;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks that wait for the slowest source of a stream, not its fastest: a Kafka partition
 * carries the access log and the error log of an nginx side by side, and a harvester that lags on
 * one of them must not make that file's lines late. Each source (a file, named by the record key)
 * keeps its own newest time; the watermark is the lowest of those of the sources that still hold
 * it, less the out-of-orderness bound, so that {@code analyze} (where every file is its own source)
 * and the service judge the same lines the same way.
 *
 * <p>Which sources hold the watermark:
 *
 * <ul>
 *   <li>A source that is sending lines, at its newest time.
 *   <li>A source behind the others (by more than the out-of-orderness bound) that sent lines within
 *       {@code idleMillis} of wall-clock time: a writer or harvester that lags stays behind, so its
 *       next lines are awaited, even when it has shipped all it holds so far.
 *   <li>A silent source does not: after {@code idleMillis} of wall-clock time, or at once when its
 *       shipper says it reached the end of the file ({@link RawLine#EOF}); {@code ship} says so
 *       every second for every file it follows, and announces each file it opens ({@link
 *       RawLine#OPEN}) before its first line, so that an error log that has nothing to say yet is
 *       known, and awaited (at the skew bound) for {@code idleMillis}: an empty file says nothing
 *       of how far behind its first line will be.
 *   <li>No source further than {@code maxSkew} of log time behind the newest line: one that lags
 *       more holds the watermark at that bound while it may still send (its lines past it are late,
 *       and counted per source), and not at all once it is quiet or shipped to its end.
 * </ul>
 *
 * <p>Sources are otherwise found as their lines come, so after a start (and every restart: the
 * generator starts afresh) the watermark stays {@code maxSkew} behind the newest line while they
 * are found, so that a file found late may still join: for the first {@code maxSkew} of log time,
 * or {@code idleMillis} of wall-clock time, whichever ends first (a shipper that is running sends
 * every file it has within that time, Filebeat's and Vector's scans included; a file first heard of
 * later has been quiet, so its lines are current), or until every source known has been shipped to
 * its end (a shipper that follows files names each of them every second). Without the wall-clock
 * end a live service would finalise nothing for its first {@code maxSkew} after every start. Within
 * one source, a single time more than {@link #MAX_JUMP_MS} ahead moves nothing until {@link
 * #CONFIRMATIONS} lines in a row confirm it: a real gap in the log, not one bad clock.
 */
public class PerSourceWatermarks<T> implements WatermarkGenerator<T> {

    static final long MAX_JUMP_MS = 3_600_000;
    static final int CONFIRMATIONS = 50;

    /** Sources remembered at most; the longest silent ones are forgotten first. */
    static final int MAX_SOURCES = 10_000;

    /**
     * A shipper's end-of-file notice is current for this long, of wall-clock time and of log time
     * alike (it repeats every second; a replay may run log time faster than the clock).
     */
    static final long EOF_FRESH_NANOS = 5_000_000_000L;

    static final long EOF_FRESH_MILLIS = 5_000;

    /** What one source has shown. */
    private static final class Clock {
        long max = Long.MIN_VALUE;
        int jumps;
        long seenNanos;
        long eofNanos = Long.MIN_VALUE;
        long eofNewest;
        boolean announced;
    }

    private final Function<T, String> sourceOf;
    private final Function<T, String> controlOf;
    private final long outOfOrderMillis;
    private final long maxSkewMillis;
    private final long idleNanos;
    private final LongSupplier nanoTime;
    private final boolean discover;
    private final Map<String, Clock> sources = new HashMap<>();
    private long newest = Long.MIN_VALUE;
    private long first = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;
    private long newestNanos;
    private long firstNanos;
    private boolean holding;

    /**
     * @param sourceOf the source an event belongs to
     * @param controlOf a shipper's notice the event is ({@link RawLine#OPEN}, {@link RawLine#EOF}),
     *     or null for a line
     * @param outOfOrderMillis how far a source's own lines may be out of order
     * @param maxSkewMillis how far, in log time, one source may lag behind the newest and still be
     *     waited for
     * @param idleMillis wall-clock time after which a silent, current source no longer holds the
     *     watermark
     * @param discover sources may appear at any time (a stream), so hold back while finding them; a
     *     file read by itself has one source, known from its first line
     */
    public PerSourceWatermarks(
            Function<T, String> sourceOf,
            Function<T, String> controlOf,
            long outOfOrderMillis,
            long maxSkewMillis,
            long idleMillis,
            LongSupplier nanoTime,
            boolean discover) {
        this.sourceOf = sourceOf;
        this.controlOf = controlOf;
        this.outOfOrderMillis = outOfOrderMillis;
        this.maxSkewMillis = maxSkewMillis;
        this.idleNanos = idleMillis * 1_000_000L;
        this.nanoTime = nanoTime;
        this.discover = discover;
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput out) {
        String control = controlOf.apply(event);
        if (control == null) {
            observe(sourceOf.apply(event), timestamp);
        } else {
            notice(sourceOf.apply(event), control);
        }
    }

    /** A line of {@code source} with time {@code t}. */
    public void observe(String source, long t) {
        Clock c = clock(source);
        long now = nanoTime.getAsLong();
        c.seenNanos = now;
        c.eofNanos = Long.MIN_VALUE;
        c.announced = false;
        if (c.max == Long.MIN_VALUE || t <= c.max + MAX_JUMP_MS) {
            c.max = Math.max(c.max, t);
            c.jumps = 0;
        } else if (++c.jumps >= CONFIRMATIONS) {
            c.max = t;
            c.jumps = 0;
        }
        if (c.max > newest) {
            newest = c.max;
            newestNanos = now;
        }
        if (first == Long.MIN_VALUE) {
            first = c.max;
            firstNanos = now;
        }
    }

    /** A shipper's notice about {@code source}: it opened the file, or reached its end. */
    public void notice(String source, String control) {
        Clock c = clock(source);
        long now = nanoTime.getAsLong();
        if (RawLine.EOF.equals(control)) {
            c.eofNanos = now;
            c.eofNewest = newest;
        } else if (RawLine.OPEN.equals(control)) {
            c.announced = true;
            c.eofNanos = Long.MIN_VALUE;
            c.seenNanos = now;
        }
    }

    private Clock clock(String source) {
        Clock c = sources.get(source);
        if (c == null) {
            if (sources.size() >= MAX_SOURCES) {
                forgetLongestSilent();
            }
            c = new Clock();
            sources.put(source, c);
        }
        return c;
    }

    /** The watermark these lines allow now, or {@code Long.MIN_VALUE} before any line. */
    public long current() {
        if (newest == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        long floor = newest - maxSkewMillis;
        long now = nanoTime.getAsLong();
        if (discover
                && newest - first < maxSkewMillis
                && now - firstNanos < idleNanos
                && !allShipped(now)) {
            holding = true;
            return floor - outOfOrderMillis - 1; // still finding the sources
        }
        long low = newest;
        holding = false;
        for (Clock c : sources.values()) {
            if (holds(c, now)) {
                low = Math.min(low, Math.max(c.max, floor));
                holding = true;
            }
        }
        if (!holding && discover) {
            // Every source is caught up: this stream's clock runs on with the wall clock, so
            // that a quiet partition does not hold the busy ones back. A line that comes later
            // is from then on, as live logs are; a replay faster than the clock is only slowed.
            low += (now - newestNanos) / 1_000_000L;
        }
        return low - outOfOrderMillis - 1;
    }

    /**
     * Every source known has been shipped to its end, by the shipper's own word: the stream is
     * caught up, and a shipper that follows files names them all every second.
     */
    private boolean allShipped(long now) {
        for (Clock c : sources.values()) {
            if (!atEnd(c, now)) {
                return false;
            }
        }
        return !sources.isEmpty();
    }

    private boolean atEnd(Clock c, long now) {
        return c.eofNanos != Long.MIN_VALUE
                && now - c.eofNanos < EOF_FRESH_NANOS
                && newest - c.eofNewest < EOF_FRESH_MILLIS;
    }

    private boolean holds(Clock c, long now) {
        boolean atEnd = atEnd(c, now);
        boolean recent = now - c.seenNanos < idleNanos;
        if (c.announced) {
            // Opened by its shipper, no line yet: an empty file says nothing of how far behind
            // its first line will be, so it is awaited (at the bound) for the idle time.
            return recent;
        }
        if (c.max < newest - maxSkewMillis) {
            // Past the bound: awaited no further than the bound (its lines past it are late),
            // and only while it may have more to send.
            return recent && !atEnd;
        }
        if (recent && c.max < newest - outOfOrderMillis) {
            // Sending lines, and behind: a writer or harvester that lags. Having shipped all it
            // has so far says nothing about the times of what it writes next.
            return true;
        }
        return !atEnd && recent;
    }

    /**
     * Emits the watermark. A stream (a Kafka partition) without any line yet is idle, so that the
     * others decide; once it has lines it stays active for good, its clock running on while it is
     * quiet (see {@link #current}): an idle status that comes and goes would let the operators that
     * join two paths of the job (requests held back for their error lines, beside counts that are
     * not) run one path ahead of the other, and make lines late that are not.
     */
    @Override
    public void onPeriodicEmit(WatermarkOutput out) {
        long w = current();
        if (w == Long.MIN_VALUE) {
            out.markIdle();
            return;
        }
        if (w > emitted) {
            emitted = w;
            out.emitWatermark(new Watermark(w));
        }
    }

    private void forgetLongestSilent() {
        Iterator<Map.Entry<String, Clock>> it = sources.entrySet().iterator();
        String oldest = null;
        long at = Long.MAX_VALUE;
        while (it.hasNext()) {
            Map.Entry<String, Clock> e = it.next();
            if (e.getValue().seenNanos < at) {
                at = e.getValue().seenNanos;
                oldest = e.getKey();
            }
        }
        sources.remove(oldest);
    }
}
