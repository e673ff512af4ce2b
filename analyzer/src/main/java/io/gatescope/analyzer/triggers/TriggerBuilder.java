package io.gatescope.analyzer.triggers;

import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Trigger;
import io.gatescope.analyzer.model.TriggerKind;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import io.gatescope.ingest.parse.Timestamps;
import io.gatescope.ingest.redact.SecretRedactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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

    /** Evidence: the events grouped by what they say, each with its count and example lines. */
    static List<Evidence> evidence(List<UpstreamEvent> events) {
        Map<String, List<UpstreamEvent>> groups = new LinkedHashMap<>();
        for (UpstreamEvent e : events) {
            groups.computeIfAbsent(text(e), k -> new ArrayList<>()).add(e);
        }
        List<Evidence> out = new ArrayList<>();
        groups.forEach(
                (text, list) ->
                        out.add(
                                new Evidence(
                                        text,
                                        count(list),
                                        list.stream()
                                                .map(e -> SecretRedactor.redact(e.raw()))
                                                .distinct()
                                                .limit(3)
                                                .toList())));
        out.sort(Comparator.comparingLong(Evidence::count).reversed());
        return out.size() > 4 ? out.subList(0, 4) : out;
    }

    /** What an event says, without its numbers: how its lines are grouped. */
    static String text(UpstreamEvent e) {
        // A pod's or replica set's generated suffix (web-7d9c6b5f4-x2k8p) is one pattern, web-*;
        // other numbers (pids, worker numbers) are N.
        String s =
                e.software().equals("kubernetes")
                        ? e.subject().replaceAll("(-[a-z0-9]*\\d[a-z0-9]*){1,2}$", "-*")
                        : e.subject().replaceAll("\\d+", "N");
        return switch (e.signal()) {
            case OOM_KILL -> e.software() + ": " + s + " killed for memory";
            case CRASH -> e.software() + ": " + s + " died";
            case POOL_FULL -> e.software() + ": every worker busy (" + s + ")";
            case WORKER_TIMEOUT -> e.software() + ": worker killed past its time limit";
            case STOPPING -> e.software() + ": " + s + " stopped";
            case STARTED -> e.software() + ": " + s + " started";
            case PROBE_FAILED -> e.software() + ": probe failed (" + s + ")";
            case CRASH_LOOP -> e.software() + ": restarted again and again (" + s + ")";
            case NODE_DOWN -> e.software() + ": node not ready (" + s + ")";
            case NOTE -> e.software() + ": " + s;
        };
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

    /** Who it happened to, in words, and whether that is several. */
    record Who(String text, boolean plural) {}

    /**
     * Who: the named event's process and its machine or pod, or, when the events concern several
     * pods, machines or logs, all of them.
     */
    static Who who(UpstreamEvent named, List<UpstreamEvent> events) {
        java.util.LinkedHashSet<String> pods = new java.util.LinkedHashSet<>();
        java.util.LinkedHashSet<String> hosts = new java.util.LinkedHashSet<>();
        java.util.LinkedHashSet<String> logs = new java.util.LinkedHashSet<>();
        java.util.Set<String> subjects = new java.util.HashSet<>();
        for (UpstreamEvent x : events) {
            var o = x.origin();
            subjects.add(x.subject().replaceAll("\\d+", "N"));
            if (!o.pod().isEmpty()) {
                pods.add((o.namespace().isEmpty() ? "" : o.namespace() + "/") + o.pod());
            } else if (!o.host().isEmpty()) {
                hosts.add(o.host());
            } else if (!x.source().isEmpty()) {
                logs.add(shortSource(x.source()));
            }
        }
        String what = what(named);
        if (pods.size() > 1) {
            return new Who("Pods " + list(pods), true);
        }
        if (hosts.size() > 1) {
            return new Who(what + " on " + list(hosts), false);
        }
        if (logs.size() > 1) {
            return new Who(what + " (" + list(logs) + ")", false);
        }
        String single = subjects.size() > 1 ? what : cap(named.subject());
        var o = named.origin();
        if (!o.pod().isEmpty() && !single.contains(o.pod())) {
            single +=
                    " (pod " + (o.namespace().isEmpty() ? "" : o.namespace() + "/") + o.pod() + ")";
        } else if (!o.host().isEmpty() && !single.contains(o.host())) {
            single += " on " + o.host();
        }
        return new Who(single, false);
    }

    /** The program, as people write it; the process a platform line names. */
    private static String what(UpstreamEvent e) {
        return switch (e.software()) {
            case "uwsgi" -> "uWSGI";
            case "php-fpm" -> "php-fpm";
            case "kernel", "systemd", "kubernetes" ->
                    cap(e.subject().replaceAll(" ?\\(pid \\d+\\)", ""));
            default -> cap(e.software());
        };
    }

    /** A log's folder and name ({@code app-1/uwsgi.log}): enough to tell machines' logs apart. */
    static String shortSource(String source) {
        String s = source.replace('\\', '/');
        int last = s.lastIndexOf('/');
        int before = last > 0 ? s.lastIndexOf('/', last - 1) : -1;
        return before >= 0 ? s.substring(before + 1) : s;
    }

    private static String list(java.util.Collection<String> names) {
        List<String> all = new ArrayList<>(names);
        if (all.size() > 3) {
            return String.join(", ", all.subList(0, 3)) + " and " + (all.size() - 3) + " more";
        }
        return all.size() == 1
                ? all.get(0)
                : String.join(", ", all.subList(0, all.size() - 1))
                        + " and "
                        + all.get(all.size() - 1);
    }

    /** How the event stands to the incident's first error. */
    static String relation(long t, long start) {
        long d = (start - t) / 1000;
        if (d > 0) {
            return (d < 120 ? d + " s" : d / 60 + " min") + " before the first gateway error";
        }
        if (d == 0) {
            return "as the gateway errors began";
        }
        return (-d < 120 ? -d + " s" : -d / 60 + " min") + " after the gateway errors began";
    }

    private static String clock(long t) {
        String iso = Timestamps.format(t);
        return iso.length() >= 19 ? iso.substring(11, 19) : iso;
    }

    /** "Pool www" back to "pool www" inside a sentence; names as they are. */
    private static String lower(String s) {
        return s.length() > 1
                        && Character.isUpperCase(s.charAt(0))
                        && Character.isLowerCase(s.charAt(1))
                ? Character.toLowerCase(s.charAt(0)) + s.substring(1)
                : s;
    }

    /** The single machine or pod of a program's line, for a sentence naming the program. */
    private static String place(Who who, UpstreamEvent e) {
        int on = who.text().indexOf(" on ");
        int pod = who.text().indexOf(" (pod");
        return on >= 0 ? who.text().substring(on) : pod >= 0 ? who.text().substring(pod) : "";
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
