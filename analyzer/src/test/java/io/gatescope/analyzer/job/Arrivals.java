package io.gatescope.analyzer.job;

import io.gatescope.ingest.event.LogEvent;
import io.gatescope.ingest.parse.LogLineParser;
import io.gatescope.ingest.parse.ParseContext;
import io.gatescope.ingest.parse.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Orders in which the lines of several files may reach the service, each file's own order kept: a
 * harvester lagging on one file (a fixed delay in log time), files written in slices of different
 * sizes (so that they drift apart and back), or a lag that wanders. The notices {@code ship} sends
 * come with them as {@code ship} would send them: each file announced before its first line, and an
 * end-of-file notice whenever the shipper has caught up with a file.
 */
final class Arrivals {

    /**
     * How the files arrive.
     *
     * @param kind {@code lag}, {@code slices} or {@code wander}
     * @param parameters per file: the lag in seconds ({@code lag}), the number of slices ({@code
     *     slices}), or the largest lag in seconds ({@code wander})
     * @param seed for the choices within (slice order per round, the wandering)
     */
    record Plan(String kind, List<Integer> parameters, long seed) {}

    private Arrivals() {}

    /** The lines in the plan's order, with {@code ship}'s notices. */
    static List<RawLine> order(Map<String, List<RawLine>> files, Plan plan, ParseContext ctx) {
        List<List<RawLine>> lists = new ArrayList<>(files.values());
        List<RawLine> out = new ArrayList<>();
        for (String source : files.keySet()) {
            out.add(RawLine.notice(source, RawLine.OPEN));
        }
        List<String> sources = new ArrayList<>(files.keySet());
        switch (plan.kind()) {
            case "slices" -> slices(lists, sources, plan, out);
            default -> byDelayedTime(lists, sources, plan, ctx, out);
        }
        return out;
    }

    /** Only the lines of an arrival, without notices. */
    static List<RawLine> linesOf(List<RawLine> arrival) {
        return arrival.stream().filter(l -> l.control() == null).toList();
    }

    /**
     * Each file in {@code parameters[i]} equal slices; every round appends the next slice of each
     * file, the files in a random order.
     */
    private static void slices(
            List<List<RawLine>> files, List<String> sources, Plan plan, List<RawLine> out) {
        Random r = new Random(plan.seed());
        int[] next = new int[files.size()];
        int[] k = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            k[i] = Math.max(1, plan.parameters().get(i % plan.parameters().size()));
        }
        int round = 0;
        boolean any = true;
        while (any) {
            any = false;
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, r);
            for (int i : order) {
                List<RawLine> f = files.get(i);
                int end = (int) Math.min(f.size(), (long) f.size() * (round + 1) / k[i]);
                if (round + 1 >= k[i]) {
                    end = f.size();
                }
                for (; next[i] < end; next[i]++) {
                    out.add(f.get(next[i]));
                }
                any |= next[i] < f.size();
            }
            for (String source : sources) {
                out.add(RawLine.notice(source, RawLine.EOF)); // the writer paused: all shipped
            }
            round++;
        }
    }

    /**
     * A k-way merge by each line's time plus its file's delay: fixed per file ({@code lag}), or
     * wandering between 0 and the file's bound ({@code wander}).
     */
    private static void byDelayedTime(
            List<List<RawLine>> files,
            List<String> sources,
            Plan plan,
            ParseContext ctx,
            List<RawLine> out) {
        Random r = new Random(plan.seed());
        List<long[]> times = new ArrayList<>();
        for (List<RawLine> f : files) {
            times.add(times(f, ctx));
        }
        int n = files.size();
        long[] delay = new long[n];
        long[] bound = new long[n];
        for (int i = 0; i < n; i++) {
            bound[i] = 1000L * plan.parameters().get(i % plan.parameters().size());
            delay[i] = "wander".equals(plan.kind()) ? r.nextLong(bound[i] + 1) : bound[i];
        }
        int[] next = new int[n];
        long[] noticed = new long[n];
        java.util.Arrays.fill(noticed, Long.MIN_VALUE);
        while (true) {
            int best = -1;
            long at = Long.MAX_VALUE;
            for (int i = 0; i < n; i++) {
                if (next[i] < files.get(i).size()) {
                    long t = times.get(i)[next[i]] + delay[i];
                    if (t < at) {
                        at = t;
                        best = i;
                    }
                }
            }
            if (best < 0) {
                return;
            }
            out.add(files.get(best).get(next[best]++));
            noticed[best] = Long.MIN_VALUE;
            // A file whose next line is not written yet (log time runs as wall time here) has
            // been shipped to its end: ship says so, once a second.
            for (int i = 0; i < n; i++) {
                boolean end = next[i] >= files.get(i).size() || times.get(i)[next[i]] > at;
                if (end && (noticed[i] == Long.MIN_VALUE || at - noticed[i] >= 1000)) {
                    out.add(RawLine.notice(sources.get(i), RawLine.EOF));
                    noticed[i] = at;
                }
            }
            if ("wander".equals(plan.kind()) && r.nextInt(500) == 0) {
                // The harvester speeds up or falls behind: never jumping more than a minute.
                long step = r.nextLong(120_001) - 60_000;
                delay[best] = Math.max(0, Math.min(bound[best], delay[best] + step));
            }
        }
    }

    /** Each line's own time; a line without one takes the time before it. */
    static long[] times(List<RawLine> lines, ParseContext ctx) {
        LogLineParser p = new LogLineParser(ctx);
        long[] out = new long[lines.size()];
        long last = 0;
        for (int i = 0; i < out.length; i++) {
            LogEvent e = p.parse(lines.get(i).line(), lines.get(i).source());
            long t = e.timeMillis();
            out[i] = t == Timestamps.INVALID || t == Long.MIN_VALUE ? last : t;
            last = out[i];
        }
        return out;
    }

    /**
     * The largest lag, in log time, of a line behind the newest line that arrived before it: what
     * the service must absorb to lose nothing.
     */
    static long largestLag(List<RawLine> arrival, ParseContext ctx) {
        long[] t = times(linesOf(arrival), ctx);
        long newest = Long.MIN_VALUE;
        long lag = 0;
        for (long x : t) {
            if (newest != Long.MIN_VALUE) {
                lag = Math.max(lag, newest - x);
            }
            newest = Math.max(newest, x);
        }
        return lag;
    }
}
