package io.gatescope.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatescope demo} as a user starts it, in a JVM of its own: broker, job, index and web
 * server up, a sample replayed into an incident, and a clean stop on SIGTERM (Ctrl-C's twin).
 */
class DemoCommandIT {

    @TempDir Path tmp;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theDemoStartsHealthyReplaysItsSamplesAndStopsCleanly() throws Exception {
        Path samples = Files.createDirectories(tmp.resolve("samples"));
        Path scenario = Files.createDirectories(samples.resolve("nginx-upstream-down"));
        for (String f : new String[] {"access.log.gz", "error.log.gz"}) {
            Files.copy(Path.of("..", "sample-logs", "nginx-upstream-down", f), scenario.resolve(f));
        }
        int port = freePort();
        Process demo =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                GatescopeCommand.class.getName(),
                                "demo",
                                "--port",
                                Integer.toString(port),
                                "--kafka-port",
                                Integer.toString(freePort()),
                                "--data",
                                tmp.resolve("data").toString(),
                                "--samples",
                                samples.toString())
                        .redirectErrorStream(true)
                        .start();
        StringBuilder log = new StringBuilder();
        AtomicReference<Boolean> running = new AtomicReference<>(false);
        Thread reader =
                new Thread(
                        () -> {
                            try (BufferedReader r =
                                    new BufferedReader(
                                            new InputStreamReader(
                                                    demo.getInputStream(),
                                                    StandardCharsets.UTF_8))) {
                                for (String l = r.readLine(); l != null; l = r.readLine()) {
                                    synchronized (log) {
                                        log.append(l).append('\n');
                                    }
                                    if (l.contains("gatescope is running: open")) {
                                        running.set(true);
                                    }
                                }
                            } catch (java.io.IOException e) {
                                // the process ended
                            }
                        });
        reader.setDaemon(true);
        reader.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            String incidents = "";
            while (System.nanoTime() < deadline && !incidents.contains("UPSTREAM_DOWN")) {
                Thread.sleep(1000);
                if (running.get()) {
                    incidents = get(http, port, "/api/incidents");
                }
            }
            synchronized (log) {
                assertThat(running.get()).as(log.toString()).isTrue();
            }
            assertThat(get(http, port, "/api/health")).contains("\"status\":\"UP\"");
            assertThat(incidents).contains("shop.example.com").contains("UPSTREAM_DOWN");
            assertThat(log.toString()).contains("replayed").doesNotContain("Exception");
        } finally {
            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
        }
    }

    static String get(HttpClient http, int port, String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            return "";
        }
    }
}
