package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.classify.Observations;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.LatencyHistogram;
import io.gatescope.analyzer.model.StepStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The facts about an episode that cause rules reason on, computed once: signature shares, peer
 * patterns (one peer, all peers, one after another), load and latency against the baseline.
 */
public final class IncidentFeatures {

    /** One failing peer's spell within the episode. */
    public record PeerSpell(String peer, long errors, long firstStep, long lastStep) {}

    /**
     * One kind of failure took the peers out of the group (nginx's max_fails, HAProxy's checks or
     * observe, Envoy's outlier detection, a target group's health checks), and the requests after
     * it found no peer left, whatever they were.
     *
     * @param trigger the kind of failure that tripped the peers
     * @param triggers how many requests failed with it
     * @param consequences how many then found no live peer
     */
    public record Cascade(FailureClass trigger, long triggers, long consequences) {}

    /**
     * The signatures that say a peer is down in their own right: when they trip the peers, the
     * requests that then find none are part of the same outage, not a consequence of another cause.
     */
    static final java.util.Set<FailureClass> DOWN_SIGNATURES =
            java.util.EnumSet.of(
                    FailureClass.CONNECT_REFUSED,
                    FailureClass.CONNECT_FAILED,
                    FailureClass.TARGET_CLOSED,
                    FailureClass.CLOSED_FAST);

    /** What no request of its own can trip: the consequence itself, and lines without detail. */
    static final java.util.Set<FailureClass> NOT_TRIGGERS =
            java.util.EnumSet.of(
                    FailureClass.NO_LIVE_UPSTREAMS,
                    FailureClass.PEER_MARKED_DOWN,
                    FailureClass.UNCLASSIFIED,
                    FailureClass.UPSTREAM_ANSWERED_ERROR);

    private final StepStats window;
    private final StepStats baseline;
    private final boolean chronic;
    private final double classified;
    private final List<PeerSpell> spells;
    private final long durationMillis;
    private final Map<FailureClass, Long> counts;
    private final Cascade cascade;

    public IncidentFeatures(
            StepStats window, StepStats baseline, List<StepStats> steps, boolean chronic) {
        this.window = window;
        this.baseline = baseline;
        this.chronic = chronic;
        this.classified = Math.max(1, window.classified());
        this.spells = spells(window, steps);
        long start = steps.isEmpty() ? window.stepStart : steps.get(0).stepStart;
        long end =
                steps.isEmpty()
                        ? start + window.stepMillis
                        : steps.get(steps.size() - 1).stepStart + window.stepMillis;
        this.durationMillis = Math.max(window.stepMillis, end - start);
        this.counts = attributed(window);
        this.cascade = cascade(counts);
    }

    /**
     * Requests that found no live peer are the consequence of what took the peers out: counted
     * under the kind of failure that did, when it is not itself a sign of a peer down (a WebSocket
     * handshake the upstream drops, a response too big for the buffers, a timeout), so that the
     * cause of the tripping failures ranks first.
     */
    private static Cascade cascade(Map<FailureClass, Long> counts) {
        long consequences = counts.get(FailureClass.NO_LIVE_UPSTREAMS);
        if (consequences == 0) {
            return null;
        }
        FailureClass trigger = null;
        long most = 0;
        for (Map.Entry<FailureClass, Long> e : counts.entrySet()) {
            if (!NOT_TRIGGERS.contains(e.getKey()) && e.getValue() > most) {
                trigger = e.getKey();
                most = e.getValue();
            }
        }
        if (trigger == null) {
            return null;
        }
        if (!DOWN_SIGNATURES.contains(trigger)) {
            // The peers taken out (nginx's "temporarily disabled") are the same consequence.
            counts.merge(
                    trigger, consequences + counts.get(FailureClass.PEER_MARKED_DOWN), Long::sum);
            counts.put(FailureClass.NO_LIVE_UPSTREAMS, 0L);
            counts.put(FailureClass.PEER_MARKED_DOWN, 0L);
        }
        return new Cascade(trigger, most, consequences);
    }

    /** The cascade the episode shows, or null. */
    public Cascade cascade() {
        return cascade;
    }

