package io.gatescope.analyzer.triggers;

import static io.gatescope.analyzer.triggers.TriggerWording.clock;
import static io.gatescope.analyzer.triggers.TriggerWording.evidence;
import static io.gatescope.analyzer.triggers.TriggerWording.lower;
import static io.gatescope.analyzer.triggers.TriggerWording.place;
import static io.gatescope.analyzer.triggers.TriggerWording.relation;
import static io.gatescope.analyzer.triggers.TriggerWording.text;
import static io.gatescope.analyzer.triggers.TriggerWording.what;
import static io.gatescope.analyzer.triggers.TriggerWording.who;

import io.gatescope.analyzer.model.Trigger;
import io.gatescope.analyzer.model.TriggerKind;
import io.gatescope.analyzer.triggers.TriggerWording.Who;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import io.gatescope.ingest.parse.Timestamps;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names the trigger from the upstream lines joined to an incident: the kind their signals show (for
 * the cause at hand, the first kind present in that cause's order), a sentence on what happened
 * when, the lines as evidence, and the kind's fixes ({@link TriggerFixes}).
 */
public final class TriggerBuilder {

    /** Kinds that can explain each cause, most telling first. */
    static final Map<String, List<TriggerKind>> BY_CAUSE =
            Map.of(
                    "UPSTREAM_DOWN",
                    List.of(
                            TriggerKind.OOM_KILL,
                            TriggerKind.CRASH_LOOP,
                            TriggerKind.PROCESS_CRASH,
                            TriggerKind.NODE_FAILURE,
                            TriggerKind.DEPLOY,
                            TriggerKind.PROBE_FAILURE),
                    "UPSTREAM_RESTART",
                    List.of(
                            TriggerKind.DEPLOY,
                            TriggerKind.OOM_KILL,
                            TriggerKind.CRASH_LOOP,
                            TriggerKind.PROCESS_CRASH,
                            TriggerKind.PROBE_FAILURE),
                    "UPSTREAM_OVERLOAD",
                    List.of(
                            TriggerKind.WORKER_POOL_EXHAUSTED,
                            TriggerKind.WORKER_TIMEOUT,
                            TriggerKind.OOM_KILL,
                            TriggerKind.PROBE_FAILURE,
                            TriggerKind.PROCESS_CRASH),
                    "BAD_UPSTREAM_RESPONSE",
                    List.of(
                            TriggerKind.WORKER_TIMEOUT,
                            TriggerKind.OOM_KILL,
                            TriggerKind.PROCESS_CRASH),
                    "NETWORK",
                    List.of(TriggerKind.NODE_FAILURE),
                    "UNKNOWN",
                    List.of(
                            TriggerKind.OOM_KILL,
                            TriggerKind.CRASH_LOOP,
                            TriggerKind.PROCESS_CRASH,
                            TriggerKind.WORKER_TIMEOUT,
                            TriggerKind.WORKER_POOL_EXHAUSTED,
                            TriggerKind.NODE_FAILURE,
                            TriggerKind.DEPLOY,
                            TriggerKind.PROBE_FAILURE));

    private TriggerBuilder() {}

    /** The kinds the events show, each with its events (earliest first). */
    public static Map<TriggerKind, List<UpstreamEvent>> kinds(List<UpstreamEvent> events) {
        Map<TriggerKind, List<UpstreamEvent>> out = new EnumMap<>(TriggerKind.class);
        boolean failures = false;
        for (UpstreamEvent e : events) {
            TriggerKind k = kindOf(e.signal());
            if (k != null) {
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
                failures |= k != TriggerKind.DEPLOY;
            }
        }
        // Crashes however many are no crash loop by themselves: a worker that dies on each bad
        // request is respawned by its master at once. Only the platform's own words say "loop"
        // (a back-off, a restart counter, "respawning too fast").
        List<UpstreamEvent> stops = new ArrayList<>();
        for (UpstreamEvent e : events) {
            if (e.signal() == Signal.STOPPING) {
                stops.add(e);
            }
        }
        if (!stops.isEmpty() && !failures) {
            out.put(TriggerKind.DEPLOY, stops);
        }
        out.values().forEach(l -> l.sort(Comparator.comparingLong(UpstreamEvent::timeMillis)));
        return out;
    }

    private static TriggerKind kindOf(Signal s) {
        return switch (s) {
            case OOM_KILL -> TriggerKind.OOM_KILL;
            case CRASH -> TriggerKind.PROCESS_CRASH;
            case POOL_FULL -> TriggerKind.WORKER_POOL_EXHAUSTED;
            case WORKER_TIMEOUT -> TriggerKind.WORKER_TIMEOUT;
            case PROBE_FAILED -> TriggerKind.PROBE_FAILURE;
            case CRASH_LOOP -> TriggerKind.CRASH_LOOP;
            case NODE_DOWN -> TriggerKind.NODE_FAILURE;
            default -> null;
        };
    }

    /** The kind to name for a cause, or null when none of its kinds is present. */
    static TriggerKind choose(String cause, Map<TriggerKind, List<UpstreamEvent>> kinds) {
        for (TriggerKind k : BY_CAUSE.getOrDefault(cause, List.of())) {
            if (kinds.containsKey(k)) {
                return k;
            }
        }
        return null;
    }

    /**
     * The trigger of one kind.
     *
     * @param incidentStart the incident's first gateway error (epoch ms)
     * @param all every joined event, for the restart that followed
     */
    static Trigger build(
            TriggerKind kind,
            List<UpstreamEvent> events,
            List<UpstreamEvent> all,
            long incidentStart,
            String how) {
        UpstreamEvent first = events.get(0);
        // The line that names the process best (the kernel's names its pid) says who.
        UpstreamEvent named =
                events.stream()
                        .filter(e -> e.subject().contains("(pid "))
                        .findFirst()
                        .orElse(first);
        UpstreamEvent restart = restartAfter(all, first.timeMillis());
        String when = relation(first.timeMillis(), incidentStart);
        Who who = who(named, events);
        String was = who.plural() ? "were" : "was";
        int n =
                kind == TriggerKind.OOM_KILL || kind == TriggerKind.PROCESS_CRASH
                        ? happenings(events)
                        : count(events);
        String summary =
                switch (kind) {
                    case OOM_KILL ->
                            String.format(
                                    Locale.ROOT,
                                    "%s %s killed for memory%s %s, %s%s.",
                                    who.text(),
                                    was,
                                    n > 1 ? " " + n + " times, from" : " at",
                                    clock(first.timeMillis()),
                                    when,
                                    restart == null
                                            ? ""
                                            : (who.plural()
                                                            ? "; they were started again from "
                                                            : "; it was started again at ")
                                                    + clock(restart.timeMillis()));
                    case PROCESS_CRASH ->
                            String.format(
                                    Locale.ROOT,
                                    "%s died%s %s, %s%s.",
                                    who.text(),
                                    n > 1 ? " " + n + " times, from" : " at",
                                    clock(first.timeMillis()),
                                    when,
                                    restart == null
                                            ? ""
                                            : (who.plural()
                                                            ? "; they were started again from "
                                                            : "; it was started again at ")
                                                    + clock(restart.timeMillis()));
                    case CRASH_LOOP ->
                            String.format(
                                    Locale.ROOT,
                                    "%s %s crashing and being restarted (%d reports from %s), %s.",
                                    who.text(),
                                    who.plural() ? "keep" : "keeps",
                                    n,
                                    clock(first.timeMillis()),
                                    when);
                    case WORKER_POOL_EXHAUSTED ->
                            String.format(
                                    Locale.ROOT,
                                    "Every worker of %s was busy (%d reports from %s), %s: requests queued until the gateway gave up.",
                                    lower(who.text()),
                                    n,
                                    clock(first.timeMillis()),
                                    when);
                    case WORKER_TIMEOUT ->
                            String.format(
                                    Locale.ROOT,
                                    "%s killed %d worker%s that ran past the time limit, from %s, %s: their requests were cut.",
                                    who.plural() ? who.text() : what(first) + place(who, first),
                                    n,
                                    n == 1 ? "" : "s",
                                    clock(first.timeMillis()),
                                    when);
                    case DEPLOY ->
                            String.format(
                                    Locale.ROOT,
                                    "A restart or rollout replaced %s (%d stops from %s), %s: it was not drained first.",
                                    lower(who.text()),
                                    n,
                                    clock(first.timeMillis()),
                                    when);
                    case PROBE_FAILURE ->
                            String.format(
                                    Locale.ROOT,
                                    "Health probes of %s failed (%d reports from %s), %s, taking %s out of service.",
                                    lower(who.text()),
                                    n,
                                    clock(first.timeMillis()),
                                    when,
                                    who.plural() ? "them" : "it");
                    case NODE_FAILURE ->
                            String.format(
                                    Locale.ROOT,
                                    "The node under the upstream failed (%s, %s), %s.",
                                    first.subject(),
                                    clock(first.timeMillis()),
                                    when);
                };
        return new Trigger(
                kind.name(),
                summary + " Joined by " + how + ".",
                evidence(events),
                TriggerFixes.of(kind, first),
                markers(events, restart));
    }

    /**
     * The timeline's markers: runs of the same report within a minute as one, the restart after,
     * the first and last kept when there are too many.
     */
    static List<Trigger.Marker> markers(List<UpstreamEvent> events, UpstreamEvent restart) {
        List<UpstreamEvent> all = new ArrayList<>(events);
        if (restart != null && !all.contains(restart)) {
            all.add(restart);
        }
        all.sort(Comparator.comparingLong(UpstreamEvent::timeMillis));
        List<Trigger.Marker> out = new ArrayList<>();
        long runStart = Long.MIN_VALUE;
        for (UpstreamEvent e : all) {
            String text = text(e);
            Trigger.Marker last = out.isEmpty() ? null : out.get(out.size() - 1);
            // One happening: the same report within a minute, or reports of the same kind within
            // seconds (a rollout step's scale-down, pod deletion and kill).
            if (last != null
                    && (last.text().equals(text) && e.timeMillis() - runStart <= 60_000
                            || last.signal().equals(e.signal().name())
                                    && e.timeMillis() - runStart <= 5_000)) {
                out.set(
                        out.size() - 1,
                        new Trigger.Marker(
                                last.time(), last.signal(), text, last.count() + e.count()));
            } else {
                runStart = e.timeMillis();
                out.add(
                        new Trigger.Marker(
                                Timestamps.format(e.timeMillis()),
                                e.signal().name(),
                                text,
                                Math.max(1, e.count())));
            }
        }
        if (out.size() > Trigger.MAX_MARKERS) {
            List<Trigger.Marker> kept = new ArrayList<>(out.subList(0, Trigger.MAX_MARKERS - 1));
            kept.add(out.get(out.size() - 1));
            return kept;
        }
        return out;
    }

    /**
     * How many times it happened: one kill is reported by several lines (the kernel's, systemd's,
     * the server's) within seconds on one machine, so lines that close are one happening.
     */
    static int happenings(List<UpstreamEvent> events) {
        int n = 0;
        long last = Long.MIN_VALUE;
        String where = null;
        for (UpstreamEvent e : events) {
            // One machine's kernel, systemd and server lines are one happening; lines that name
            // no machine are told apart by their log.
            String w =
                    e.origin().host().isEmpty() && e.origin().pod().isEmpty()
                            ? e.source()
                            : e.origin().host() + "|" + e.origin().pod();
            if (where == null || !w.equals(where) || e.timeMillis() - last > 5_000) {
                n += e.software().equals("kubernetes") ? Math.max(1, e.count()) : 1;
            }
            last = e.timeMillis();
            where = w;
        }
        return n;
    }

    /** Reports, a Kubernetes event counting as many as it says it happened. */
    static int count(List<UpstreamEvent> events) {
        int n = 0;
        for (UpstreamEvent e : events) {
            n += Math.max(1, e.count());
        }
        return n;
    }

    private static UpstreamEvent restartAfter(List<UpstreamEvent> all, long after) {
        return all.stream()
                .filter(e -> e.signal() == Signal.STARTED && e.timeMillis() >= after)
                .min(Comparator.comparingLong(UpstreamEvent::timeMillis))
                .orElse(null);
    }
}
