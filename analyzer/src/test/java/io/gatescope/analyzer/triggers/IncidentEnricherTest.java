package io.gatescope.analyzer.triggers;

import static io.gatescope.analyzer.triggers.TriggerFixtures.T;
import static io.gatescope.analyzer.triggers.TriggerFixtures.event;
import static io.gatescope.analyzer.triggers.TriggerFixtures.incident;
import static io.gatescope.analyzer.triggers.TriggerFixtures.onHost;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentEnricherTest {

    private static final String APP = "ip-10-0-5-11";
    private final UpstreamJoin join = new UpstreamJoin(Map.of());
    private final Incident down = incident("shop", "UPSTREAM_DOWN", "10.0.5.11:8000");

    @Test
    void aKillForMemoryIsTheTriggerOfDownAndAddsALittleConfidence() {
        Incident i =
                IncidentEnricher.enrich(
                        down,
                        List.of(
                                onHost(T + 2000, Signal.OOM_KILL, "kernel", APP),
                                onHost(T + 30_000, Signal.STARTED, "systemd", APP)),
                        join);
        Cause top = i.causes().get(0);
        assertThat(top.cause()).isEqualTo("UPSTREAM_DOWN");
        assertThat(top.confidence()).isEqualTo(0.95);
        assertThat(top.trigger().kind()).isEqualTo("OOM_KILL");
        assertThat(top.trigger().summary())
                .contains("killed for memory")
                .contains("started again")
                .contains("Joined by address 10.0.5.11");
        assertThat(top.trigger().evidence()).isNotEmpty();
        assertThat(top.trigger().fixes()).isNotEmpty();
    }

    @Test
    void aRestartWithoutDrainingIsARestartStoryButACrashIsNot() {
        List<UpstreamEvent> restart =
                List.of(
                        onHost(T - 1000, Signal.STOPPING, "systemd", APP),
                        onHost(T + 5000, Signal.STARTED, "systemd", APP));
        Incident restarted = IncidentEnricher.enrich(down, restart, join);
        assertThat(restarted.causes())
                .extracting(Cause::cause)
                .containsExactly("UPSTREAM_RESTART", "UPSTREAM_DOWN");
        assertThat(restarted.causes().get(0).trigger().kind()).isEqualTo("DEPLOY");

        List<UpstreamEvent> crashed =
                List.of(
                        onHost(T - 1000, Signal.CRASH, "systemd", APP),
                        onHost(T + 5000, Signal.STARTED, "systemd", APP));
        Incident crash = IncidentEnricher.enrich(down, crashed, join);
        assertThat(crash.causes().get(0).cause()).isEqualTo("UPSTREAM_DOWN");
        assertThat(crash.causes().get(0).trigger().kind()).isEqualTo("PROCESS_CRASH");
    }

    @Test
    void manyCrashesOfWorkersAreNoCrashLoopButThePlatformsWordsAre() {
        List<UpstreamEvent> workers =
                List.of(
                        onHost(T, Signal.CRASH, "uwsgi", APP),
                        onHost(T + 10_000, Signal.CRASH, "uwsgi", APP),
                        onHost(T + 20_000, Signal.CRASH, "uwsgi", APP),
                        onHost(T + 30_000, Signal.CRASH, "uwsgi", APP));
        assertThat(IncidentEnricher.enrich(down, workers, join).causes().get(0).trigger().kind())
                .isEqualTo("PROCESS_CRASH");
        List<UpstreamEvent> loop =
                List.of(
                        onHost(T, Signal.CRASH, "systemd", APP),
                        onHost(T + 5000, Signal.CRASH_LOOP, "systemd", APP));
        assertThat(IncidentEnricher.enrich(down, loop, join).causes().get(0).trigger().kind())
                .isEqualTo("CRASH_LOOP");
    }

    @Test
    void anOverloadIsExplainedByAFullPoolNotByAnUnrelatedStart() {
        Incident overload = incident("blog", "UPSTREAM_OVERLOAD", "unix:/run/php-fpm.sock");
        Incident i =
                IncidentEnricher.enrich(
                        overload,
                        List.of(
                                event(T, Signal.STARTED, "php-fpm", Origin.NONE, "pool www"),
                                event(
                                        T + 9000,
                                        Signal.POOL_FULL,
                                        "php-fpm",
                                        Origin.NONE,
                                        "pool www")),
                        join);
        assertThat(i.causes().get(0).trigger().kind()).isEqualTo("WORKER_POOL_EXHAUSTED");
        assertThat(i.causes().get(0).trigger().summary())
                .startsWith("Every worker of pool www was busy");
    }

    @Test
    void linesOutsideTheWindowAndRoutinePodStatusChangeNothing() {
        Incident i =
                IncidentEnricher.enrich(
                        down,
                        List.of(
                                onHost(T - 6 * 60_000, Signal.OOM_KILL, "kernel", APP),
                                event(
                                        T,
                                        Signal.NOTE,
                                        "kubernetes",
                                        new Origin("n", "10.0.5.11", "shop", "web-1", ""),
                                        "Pod shop/web-1")),
                        join);
        assertThat(i).isEqualTo(down);
    }

    @Test
    void aQuietUpstreamLogMakesAKeepaliveRaceLikelier() {
        Incident race = incident("shop", "KEEPALIVE_RACE", "10.0.5.11:8000");
        Incident i =
                IncidentEnricher.enrich(
                        race, List.of(onHost(T + 1000, Signal.NOTE, "gunicorn", APP)), join);
        assertThat(i.causes().get(0).confidence()).isEqualTo(1.0 - 0.01);
        assertThat(i.causes().get(0).evidence())
                .anyMatch(e -> e.text().contains("shows no kill, crash, timeout or restart"));
    }
}
