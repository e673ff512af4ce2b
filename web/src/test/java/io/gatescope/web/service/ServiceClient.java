package io.gatescope.web.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A running service's API and metrics, as a test asks them, with the bearer token it set. */
final class ServiceClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String base;
    private final String token;

    ServiceClient(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** The JSON answer, or null when the service does not answer (yet, or any more). */
    JsonNode get(String path) {
        try {
            HttpResponse<String> r =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(base + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            return null;
        }
    }

    /** A gauge of the Prometheus metrics, NaN when absent or unanswered. */
    double metric(String name) {
        try {
            String metrics =
                    HTTP.send(
                                    HttpRequest.newBuilder(URI.create(base + "/metrics"))
                                            .timeout(Duration.ofSeconds(10))
                                            .header("Authorization", "Bearer " + token)
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            return metrics.lines()
                    .filter(l -> l.startsWith(name + " "))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                    .findFirst()
                    .orElse(Double.NaN);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** Polls until {@code ok} holds for the answer; fails with the last answer after the limit. */
    JsonNode await(String path, Predicate<JsonNode> ok, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (last != null && ok.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting on " + path + "; last answer: " + last);
    }

    /** Polls until the metric reaches {@code atLeast}; returns its value. */
    double awaitMetric(String name, double atLeast, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        double v = Double.NaN;
        while (System.nanoTime() < deadline) {
            v = metric(name);
            if (v >= atLeast) {
                return v;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(name + " stayed at " + v + ", expected at least " + atLeast);
    }
}
