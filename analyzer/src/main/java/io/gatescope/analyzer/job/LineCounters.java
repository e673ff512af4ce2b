package io.gatescope.analyzer.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * What the parse operator counts, as Flink accumulators: lines and their bytes, rejected lines by
 * reason, late lines by source, requests, 502s, and the first and last time seen. The counts are
 * part of the operator's checkpoint, so that a service restarted from a checkpoint goes on counting
 * from there: the lines read again since it are counted once, not twice, and none are forgotten.
 * Every line is counted once: {@code lines = parsed + rejected + late}.
 */
public final class LineCounters {

    public static final String LINES = "lines";
    public static final String BYTES = "bytes";
    public static final String REJECTED = "rejected";
    public static final String LATE = "late";
    public static final String REQUESTS = "requests";
    public static final String STATUS_502 = "status502";
    public static final String FIRST = "first";
    public static final String LAST = "last";

    /** Rejected lines per reason: the accumulator {@code REJECTED_BY + reason}. */
    public static final String REJECTED_BY = "rejected:";

    /** Late lines per source: the accumulator {@code LATE_BY + source}. */
    public static final String LATE_BY = "late:";

    /** Sources named in per-source late counts at most; the rest share one name. */
    static final int MAX_LATE_SOURCES = 1000;

    static final String OTHER_SOURCES = "(other sources)";

    private final RuntimeContext rc;
    private final LongCounter lines;
    private final LongCounter bytes;
    private final LongCounter rejected;
    private final LongCounter late;
    private final LongCounter requests;
    private final LongCounter status502;
    private final LongMinimum first = new LongMinimum();
    private final LongMaximum last = new LongMaximum();
    // Found once each: a log of the wrong format rejects every line.
    private final Map<String, LongCounter> rejectedBy = new HashMap<>();
    private final Map<String, LongCounter> lateBy = new HashMap<>();

    LineCounters(RuntimeContext rc) {
        this.rc = rc;
        lines = rc.getLongCounter(LINES);
        bytes = rc.getLongCounter(BYTES);
        rejected = rc.getLongCounter(REJECTED);
        late = rc.getLongCounter(LATE);
        requests = rc.getLongCounter(REQUESTS);
        status502 = rc.getLongCounter(STATUS_502);
        rc.addAccumulator(FIRST, first);
        rc.addAccumulator(LAST, last);
    }

    /** A line of {@code length} bytes (its newline excluded). */
    void line(int length) {
        lines.add(1);
        bytes.add(length + 1L);
    }

    void rejected(String reason) {
        rejected.add(1);
        rejectedBy.computeIfAbsent(reason, k -> rc.getLongCounter(REJECTED_BY + k)).add(1);
    }

    void late(String source) {
        late.add(1);
        String s =
                lateBy.size() < MAX_LATE_SOURCES || lateBy.containsKey(source)
                        ? source
                        : OTHER_SOURCES;
        lateBy.computeIfAbsent(s, k -> rc.getLongCounter(LATE_BY + k)).add(1);
    }

    void request(int status) {
        requests.add(1);
        if (status == 502) {
            status502.add(1);
        }
    }

    void seen(long time) {
        first.add(time);
        last.add(time);
    }

    /** The counts as {@code name=value} entries, for operator state. */
    List<String> snapshot() {
        List<String> out = new ArrayList<>();
        add(out, LINES, lines.getLocalValue());
        add(out, BYTES, bytes.getLocalValue());
        add(out, REJECTED, rejected.getLocalValue());
        add(out, LATE, late.getLocalValue());
        add(out, REQUESTS, requests.getLocalValue());
        add(out, STATUS_502, status502.getLocalValue());
        rejectedBy.forEach((k, v) -> add(out, REJECTED_BY + k, v.getLocalValue()));
        lateBy.forEach((k, v) -> add(out, LATE_BY + k, v.getLocalValue()));
        if (first.getLocalValue() != Long.MAX_VALUE) {
            add(out, FIRST, first.getLocalValue());
            add(out, LAST, last.getLocalValue());
        }
        return out;
    }

    /** Adds counts from a checkpoint (several subtasks' entries may come to one). */
    void restore(Iterable<String> entries) {
        for (String e : entries) {
            int eq = e.lastIndexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = e.substring(0, eq);
            long v = Long.parseLong(e.substring(eq + 1));
            switch (name) {
                case LINES -> lines.add(v);
                case BYTES -> bytes.add(v);
                case REJECTED -> rejected.add(v);
                case LATE -> late.add(v);
                case REQUESTS -> requests.add(v);
                case STATUS_502 -> status502.add(v);
                case FIRST -> first.add(v);
                case LAST -> last.add(v);
                default -> {
                    if (name.startsWith(REJECTED_BY)) {
                        rejectedBy
                                .computeIfAbsent(
                                        name.substring(REJECTED_BY.length()),
                                        k -> rc.getLongCounter(REJECTED_BY + k))
                                .add(v);
                    } else if (name.startsWith(LATE_BY)) {
                        lateBy.computeIfAbsent(
                                        name.substring(LATE_BY.length()),
                                        k -> rc.getLongCounter(LATE_BY + k))
                                .add(v);
                    }
                }
            }
        }
    }

    private static void add(List<String> out, String name, long v) {
        out.add(name + "=" + v);
    }
}
