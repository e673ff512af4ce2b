package io.gatescope.web.service;

import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.report.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts to a Slack incoming webhook and a generic JSON webhook when an incident opens and when it
 * closes, and a correction when a later version of it names another cause than the one alerted (an
 * incident shown early is re-ranked once its evidence is complete): once per incident and state or
 * cause, remembered on disk so that replaying the findings topic after a restart does not alert
 * again. Retries with back-off; never blocks indexing.
 */
public final class AlertNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

    private final String slackWebhook;
    private final String jsonWebhook;
    private final String publicUrl;
    private final Path sentFile;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();

    /** The cause each incident's last alert named. */
    private final Map<String, String> alertedCause = new ConcurrentHashMap<>();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService pool =
            Executors.newSingleThreadExecutor(
                    r -> {
                        Thread t = new Thread(r, "alerts");
                        t.setDaemon(true);
                        return t;
                    });

    public AlertNotifier(String slackWebhook, String jsonWebhook, String publicUrl, Path sentFile)
            throws IOException {
        this.slackWebhook = slackWebhook;
        this.jsonWebhook = jsonWebhook;
        this.publicUrl = publicUrl;
        this.sentFile = sentFile;
        if (Files.exists(sentFile)) {
            for (String line : Files.readAllLines(sentFile)) {
                sent.add(line);
                remember(line);
            }
        }
    }

    /**
     * Keys are {@code ID:STATE:CAUSE} (state {@code open}, {@code closed}, {@code retracted} or
     * {@code corrected}); an older file's {@code ID:STATE} keys count as alerted states. Which
     * cause was alerted last is not read from here: the findings topic is replayed from its start
     * after a restart, and going through its versions again rebuilds it, alerting nothing.
     */
    private void remember(String key) {
        String[] parts = key.split(":", 3);
        if (parts.length >= 2) {
            sent.add(parts[0] + ":" + parts[1]);
        }
    }

    /** Called for every incident version the indexer sees. */
    public void onIncident(Incident i) {
        if (slackWebhook == null && jsonWebhook == null) {
            return;
        }
        String was = alertedCause.get(i.id());
        boolean corrected =
                was != null && !was.equals(i.topCause()) && !Incident.RETRACTED.equals(i.status());
        String state = i.id() + ":" + i.status();
        String key = corrected ? i.id() + ":corrected:" + i.topCause() : state + ":" + i.topCause();
        alertedCause.put(i.id(), i.topCause());
        boolean fresh = corrected ? sent.add(key) : sent.add(state);
        sent.add(state);
        if (!fresh) {
            return; // alerted before (a replay of the findings topic): nothing to send
        }
        pool.submit(() -> deliver(i, key, corrected ? was : null));
    }

    private void deliver(Incident i, String key, String correctedFrom) {
        String text =
                String.format(
                        Locale.ROOT,
                        "%s incident on %s: %s (%s .. %s, %d gateway errors) %s/incidents/%s",
                        correctedFrom != null
                                ? ":memo: Corrected (was "
                                        + correctedFrom
                                        + ", the complete evidence says otherwise)"
                                : switch (i.status()) {
                                    case "open" -> ":rotating_light: Open";
                                    case Incident.RETRACTED ->
                                            i.supersededBy() != null
                                                    ? ":arrows_counterclockwise: Replaced by "
                                                            + i.supersededBy()
                                                    : ":grey_question: Withdrawn (the complete"
                                                            + " data did not confirm)";
                                    default -> ":white_check_mark: Closed";
                                },
                        i.service(),
                        i.topCause(),
                        i.start(),
                        i.end(),
                        i.errors(),
                        publicUrl,
                        i.id());
        try {
            if (slackWebhook != null) {
                post(
                        slackWebhook,
                        Json.mapper()
                                .writeValueAsString(
                                        Map.of(
                                                "text",
                                                text.replace("&", "&amp;")
                                                        .replace("<", "&lt;")
                                                        .replace(">", "&gt;"))));
            }
            if (jsonWebhook != null) {
                post(
                        jsonWebhook,
                        Json.mapper()
                                .writeValueAsString(
                                        Map.of(
                                                "event",
                                                correctedFrom != null
                                                        ? "incident.corrected"
                                                        : "incident." + i.status(),
                                                "incident",
                                                i)));
            }
            synchronized (this) {
                Files.writeString(
                        sentFile,
                        key + "\n",
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            }
        } catch (Exception e) {
            sent.remove(correctedFrom != null ? key : i.id() + ":" + i.status());
            if (correctedFrom != null) {
                alertedCause.put(i.id(), correctedFrom); // not delivered: still to correct
            }
            LOG.warn("alert for incident {} not delivered: {}", i.id(), e.getMessage());
        }
    }

    private void post(String url, String body) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            try {
                HttpResponse<Void> r =
                        http.send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .timeout(Duration.ofSeconds(10))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() < 300) {
                    return;
                }
                last = new IOException("HTTP " + r.statusCode());
                if (r.statusCode() < 500 && r.statusCode() != 429) {
                    break;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(500L << attempt);
        }
        throw last;
    }

    /** Lets the alerts under way finish (their delivery and its record), for up to 10 s. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
