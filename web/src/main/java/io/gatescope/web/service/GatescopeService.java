package io.gatescope.web.service;

import io.gatescope.analyzer.index.FindingsIndex;
import io.gatescope.analyzer.job.StreamingConfig;
import io.gatescope.web.api.AppContext;
import io.gatescope.web.api.WebApp;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The streaming service as one object: topics, the analyzer job, the findings indexer, alerts and
 * the HTTP server, started in order and stopped in reverse. {@code demo} adds a broker in front;
 * {@code serve} points it at an existing Kafka.
 */
public final class GatescopeService implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Javalin http;
    private final AnalyzerRunner analyzer;
    private final FindingsIndexer indexer;

    private GatescopeService(Javalin http, AnalyzerRunner analyzer, FindingsIndexer indexer) {
        this.http = http;
        this.analyzer = analyzer;
        this.indexer = indexer;
    }

    public static GatescopeService start(ServiceConfig config, Path jobJar) throws Exception {
        StreamingConfig sc = config.streaming();
        createTopics(sc);
        Files.createDirectories(config.indexDir());
        FindingsIndex index = new FindingsIndex(config.indexDir());
        AlertNotifier alerts =
                new AlertNotifier(
                        config.slackWebhook(),
                        config.alertWebhook(),
                        config.publicUrl(),
                        config.data().resolve("alerts-sent.txt"));
        FindingsIndexer indexer =
                new FindingsIndexer(
                        index, sc.bootstrap(), sc.findingsTopic(), sc.kafka(), alerts::onIncident);
        AnalyzerRunner analyzer = AnalyzerRunner.start(config, jobJar);
        KafkaHealth kafka = new KafkaHealth(sc);
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        Gauge.builder("gatescope_findings_indexed", indexer, FindingsIndexer::indexed)
                .description("findings upserted into the index")
                .register(metrics);
        Gauge.builder("gatescope_lines_in", kafka, KafkaHealth::linesIn)
                .description("lines in the raw topic (its end offsets)")
                .register(metrics);
        Gauge.builder("gatescope_lines_parsed", analyzer, AnalyzerRunner::linesParsed)
                .description("lines the analyzer job has parsed since it started")
                .register(metrics);
        Gauge.builder("gatescope_lines_late", analyzer, AnalyzerRunner::linesLate)
                .description(
                        "lines that came after their period was decided (past the skew bound),"
                                + " counted but not analysed")
                .register(metrics);
        MultiGauge lateBySource =
                MultiGauge.builder("gatescope_lines_late_by_source")
                        .description("late lines per source (file), for the sources that had any")
                        .register(metrics);
        Gauge.builder("gatescope_lines_rejected", kafka, KafkaHealth::rejected)
                .description("lines in the dead-letter topic")
                .register(metrics);
        Gauge.builder("gatescope_analyzer_lag", kafka, KafkaHealth::lag)
                .description("lines not yet read by the analyzer")
                .register(metrics);
        Gauge.builder(
                        "gatescope_incidents_open",
                        index,
                        i ->
                                i.incidents(
                                                new FindingsIndex.IncidentQuery(
                                                        null, null, null, null, "open", null, 1))
                                        .total())
                .description("incidents currently open")
                .register(metrics);
        AppContext ctx =
                new AppContext(
                        index,
                        () -> {
                            Map<String, String> h = new LinkedHashMap<>();
                            h.put("kafka", kafka.state());
                            h.put("analyzer", analyzer.state());
                            h.put("analyzerRunsOn", analyzer.where());
                            h.put("index", indexer.state());
                            return h;
                        },
                        metrics,
                        config.apiToken(),
                        config.slackSigningSecret(),
                        config.publicUrl(),
                        config.streaming().analyzer().parseContext());
        indexer.start();
        // The late lines of each source, as a labelled gauge: sources come and go, so the rows
        // are refreshed in the background rather than fixed at start.
        ScheduledExecutorService refresher =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "metrics-refresh");
                            t.setDaemon(true);
                            return t;
                        });
        refresher.scheduleWithFixedDelay(
                () ->
                        lateBySource.register(
                                analyzer.lateBySource().entrySet().stream()
                                        .map(
                                                e ->
                                                        MultiGauge.Row.of(
                                                                Tags.of("source", e.getKey()),
                                                                e.getValue()))
                                        .collect(java.util.stream.Collectors.toList()),
                                true),
                5,
                5,
                TimeUnit.SECONDS);
        Javalin http = WebApp.create(ctx);
        http.start(config.bind(), config.port());
        GatescopeService s = new GatescopeService(http, analyzer, indexer);
        s.resources.add(kafka);
        s.resources.add(refresher::shutdownNow);
        s.resources.add(alerts);
        s.resources.add(index);
        return s;
    }

    /** The raw and dead-letter topics, and the compacted findings topic, if missing. */
    static void createTopics(StreamingConfig sc) throws Exception {
        Map<String, Object> props = new LinkedHashMap<>(sc.kafka());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sc.bootstrap());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(props)) {
            var existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> create = new ArrayList<>();
            if (!existing.contains(sc.topic())) {
                create.add(new NewTopic(sc.topic(), 2, (short) 1));
            }
            if (!existing.contains(sc.rejectedTopic())) {
                create.add(new NewTopic(sc.rejectedTopic(), 1, (short) 1));
            }
            if (!existing.contains(sc.findingsTopic())) {
                create.add(
                        new NewTopic(sc.findingsTopic(), 1, (short) 1)
                                .configs(
                                        Map.of(
                                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                                TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (!create.isEmpty()) {
                admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    public int port() {
        return http.port();
    }

    public String analyzerWhere() {
        return analyzer.where();
    }

    @Override
    public void close() {
        http.stop();
        try {
            indexer.close();
        } catch (Exception ignored) {
            // stopping anyway
        }
        analyzer.close();
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // stopping anyway
            }
        }
    }
}
