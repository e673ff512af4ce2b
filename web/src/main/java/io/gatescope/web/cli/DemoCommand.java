package io.gatescope.web.cli;

import io.gatescope.analyzer.job.StreamingConfig;
import io.gatescope.ingest.kafka.EmbeddedKafkaBroker;
import io.gatescope.web.service.GatescopeService;
import io.gatescope.web.service.SampleReplay;
import io.gatescope.web.service.ServiceConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatescope demo}: everything on this machine, with the sample scenarios replayed. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Start Kafka (KRaft), the Flink analyzer, the index and the web UI on this machine, and replay sample-logs/.")
final class DemoCommand implements Callable<Integer> {

    @Mixin ServiceOptions options;

    @Option(
            names = "--kafka-port",
            defaultValue = "${env:GATESCOPE_KAFKA_PORT:-9092}",
            description = "Port of the local Kafka broker (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--no-replay", description = "Do not replay sample-logs/.")
    boolean noReplay;

    @Option(
            names = "--samples",
            defaultValue = "${env:GATESCOPE_SAMPLES:-sample-logs}",
            description = "Scenarios to replay (default: ${DEFAULT-VALUE}).")
    Path samples;

    @Override
    public Integer call() throws Exception {
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        Path data = options.data.toAbsolutePath();
        err.println("gatescope demo: starting Kafka on 127.0.0.1:" + kafkaPort + " ...");
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(data.resolve("kafka"), kafkaPort);
        } catch (IllegalStateException e) {
            err.println("gatescope demo: " + e.getMessage());
            return 2;
        }
        ServiceConfig config;
        try {
            config =
                    ServiceLauncher.config(
                            options,
                            broker.bootstrap(),
                            StreamingConfig.DEFAULT_TOPIC,
                            Map.of(),
                            null);
        } catch (RuntimeException e) {
            broker.close();
            err.println("gatescope demo: " + e.getMessage());
            return 2;
        }
        err.println(
                "gatescope demo: starting the analyzer (Flink MiniCluster), the index and the web server ...");
        GatescopeService service;
        try {
            service = GatescopeService.start(config, null);
        } catch (Exception e) {
            broker.close();
            err.println("gatescope demo: cannot start: " + Errors.oneLine(e));
            return 1;
        }
        Path marker = data.resolve("samples-replayed");
        if (!noReplay && Files.isDirectory(samples) && !Files.exists(marker)) {
            long n =
                    SampleReplay.replay(
                            SampleReplay.sampleFiles(samples),
                            broker.bootstrap(),
                            config.streaming().topic(),
                            2026);
            Files.writeString(marker, "replayed " + n + " lines\n");
            err.printf("gatescope demo: replayed %,d sample lines through Kafka%n", n);
        }
        err.println();
        err.println("gatescope is running: open " + config.publicUrl() + "   (Ctrl-C stops it)");
        err.println(
                "  ship more logs:  ./gatescope ship --bootstrap "
                        + broker.bootstrap()
                        + " /var/log/nginx/");
        ServiceLauncher.runUntilStopped(service, broker);
        return 0;
    }
}