    /**
     * The window's failures per signature, with requests that found no live peer counted under the
     * reason the health checks gave for taking the peers out, when most failed checks name one (a
     * TLS handshake, DNS, no route): those requests are its consequence, not a cause of their own.
     */
    private static Map<FailureClass, Long> attributed(StepStats window) {
        Map<FailureClass, Long> out = new EnumMap<>(FailureClass.class);
        for (FailureClass c : FailureClass.values()) {
            out.put(c, window.count(c));
        }
        Map<FailureClass, Long> reasons = new EnumMap<>(FailureClass.class);
        long checks = 0;
        for (Map.Entry<String, Long> e : window.evidence.entrySet()) {
            String key = e.getKey();
            int sep = key.indexOf(StepStats.EVIDENCE_SEPARATOR);
            if (sep > 0 && key.startsWith(Observations.HEALTH_DOWN_EVIDENCE, sep + 1)) {
                String name = key.substring(0, sep);
                for (FailureClass c : FailureClass.values()) {
                    if (c.name().equals(name)) {
                        reasons.merge(c, e.getValue(), Long::sum);
                    }
                }
                checks += e.getValue();
            }
        }
        FailureClass reason = null;
        long most = 0;
        for (Map.Entry<FailureClass, Long> r : reasons.entrySet()) {
            if (r.getKey() != FailureClass.PEER_MARKED_DOWN && r.getValue() > most) {
                reason = r.getKey();
                most = r.getValue();
            }
        }
        if (reason != null && 2 * most > checks) {
            out.merge(reason, out.get(FailureClass.NO_LIVE_UPSTREAMS), Long::sum);
            out.put(FailureClass.NO_LIVE_UPSTREAMS, 0L);
        }
        return out;
    }

