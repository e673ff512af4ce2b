package io.gatescope.web.cli;

import io.gatescope.analyzer.job.AnalyzerConfig;
import io.gatescope.analyzer.job.StreamingConfig;
import io.gatescope.web.service.GatescopeService;
import io.gatescope.web.service.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Builds the service configuration from the shared options and runs until Ctrl-C. */
final class ServiceLauncher {

    private ServiceLauncher() {}

    static ServiceConfig config(
            ServiceOptions o,
            String bootstrap,
            String topic,
            Map<String, String> kafka,
            String flink) {
        ZoneId.of(o.zone); // fails with DateTimeException for an unknown zone
        o.formats.check();
        StreamingConfig d = StreamingConfig.defaults(bootstrap);
        AnalyzerConfig a = d.analyzer().withZone(o.zone);
        a = a.withLateness(a.outOfOrderness(), o.maxSkew, a.sourceIdle());
        if (o.hosts != null) {
            a = a.withHosts(io.gatescope.ingest.read.HostsFile.read(o.hosts));
        }
        a = o.formats.applyTo(a);
        StreamingConfig sc =
                new StreamingConfig(
                        bootstrap,
                        topic,
                        d.findingsTopic(),
                        d.rejectedTopic(),
                        d.groupId(),
                        kafka,
                        a);
        String publicUrl =
                o.publicUrl != null && !o.publicUrl.isBlank()
                        ? o.publicUrl
                        : "http://localhost:" + o.port;
        return new ServiceConfig(
                o.bind,
                o.port,
                o.data.toAbsolutePath(),
                sc,
                flink,
                blankToNull(o.apiToken),
                blankToNull(o.slackSigningSecret),
                publicUrl,
                blankToNull(o.slackWebhook),
                blankToNull(o.alertWebhook));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The job jar this build made (analyzer/target/*-job.jar), for --flink; null if missing. */
    static Path builtJobJar() {
        try {
            Path self =
                    Path.of(
                            ServiceLauncher.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            Path target =
                    self.getParent().getParent().getParent().resolve("analyzer").resolve("target");
            try (var s = Files.list(target)) {
                return s.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                        .findFirst()
                        .orElse(null);
            }
        } catch (Exception e) {
            return null;
        }
    }

    /** Blocks until the JVM is asked to stop, then closes the service. */
    static void runUntilStopped(GatescopeService service, AutoCloseable... more)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    System.err.println("gatescope: stopping...");
                                    service.close();
                                    for (AutoCloseable c : more) {
                                        try {
                                            c.close();
                                        } catch (Exception ignored) {
                                            // stopping anyway
                                        }
                                    }
                                    stopped.countDown();
                                },
                                "gatescope-stop"));
        stopped.await();
    }
}
