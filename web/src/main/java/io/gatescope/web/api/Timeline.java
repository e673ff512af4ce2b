package io.gatescope.web.api;

import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Re-buckets a service's stored steps into the series the timeline endpoint and chart show. */
final class Timeline {

    static final int MAX_POINTS = 600;

    private Timeline() {}

    /**
     * The range to show: the incident with a margin of a third of its length (at least 5 minutes).
     */
    static long[] range(Incident i) {
        long start = Instant.parse(i.start()).toEpochMilli();
        long end = Instant.parse(i.end()).toEpochMilli();
        long margin = Math.max(300_000, (end - start) / 3);
        return new long[] {start - margin, end + margin};
    }

    static Map<String, Object> build(
            Incident i, List<StepStats> steps, Long requestedStep, long from, long to) {
        long base = steps.isEmpty() ? 10_000 : steps.get(0).stepMillis;
        long step = requestedStep != null ? Math.max(base, requestedStep) : base;
        while ((to - from) / step > MAX_POINTS) {
            step *= 2;
        }
        TreeMap<Long, StepStats> buckets = new TreeMap<>();
        for (StepStats s : steps) {
            long b = Math.floorDiv(s.stepStart, step) * step;
            buckets.computeIfAbsent(b, k -> new StepStats(s.service, k, 0)).merge(s);
        }
        List<Map<String, Object>> points = new ArrayList<>();
        for (long t = Math.floorDiv(from, step) * step; t <= to; t += step) {
            StepStats s = buckets.get(t);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("t", Instant.ofEpochMilli(t).toString());
            p.put("requests", s == null ? 0 : s.requests);
            p.put("status502", s == null ? 0 : s.status502);
            p.put("status504", s == null ? 0 : s.status504);
            p.put("otherServerErrors", s == null ? 0 : s.otherServerErrors + s.status503);
            p.put("gatewayErrors", s == null ? 0 : s.errors);
            long[] q = s == null ? new long[] {-1, -1, -1} : s.upstream.percentiles(50, 95, 99);
            p.put("upstreamP50Ms", nullIfNone(q[0]));
            p.put("upstreamP95Ms", nullIfNone(q[1]));
            p.put("upstreamP99Ms", nullIfNone(q[2]));
            p.put("errorClasses", s == null ? Map.of() : new TreeMap<>(s.classCounts));
            p.put("peerErrors", s == null ? Map.of() : new TreeMap<>(s.peerErrors));
            points.add(p);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("incident", i.id());
        out.put("service", i.service());
        out.put("step", step / 1000 + "s");
        out.put("from", Instant.ofEpochMilli(from).toString());
        out.put("to", Instant.ofEpochMilli(to).toString());
        out.put("window", Map.of("start", i.start(), "end", i.end()));
        out.put("points", points);
        return out;
    }

    private static Long nullIfNone(long v) {
        return v < 0 ? null : v;
    }
}