    private static List<PeerSpell> spells(StepStats window, List<StepStats> steps) {
        long total = 0;
        for (long v : window.peerErrors.values()) {
            total += v;
        }
        long min = Math.max(1, total / 20);
        List<PeerSpell> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : window.peerErrors.entrySet()) {
            if (e.getValue() < min) {
                continue;
            }
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (StepStats s : steps) {
                if (s.peerErrors.getOrDefault(e.getKey(), 0L) > 0) {
                    first = Math.min(first, s.stepStart);
                    last = Math.max(last, s.stepStart);
                }
            }
            out.add(
                    new PeerSpell(
                            e.getKey(),
                            e.getValue(),
                            first == Long.MAX_VALUE ? window.stepStart : first,
                            last == Long.MIN_VALUE ? window.stepStart : last));
        }
        out.sort(Comparator.comparingLong(PeerSpell::firstStep).thenComparing(PeerSpell::peer));
        return out;
    }

    public StepStats window() {
        return window;
    }

    public StepStats baseline() {
        return baseline;
    }

    public boolean chronic() {
        return chronic;
    }

    public String gateway() {
        return window.gateway;
    }

    /** Share of the episode's classified failures that have one of these signatures. */
    public double share(FailureClass... classes) {
        return count(classes) / classified;
    }

    /** Failures with one of these signatures (see {@link #attributed}). */
    public long count(FailureClass... classes) {
        long n = 0;
        for (FailureClass c : classes) {
            n += counts.get(c);
        }
        return n;
    }

    /** Gateway errors per request in the episode. */
    public double errorRate() {
        return window.requests == 0 ? 1.0 : (double) window.errors / window.requests;
    }

    /** Failing peers, in the order their failures began. */
    public List<PeerSpell> spells() {
        return spells;
    }

    /** Peers seen with traffic or failures, in the episode or before it. */
    public int peersKnown() {
        java.util.Set<String> all = new java.util.HashSet<>(window.peerRequests.keySet());
        all.addAll(baseline.peerRequests.keySet());
        all.addAll(window.peerErrors.keySet());
        return all.size();
    }

    public long durationMillis() {
        return durationMillis;
    }

    /**
     * How much the failing peers failed one after another rather than together: 1 for disjoint
     * short spells that start at different times, 0 for one peer or peers failing all along.
     */
    public double rolling() {
        if (spells.size() < 2) {
            return 0;
        }
        long step = Math.max(1, window.stepMillis);
        double distinctStarts = spells.stream().map(PeerSpell::firstStep).distinct().count();
        double startSpread = (distinctStarts - 1) / (spells.size() - 1);
        double overlapPairs = 0;
        double pairs = 0;
        double spanShare = 0;
        for (int i = 0; i < spells.size(); i++) {
            PeerSpell a = spells.get(i);
            spanShare +=
                    (double) (a.lastStep() - a.firstStep() + step) / Math.max(step, durationMillis);
            for (int j = i + 1; j < spells.size(); j++) {
                PeerSpell b = spells.get(j);
                long overlap =
                        Math.min(a.lastStep(), b.lastStep())
                                - Math.max(a.firstStep(), b.firstStep())
                                + step;
                long shorter =
                        Math.min(a.lastStep() - a.firstStep(), b.lastStep() - b.firstStep()) + step;
                pairs++;
                if (overlap > 0 && overlap >= 0.5 * shorter) {
                    overlapPairs++;
                }
            }
        }
        spanShare /= spells.size();
        double disjoint = 1 - overlapPairs / pairs;
        double shortSpells = spanShare <= 0.7 ? 1 : Math.max(0, (1 - spanShare) / 0.3);
        return startSpread * disjoint * shortSpells;
    }

    /** Requests per second in the episode over the baseline's; NaN without a baseline. */
    public double loadRatio() {
        double b = rate(baseline);
        double w = rate(window);
        return b <= 0 || baseline.requests < 20 ? Double.NaN : w / b;
    }

    private static double rate(StepStats s) {
        if (s.requests == 0 || s.lastSeen <= s.firstSeen) {
            return 0;
        }
        return s.requests / Math.max(1.0, (s.lastSeen - s.firstSeen) / 1000.0);
    }

    /** Upstream p95 in the episode over the baseline's; NaN when either is unknown. */
    public double latencyRatio() {
        return p95Ratio(baseline.upstream, window.upstream);
    }

    private static double p95Ratio(LatencyHistogram before, LatencyHistogram during) {
        long b = before.percentile(95);
        long w = during.percentile(95);
        if (before.total < 20 || during.total < 5 || b < 0 || w < 0) {
            return Double.NaN;
        }
        return (double) Math.max(w, 1) / Math.max(b, 1);
    }

    /**
     * Upstream p95 of the requests that were answered, in the episode over the baseline's; NaN when
     * either is unknown. Unlike {@link #latencyRatio()}, the failures' own times (a connect that
     * timed out after 5 s) do not count: only how slow the upstream was when it did answer.
     */
    public double answeredLatencyRatio() {
        return p95Ratio(
                baseline.upstream.without(baseline.failedUpstream),
                window.upstream.without(window.failedUpstream));
    }

    /**
     * How clearly the upstream was saturated, in [0, 1]: the p95 of the requests it answered
     * climbed to at least 3× the baseline's while traffic rose to at least 1.5×. A saturated server
     * also stops accepting in time (its listen backlog full, SYNs dropped), so its connect timeouts
     * are not a broken path.
     */
    public double saturation() {
        double latency = answeredLatencyRatio();
        double load = loadRatio();
        if (Double.isNaN(latency) || Double.isNaN(load) || latency < 3 || load < 1.5) {
            return 0;
        }
        return Math.min(1, (latency - 2) / 3) * Math.min(1, load - 1);
    }

    /** Share of failed requests whose upstream time was under 100 ms; NaN when not logged. */
    public double failedFastShare() {
        return window.failedUpstream.total == 0
                ? Double.NaN
                : window.failedUpstream.shareAtOrBelow(100);
    }

    /**
     * How burst-like the failures are: 1 for a dense episode (high error rate, concentrated on a
     * peer), 0 for rare failures spread thinly over time and peers.
     */
    public double burstiness() {
        double rate = Math.min(1, errorRate() / 0.05);
        if (chronic) {
            return Math.min(rate, 0.5);
        }
        double concentration = spells.size() <= 1 && peersKnown() > 1 ? 1 : 0;
        return Math.max(rate, concentration);
    }

    /** Share of WebSocket sessions whose length sits at the most common value (an idle timeout). */
    public double sessionLengthClustering() {
        long total = 0;
        long top = 0;
        for (long v : window.sessionSeconds.values()) {
            total += v;
            top = Math.max(top, v);
        }
        return total < 5 ? 0 : (double) top / total;
    }

    /** The most common WebSocket session length in seconds, or -1. */
    public long commonSessionSeconds() {
        return window.sessionSeconds.entrySet().stream()
                .max(
                        Map.Entry.<String, Long>comparingByValue()
                                .thenComparing(Map.Entry.comparingByKey()))
                .map(e -> Long.parseLong(e.getKey()))
                .orElse(-1L);
    }

    /** The main failing peer or, when none, the service: what diagnostic commands target. */
    public String mainTarget() {
        return spells.stream()
                .max(Comparator.comparingLong(PeerSpell::errors).thenComparing(PeerSpell::peer))
                .map(PeerSpell::peer)
                .orElse(window.service);
    }
}
