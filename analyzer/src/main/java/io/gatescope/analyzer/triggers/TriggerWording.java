package io.gatescope.analyzer.triggers;

import io.gatescope.analyzer.model.Evidence;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.parse.Timestamps;
import io.gatescope.ingest.redact.SecretRedactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a trigger is said: its evidence grouped by what the lines say, who it happened to, when it
 * happened relative to the gateway errors. Words only; which trigger and when is {@link
 * TriggerBuilder}'s.
 */
final class TriggerWording {

    private TriggerWording() {}

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
                                        TriggerBuilder.count(list),
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
    static String what(UpstreamEvent e) {
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

    static String list(java.util.Collection<String> names) {
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

    static String clock(long t) {
        String iso = Timestamps.format(t);
        return iso.length() >= 19 ? iso.substring(11, 19) : iso;
    }

    /** "Pool www" back to "pool www" inside a sentence; names as they are. */
    static String lower(String s) {
        return s.length() > 1
                        && Character.isUpperCase(s.charAt(0))
                        && Character.isLowerCase(s.charAt(1))
                ? Character.toLowerCase(s.charAt(0)) + s.substring(1)
                : s;
    }

    /** The single machine or pod of a program's line, for a sentence naming the program. */
    static String place(Who who, UpstreamEvent e) {
        int on = who.text().indexOf(" on ");
        int pod = who.text().indexOf(" (pod");
        return on >= 0 ? who.text().substring(on) : pod >= 0 ? who.text().substring(pod) : "";
    }

    static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
