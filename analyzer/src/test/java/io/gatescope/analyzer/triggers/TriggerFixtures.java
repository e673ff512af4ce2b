package io.gatescope.analyzer.triggers;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Fix;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import java.time.Instant;
import java.util.List;

/** Incidents and upstream lines for the trigger tests. */
final class TriggerFixtures {

    static final String START = "2026-03-14T09:10:00Z";
    static final long T = Instant.parse(START).toEpochMilli();

    private TriggerFixtures() {}

    static Incident incident(String service, String cause, String... targets) {
        return new Incident(
                "inc-1",
                "spike",
                service,
                List.of(targets),
                START,
                "2026-03-14T09:13:00Z",
                1000,
                300,
                List.of(
                        new Cause(
                                cause,
                                0.9,
                                "connection_refused",
                                "what the gateway says",
                                List.of(new Evidence("connect() failed", 300, List.of())),
                                List.of(new Fix("Start it", "start the process", "")),
                                null)),
                "closed",
                "NGINX",
                0);
    }

    static UpstreamEvent event(long at, Signal s, String software, Origin o, String subject) {
        return new UpstreamEvent(
                at,
                s,
                software,
                o,
                subject,
                "",
                1,
                "app/x.log",
                software + " " + subject + " " + s);
    }

    static UpstreamEvent onHost(long at, Signal s, String software, String host) {
        return event(at, s, software, Origin.host(host), software + " (pid 2231)");
    }
}
