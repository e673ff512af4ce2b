package io.gatescope.analyzer.triggers;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.Trigger;
import io.gatescope.analyzer.model.TriggerKind;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import io.gatescope.ingest.redact.SecretRedactor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the upstream's own logs and the platform's add to an incident: a trigger on each cause it
 * explains (with a little more confidence, since joined evidence supports it), a restart story
 * where the workers were killed and started again (ranked above "down"), a keep-alive race made
 * likelier when the upstream's log is there and shows nothing wrong, and the lines of the same time
 * that nothing joins, apart as "nearby". A pure function of the incident and the lines, so that it
 * gives the same answer whatever order they came in.
 */
public final class IncidentEnricher {

    /** What joined evidence adds to a cause's confidence. */
    static final double SUPPORT = 0.05;

    static final double CEILING = 0.99;

    /** Nearby groups shown at most. */
    static final int MAX_NEARBY = 5;

    private IncidentEnricher() {}

    public static Incident enrich(
            Incident raw, Collection<UpstreamEvent> events, UpstreamJoin join) {
        if (raw.causes().isEmpty() || Incident.RETRACTED.equals(raw.status())) {
            return raw;
        }
        long start = Instant.parse(raw.start()).toEpochMilli();
        List<UpstreamEvent> joined = new ArrayList<>();
        List<UpstreamEvent> nearby = new ArrayList<>();
        // How each joined line joined: the trigger says how its own first line did.
        Map<UpstreamEvent, String> how = new java.util.HashMap<>();
        for (UpstreamEvent e : dedupe(events)) {
            if (!UpstreamJoin.inWindow(raw, e.timeMillis())
                    || e.signal() == Signal.NOTE && e.software().equals("kubernetes")) {
                // A pod's status or a routine event says who is who (PeerIdentities), not
                // what the upstream's own log shows.
                continue;
            }
            String h = join.how(raw, e);
            if (h != null) {
                joined.add(e);
                how.put(e, h);
            } else if (e.signal() != Signal.NOTE && e.signal() != Signal.STARTED) {
                nearby.add(e);
            }
        }
        if (joined.isEmpty() && nearby.isEmpty()) {
            return raw;
        }
        List<Cause> causes = withTriggers(raw.causes(), joined, start, how::get);
        return raw.withCauses(causes, nearbyEvidence(nearby));
    }

    /**
     * The causes with the trigger their joined lines show, re-ranked by what those lines say.
     *
     * @param start the incident's first gateway error (epoch ms)
     * @param how how a joined line joined (said in the trigger)
     */
    public static List<Cause> withTriggers(
            List<Cause> ranked,
            List<UpstreamEvent> joinedLines,
            long start,
            java.util.function.Function<UpstreamEvent, String> how) {
        List<UpstreamEvent> joined = new ArrayList<>(joinedLines);
        joined.sort(
                Comparator.comparingLong(UpstreamEvent::timeMillis)
                        .thenComparing(UpstreamEvent::raw));
        Map<TriggerKind, List<UpstreamEvent>> kinds = TriggerBuilder.kinds(joined);
        List<Cause> causes = new ArrayList<>();
        for (Cause c : ranked) {
            TriggerKind k = TriggerBuilder.choose(c.cause(), kinds);
            if (k == null) {
                causes.add(c);
            } else {
                Trigger t =
                        TriggerBuilder.build(
                                k, kinds.get(k), joined, start, how.apply(kinds.get(k).get(0)));
                causes.add(
                        c.withTrigger(
                                t,
                                Math.min(CEILING, round(c.confidence() + SUPPORT)),
                                c.summary()));
            }
        }
        causes = RankingAdjustments.apply(causes, kinds, joined);
        causes.sort(
                Comparator.comparingDouble(Cause::confidence)
                        .reversed()
                        .thenComparing(Cause::cause));
        return causes;
    }

    /** A Kubernetes event seen several times (its count rising) counts once, at its highest. */
    static List<UpstreamEvent> dedupe(Collection<UpstreamEvent> events) {
        Map<String, UpstreamEvent> byKey = new LinkedHashMap<>();
        for (UpstreamEvent e : events) {
            String key = e.id().isEmpty() ? e.timeMillis() + "|" + e.raw() : "id|" + e.id();
            byKey.merge(
                    key,
                    e,
                    (a, b) ->
                            b.count() > a.count()
                                            || b.count() == a.count()
                                                    && b.timeMillis() > a.timeMillis()
                                    ? b
                                    : a);
        }
        List<UpstreamEvent> out = new ArrayList<>(byKey.values());
        out.sort(
                Comparator.comparingLong(UpstreamEvent::timeMillis)
                        .thenComparing(UpstreamEvent::raw));
        return out;
    }

    private static List<Evidence> nearbyEvidence(List<UpstreamEvent> nearby) {
        Map<String, List<UpstreamEvent>> groups = new LinkedHashMap<>();
        for (UpstreamEvent e : nearby) {
            String where = e.origin().host().isEmpty() ? e.origin().pod() : e.origin().host();
            String text =
                    TriggerWording.text(e)
                            + (where.isEmpty() ? "" : " on " + where)
                            + " (the same time, but nothing joins it to this incident's peers)";
            groups.computeIfAbsent(text, k -> new ArrayList<>()).add(e);
        }
        List<Evidence> out = new ArrayList<>();
        groups.forEach(
                (text, list) ->
                        out.add(
                                new Evidence(
                                        text,
                                        TriggerBuilder.count(list),
                                        list.stream()
                                                .map(e -> SecretRedactor.redact(e.raw()))
                                                .distinct()
                                                .limit(2)
                                                .toList())));
        out.sort(
                Comparator.comparingLong(Evidence::count).reversed().thenComparing(Evidence::text));
        return out.size() > MAX_NEARBY ? out.subList(0, MAX_NEARBY) : out;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
