package io.gatescope.web.cli;

import io.gatescope.ingest.parse.ParseContext;
import io.gatescope.ingest.read.LogFiles;
import io.gatescope.ingest.ship.Shipper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatescope ship}: sends log lines to Kafka, resuming where it stopped. */
@Command(
        name = "ship",
        mixinStandardHelpOptions = true,
        description =
                "Send log lines (files, .gz, directories) to Kafka; resumes where it stopped.")
final class ShipCommand implements Callable<Integer> {

    @Mixin KafkaOptions kafka;

    @Option(
            names = "--follow",
            description = "Keep tailing the files, across rotation and truncation, until Ctrl-C.")
    boolean follow;

    @Option(
            names = "--registry",
            defaultValue = "${env:GATESCOPE_REGISTRY}",
            description =
                    "Where to record what Kafka acknowledged (default: ~/.gatescope/ship-TOPIC.json).")
    Path registry;

    @Option(
            names = "--source-host",
            defaultValue = "${env:GATESCOPE_SOURCE_HOST}",
            description =
                    "The name each record carries before its path (default: this host's name), so"
                            + " that the same paths shipped from several hosts stay apart.")
    String sourceHost;

    @Option(
            names = "--from-start",
            description =
                    "Send the files again from their first line, whatever the registry says was"
                            + " shipped.")
    boolean fromStart;

    @Parameters(arity = "1..*", paramLabel = "PATH")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        List<Path> files;
        try {
            files = LogFiles.expand(paths);
        } catch (IllegalArgumentException e) {
            err.println("gatescope ship: " + e.getMessage());
            return 2;
        }
        String bootstrap;
        try {
            bootstrap = kafka.bootstrap();
        } catch (IllegalArgumentException e) {
            err.println("gatescope ship: " + e.getMessage());
            return 2;
        }
        String topic = kafka.topic;
        Path reg =
                registry != null
                        ? registry
                        : Path.of(
                                System.getProperty("user.home"),
                                ".gatescope",
                                "ship-" + topic.replaceAll("[^A-Za-z0-9._-]", "_") + ".json");
        AtomicBoolean stop = new AtomicBoolean();
        // Ctrl-C (or a kill) while shipping: stop, and give the last acknowledgements and the
        // registry's save time to finish. Once shipping is over, exiting waits for nothing.
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    stop.set(true);
                                    try {
                                        done.await(20, TimeUnit.SECONDS);
                                    } catch (InterruptedException ignored) {
                                        Thread.currentThread().interrupt();
                                    }
                                }));
        Shipper shipper =
                new Shipper(
                        new Shipper.Config(
                                bootstrap,
                                topic,
                                follow,
                                reg,
                                ParseContext.DEFAULT_MAX_LINE,
                                kafka.properties,
                                sourceHost != null ? sourceHost : localHostName(),
                                fromStart),
                        err);
        try {
            long n = shipper.ship(files, stop);
            err.printf(
                    "gatescope ship: %,d lines acknowledged by %s (topic %s)%n",
                    n, bootstrap, topic);
            return 0;
        } catch (IllegalStateException e) {
            err.println(
                    "gatescope ship: "
                            + e.getMessage().lines().findFirst().orElse("Kafka failure"));
            return 1;
        } finally {
            done.countDown();
        }
    }

    /** This machine's name, or "" when it has none that resolves. */
    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
