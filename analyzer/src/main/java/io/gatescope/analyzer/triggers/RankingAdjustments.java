package io.gatescope.analyzer.triggers;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Fix;
import io.gatescope.analyzer.model.Trigger;
import io.gatescope.analyzer.model.TriggerKind;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the upstream's logs change the ranking, not only support it. A peer that refused
 * connections because a rollout or a restart replaced its process, and that came back, is a restart
 * story: "down" sends people to start a process that is already back. A keep-alive race leaves
 * nothing in the upstream's log: when that log is there and silent, the race is likelier and a
 * crash less so.
 */
final class RankingAdjustments {

    /** What silence in the upstream's own log shifts. */
    static final double SILENCE = 0.1;

    private RankingAdjustments() {}

    static List<Cause> apply(
            List<Cause> causes,
            Map<TriggerKind, List<UpstreamEvent>> kinds,
            List<UpstreamEvent> joined) {
        List<Cause> out = new ArrayList<>(causes);
        restartStory(out, kinds, joined);
        if (kinds.isEmpty() && !joined.isEmpty()) {
            silence(out, joined);
        }
        return out;
    }

    private static void restartStory(
            List<Cause> out,
            Map<TriggerKind, List<UpstreamEvent>> kinds,
            List<UpstreamEvent> joined) {
        if (out.isEmpty()
                || !out.get(0).cause().equals("UPSTREAM_DOWN")
                || kinds.containsKey(TriggerKind.CRASH_LOOP)) {
            return;
        }
        // Only a deliberate restart (a rollout, systemctl restart) is a restart story; a
        // process killed for memory or crashed is the contract's "down" with its trigger, even
        // when a supervisor started it again.
        TriggerKind k = TriggerKind.DEPLOY;
        if (!kinds.containsKey(k)) {
            killedAndBack(out, kinds, joined);
            return;
        }
        long first = kinds.get(k).get(0).timeMillis();
        boolean restarted =
                joined.stream()
                        .anyMatch(e -> e.signal() == Signal.STARTED && e.timeMillis() >= first);
        if (!restarted) {
            return;
        }
        Cause down = out.get(0);
        Trigger t = down.trigger();
        double conf =
                Math.min(
                        IncidentEnricher.CEILING, IncidentEnricher.round(down.confidence() + 0.01));
        String summary =
                "A restart story: "
                        + (t == null
                                ? "the upstream stopped and started again. "
                                : t.summary() + " ")
                        + "Connections were refused while it was gone; the gap ended when it came back, so look at why it was restarted without draining.";
        List<Fix> fixes = new ArrayList<>(t == null ? List.of() : t.fixes());
        fixes.addAll(down.fixes());
        Cause restart =
                new Cause(
                        "UPSTREAM_RESTART",
                        conf,
                        "connection_refused",
                        summary,
                        down.evidence(),
                        fixes,
                        t);
        out.removeIf(c -> c.cause().equals("UPSTREAM_RESTART"));
        out.add(0, restart);
        // "Down" stays, just below: nothing accepted connections while it lasted.
        out.set(
                1,
                new Cause(
                        down.cause(),
                        Math.max(0, IncidentEnricher.round(conf - 0.02)),
                        down.proxyStatus(),
                        down.summary(),
                        down.evidence(),
                        down.fixes(),
                        down.trigger()));
    }

    /**
     * A process killed (for memory, by a crash) and started again by its supervisor: still "down"
     * while it was gone, but the summary says the 502s were the gap, so that nobody goes to start
     * it and everybody looks at why it died.
     */
    private static void killedAndBack(
            List<Cause> out,
            Map<TriggerKind, List<UpstreamEvent>> kinds,
            List<UpstreamEvent> joined) {
        for (TriggerKind k : List.of(TriggerKind.OOM_KILL, TriggerKind.PROCESS_CRASH)) {
            if (!kinds.containsKey(k)) {
                continue;
            }
            long first = kinds.get(k).get(0).timeMillis();
            boolean restarted =
                    joined.stream()
                            .anyMatch(e -> e.signal() == Signal.STARTED && e.timeMillis() >= first);
            Cause down = out.get(0);
            if (restarted) {
                out.set(
                        0,
                        new Cause(
                                down.cause(),
                                down.confidence(),
                                down.proxyStatus(),
                                (k == TriggerKind.OOM_KILL
                                                ? "Killed for memory and started again: "
                                                : "Crashed and started again: ")
                                        + "the 502s are the time it was gone. "
                                        + down.summary(),
                                down.evidence(),
                                down.fixes(),
                                down.trigger()));
            }
            return;
        }
    }

    private static void silence(List<Cause> out, List<UpstreamEvent> joined) {
        boolean race = out.stream().anyMatch(c -> c.cause().equals("KEEPALIVE_RACE"));
        if (!race) {
            return;
        }
        String who = joined.get(0).software();
        // Minutes with lines, not lines: a log's routine lines are kept one per minute.
        long minutes = joined.stream().mapToLong(e -> e.timeMillis() / 60_000).distinct().count();
        for (int i = 0; i < out.size(); i++) {
            Cause c = out.get(i);
            if (c.cause().equals("KEEPALIVE_RACE")) {
                List<Evidence> ev = new ArrayList<>(c.evidence());
                ev.add(
                        new Evidence(
                                "the upstream's own log ("
                                        + who
                                        + ", "
                                        + minutes
                                        + (minutes == 1 ? " minute" : " minutes")
                                        + " of this time) shows no kill, crash, timeout or restart: it closed idle connections quietly",
                                minutes,
                                List.of()));
                out.set(
                        i,
                        new Cause(
                                c.cause(),
                                Math.min(
                                        IncidentEnricher.CEILING,
                                        IncidentEnricher.round(c.confidence() + SILENCE)),
                                c.proxyStatus(),
                                c.summary(),
                                ev,
                                c.fixes(),
                                c.trigger()));
            } else if (c.cause().equals("UPSTREAM_DOWN") || c.cause().equals("UPSTREAM_RESTART")) {
                out.set(
                        i,
                        new Cause(
                                c.cause(),
                                Math.max(0, IncidentEnricher.round(c.confidence() - SILENCE)),
                                c.proxyStatus(),
                                c.summary(),
                                c.evidence(),
                                c.fixes(),
                                c.trigger()));
            }
        }
    }
}
