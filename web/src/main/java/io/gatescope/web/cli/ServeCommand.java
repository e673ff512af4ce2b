package io.gatescope.web.cli;

import io.gatescope.web.service.GatescopeService;
import io.gatescope.web.service.ServiceConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gatescope serve}: the streaming service against an existing Kafka (and optionally a Flink
 * cluster).
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Run the analyzer on your Kafka, index findings, serve the web UI and API.")
final class ServeCommand implements Callable<Integer> {

    @Mixin ServiceOptions options;

    @Mixin KafkaOptions kafka;

    @Option(
            names = "--job-jar",
            defaultValue = "${env:GATESCOPE_JOB_JAR}",
            description =
                    "The analyzer job jar to submit with --flink (default: the one this build made).")
    Path jobJar;

    @Option(
            names = "--flink",
            defaultValue = "${env:GATESCOPE_FLINK}",
            description =
                    "Submit the job to this Flink cluster's REST address HOST:PORT instead of running it embedded.")
    String flink;

    @Override
    public Integer call() throws Exception {
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        ServiceConfig config;
        try {
            if (flink != null && !flink.matches("[^:]+:\\d+")) {
                throw new IllegalArgumentException(
                        "--flink must be HOST:PORT of the cluster's REST endpoint");
            }
            config =
                    ServiceLauncher.config(
                            options, kafka.bootstrap(), kafka.topic, kafka.properties, flink);
        } catch (RuntimeException e) {
            err.println("gatescope serve: " + e.getMessage());
            return 2;
        }
        GatescopeService service;
        try {
            service =
                    GatescopeService.start(
                            config, jobJar != null ? jobJar : ServiceLauncher.builtJobJar());
        } catch (Exception e) {
            err.println("gatescope serve: cannot start: " + Errors.oneLine(e));
            return 1;
        }
        err.println(
                "gatescope serve: analyzer on "
                        + service.analyzerWhere()
                        + "; open "
                        + config.publicUrl()
                        + "   (Ctrl-C stops it)");
        ServiceLauncher.runUntilStopped(service);
        return 0;
    }
}
