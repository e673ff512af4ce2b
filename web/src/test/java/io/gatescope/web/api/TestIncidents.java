package io.gatescope.web.api;

import io.gatescope.analyzer.index.FindingsIndex;
import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Dimension;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Fix;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.analyzer.model.Trigger;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Incidents for web tests, including one whose evidence is an attack on the UI. */
public final class TestIncidents {

    public static final String XSS_LINE =
            "2026/03/14 09:10:00 [error] 1#1: *9 upstream sent invalid header: \"<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\">\" while reading response header from upstream";

    /** A user agent is as much the attacker's as a log line. */
    public static final String XSS_AGENT = "<img src=x onerror=\"window.__xss=4\">";

    private TestIncidents() {}

    public static Incident incident(
            String id,
            String service,
            String cause,
            String start,
            String end,
            String status,
            String evidence,
            String example) {
        Cause c =
                new Cause(
                        cause,
                        0.93,
                        "connection_refused",
                        "Nothing accepts connections on " + service,
                        List.of(new Evidence(evidence, 1702, List.of(example))),
                        List.of(
                                new Fix(
                                        "Check that the upstream process is up",
                                        "Refused connects mean no process listens.",
                                        "nc -vz 10.0.3.11 8080")));
        return new Incident(
                id,
                "spike",
                service,
                List.of("10.0.3.11:8080", "10.0.3.12:8080"),
                start,
                end,
                2210,
                1715,
                List.of(c),
                status,
                "NGINX",
                0);
    }

    public static final String OOM_LINE =
            "Mar 14 09:10:02 ip-10-0-3-11 kernel: [1040211.381211] Out of memory: Killed process 2231 (gunicorn) total-vm:4124000kB, anon-rss:3512000kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:7316kB oom_score_adj:0";

    /** The first incident as the upstream's logs explain it: killed for memory, a marker each. */
    static Incident withTrigger(Incident i) {
        Trigger t =
                new Trigger(
                        "OOM_KILL",
                        "Gunicorn on ip-10-0-3-11 was killed for memory at 09:10:02, as the gateway errors began; it was started again at 09:10:32. Joined by address 10.0.3.11.",
                        List.of(
                                new Evidence(
                                        "kernel: gunicorn (pid N) killed for memory",
                                        1,
                                        List.of(OOM_LINE))),
                        List.of(
                                new Fix(
                                        "Give the workers the memory they use",
                                        "Raise the limit or fix the leak.",
                                        "dmesg -T | grep -i oom")),
                        List.of(
                                new Trigger.Marker(
                                        "2026-03-14T09:10:02Z",
                                        "OOM_KILL",
                                        "kernel: gunicorn (pid N) killed for memory",
                                        1),
                                new Trigger.Marker(
                                        "2026-03-14T09:10:32Z",
                                        "STARTED",
                                        "systemd: gunicorn.service started",
                                        1)));
        Cause c = i.causes().get(0);
        return i.withCauses(
                List.of(c.withTrigger(t, 0.98, c.summary())),
                List.of(
                        new Evidence(
                                "kernel: postgres killed for memory on db-1 <b>(nearby)</b>",
                                1,
                                List.of("<img src=x onerror=\"window.__xss=3\">"))));
    }

    /** Two ordinary incidents, one hostile one, and timeline steps for the first. */
    public static void fill(FindingsIndex index) throws Exception {
        List<Finding> f = new ArrayList<>();
        f.add(
                Finding.of(
                        withTrigger(
                                incident(
                                        "inc-down-1",
                                        "shop.example.com",
                                        "UPSTREAM_DOWN",
                                        "2026-03-14T09:10:00Z",
                                        "2026-03-14T09:13:30Z",
                                        "closed",
                                        "connect() failed (111: Connection refused) while connecting to upstream",
                                        "2026/03/14 09:10:00 [error] 2211#2211: *3375 connect() failed (111: Connection refused) while connecting to upstream"))));
        f.add(
                Finding.of(
                        incident(
                                "inc-dns-2",
                                "billing.example.com",
                                "DNS_FAILURE",
                                "2026-03-14T10:00:00Z",
                                "2026-03-14T10:03:00Z",
                                "open",
                                "billing-api.internal could not be resolved (3: Host not found)",
                                "2026/03/14 10:00:00 [error] 7#7: *12 billing-api.internal could not be resolved (3: Host not found)")));
        f.add(
                Finding.of(
                        incident(
                                        "inc-xss-3",
                                        "evil<script>.example.com",
                                        "BAD_UPSTREAM_RESPONSE",
                                        "2026-03-14T08:00:00Z",
                                        "2026-03-14T08:02:00Z",
                                        "closed",
                                        "upstream sent invalid header <img src=x onerror=alert(1)>",
                                        XSS_LINE)
                                .withDimensions(
                                        List.of(
                                                new Dimension("userAgent", XSS_AGENT, 0.9, 0.01),
                                                new Dimension("method", "POST", 1.0, 0.1)))));
        long t0 = Instant.parse("2026-03-14T09:00:00Z").toEpochMilli();
        for (int i = 0; i < 120; i++) {
            StepStats s = new StepStats("shop.example.com", t0 + i * 10_000L, 10_000);
            s.requests = 40;
            boolean bad = i >= 60 && i < 81;
            s.errors = bad ? 35 : 0;
            s.status502 = s.errors;
            if (bad) {
                s.classCounts.put("CONNECT_REFUSED", 35L);
                s.peerErrors.put("10.0.3.11:8080", 18L);
                s.peerErrors.put("10.0.3.12:8080", 17L);
            }
            for (int k = 0; k < 40; k++) {
                s.upstream.record(20 + k);
            }
            f.add(Finding.of(s));
        }
        index.upsert(f);
    }

    public static AppContext context(FindingsIndex index, String token, String slackSecret) {
        return new AppContext(
                index,
                () -> Map.of("kafka", "UP", "analyzer", "RUNNING", "index", "UP"),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                token,
                slackSecret,
                "http://localhost:8080");
    }
}
