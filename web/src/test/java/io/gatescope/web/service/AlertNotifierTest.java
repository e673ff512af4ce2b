package io.gatescope.web.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.gatescope.web.api.TestIncidents;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts go to real HTTP endpoints on loopback: once per incident and state, retried on 5xx. */
class AlertNotifierTest {

    @TempDir Path dir;
    HttpServer server;
    final List<String> slack = new CopyOnWriteArrayList<>();
    final List<String> json = new CopyOnWriteArrayList<>();
    final AtomicInteger failFirst = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/slack",
                ex -> {
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    int code = failFirst.getAndDecrement() > 0 ? 503 : 200;
                    if (code == 200) {
                        slack.add(body);
                    }
                    ex.sendResponseHeaders(code, -1);
                    ex.close();
                });
        server.createContext(
                "/hook",
                ex -> {
                    json.add(
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    static void await(java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void eachIncidentAlertsOncePerStateWithRetriesAndNotAgainAfterARestart() throws Exception {
        failFirst.set(1);
        var open =
                TestIncidents.incident(
                        "inc-1",
                        "shop<b>.example.com",
                        "UPSTREAM_DOWN",
                        "2026-03-14T09:10:00Z",
                        "2026-03-14T09:11:00Z",
                        "open",
                        "e",
                        "x");
        var closed =
                TestIncidents.incident(
                        "inc-1",
                        "shop<b>.example.com",
                        "UPSTREAM_DOWN",
                        "2026-03-14T09:10:00Z",
                        "2026-03-14T09:13:00Z",
                        "closed",
                        "e",
                        "x");
        Path sent = dir.resolve("alerts-sent.txt");
        try (AlertNotifier n =
                new AlertNotifier(url("/slack"), url("/hook"), "http://gs.example", sent)) {
            n.onIncident(open);
            n.onIncident(open); // an update of the same open incident: no second alert
            n.onIncident(closed);
            await(() -> slack.size() >= 2 && json.size() >= 2);
        }
        assertThat(slack).hasSize(2);
        assertThat(slack.get(0))
                .contains("Open incident on shop&lt;b&gt;.example.com")
                .contains("http://gs.example/incidents/inc-1");
        assertThat(slack.get(1)).contains("Closed");
        assertThat(json).hasSize(2);
        assertThat(json.get(0))
                .contains("\"event\":\"incident.open\"")
                .contains("\"id\":\"inc-1\"");
        assertThat(java.nio.file.Files.readAllLines(sent))
                .containsExactly("inc-1:open:UPSTREAM_DOWN", "inc-1:closed:UPSTREAM_DOWN");
        // After a restart the findings topic is replayed: nothing is sent again. A new incident
        // after the replayed ones marks the end (alerts go out one at a time, in order).
        var other =
                TestIncidents.incident(
                        "inc-9",
                        "b",
                        "DNS_FAILURE",
                        "2026-03-14T10:00:00Z",
                        "2026-03-14T10:01:00Z",
                        "open",
                        "e",
                        "x");
        try (AlertNotifier again =
                new AlertNotifier(url("/slack"), url("/hook"), "http://gs.example", sent)) {
            again.onIncident(open);
            again.onIncident(closed);
            again.onIncident(other);
            await(() -> slack.size() >= 3);
        }
        assertThat(slack).hasSize(3);
        assertThat(slack.get(2)).contains("DNS_FAILURE");
    }

    @Test
    void anIncidentReRankedAfterItsAlertIsFollowedByACorrectionOnce() throws Exception {
        var early =
                TestIncidents.incident(
                        "inc-2",
                        "pay",
                        "UPSTREAM_DOWN",
                        "2026-03-14T09:10:00Z",
                        "2026-03-14T09:10:10Z",
                        "open",
                        "e",
                        "x");
        var complete =
                TestIncidents.incident(
                        "inc-2",
                        "pay",
                        "TLS_FAILURE",
                        "2026-03-14T09:10:00Z",
                        "2026-03-14T09:12:00Z",
                        "open",
                        "e",
                        "x");
        Path sent = dir.resolve("alerts-sent.txt");
        try (AlertNotifier n = new AlertNotifier(url("/slack"), url("/hook"), "u", sent)) {
            n.onIncident(early);
            n.onIncident(complete);
            n.onIncident(complete); // the same cause again: nothing more to correct
        }
        assertThat(slack).hasSize(2);
        assertThat(slack.get(0)).contains("Open incident on pay: UPSTREAM_DOWN");
        assertThat(slack.get(1)).contains("Corrected (was UPSTREAM_DOWN").contains("TLS_FAILURE");
        assertThat(json.get(1)).contains("\"event\":\"incident.corrected\"");
        try (AlertNotifier again = new AlertNotifier(url("/slack"), url("/hook"), "u", sent)) {
            again.onIncident(early);
            again.onIncident(complete);
        }
        assertThat(slack).hasSize(2);
    }
}
