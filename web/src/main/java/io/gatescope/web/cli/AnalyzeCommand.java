package io.gatescope.web.cli;

import io.gatescope.analyzer.index.FindingsIndex;
import io.gatescope.analyzer.job.AnalyzerConfig;
import io.gatescope.analyzer.job.FileAnalysis;
import io.gatescope.analyzer.job.LocalCluster;
import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.report.Json;
import io.gatescope.analyzer.report.TextReport;
import io.gatescope.ingest.read.HostsFile;
import io.gatescope.ingest.read.LogFiles;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatescope analyze}: offline root-cause analysis of log files. */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description =
                "Analyze log files (plain, .gz or directories) and report incidents with ranked causes.")
final class AnalyzeCommand implements Callable<Integer> {

    @Option(
            names = "--json",
            description = "Print the JSON document of the contract, and nothing else, on stdout.")
    boolean json;

    @Mixin LogFormatOptions formats;

    @Option(
            names = "--zone",
            defaultValue = "${env:GATESCOPE_ZONE}",
            description =
                    "Zone for time stamps without one (nginx error log). Default: the access logs' zone, else UTC.")
    String zone;

    @Option(
            names = "--index-dir",
            defaultValue = "${env:GATESCOPE_INDEX_DIR}",
            description = "Also write the findings into a Lucene index in this directory.")
    Path indexDir;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--hosts",
            defaultValue = "${env:GATESCOPE_HOSTS}",
            description =
                    "A file of 'ADDRESS NAME' lines (as /etc/hosts) saying which machine answers on"
                            + " which address, to join upstream and platform logs to the peers.")
    Path hosts;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Log files or directories.")
    List<Path> paths;

    /** Inputs from this size on report progress on stderr while they are analysed. */
    static final long PROGRESS_FROM_BYTES = 64L << 20;

    private static void progress(
            PrintStream err, FileAnalysis.Progress p, long totalBytes, long started) {
        if (p.lines() == 0) {
            return;
        }
        double secs = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        String share =
                totalBytes > 0
                        ? String.format(" (%d%%)", Math.min(99, p.bytes() * 100 / totalBytes))
                        : "";
        err.printf("  %,d lines%s, %,.0f lines/s%n", p.lines(), share, p.lines() / secs);
    }

    private static String mebibytes(long bytes) {
        return String.format("%,.1f MiB", bytes / 1048576.0);
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        List<Path> files;
        try {
            files = LogFiles.expand(paths);
            formats.check();
        } catch (IllegalArgumentException e) {
            err.println("gatescope analyze: " + e.getMessage());
            return 2;
        }
        AnalyzerConfig config = AnalyzerConfig.defaults();
        if (hosts != null) {
            try {
                config = config.withHosts(HostsFile.read(hosts));
            } catch (IllegalArgumentException e) {
                err.println("gatescope analyze: " + e.getMessage());
                return 2;
            }
        }
        if (zone != null && !zone.isBlank()) {
            try {
                config = config.withZone(ZoneId.of(zone).getId());
            } catch (DateTimeException e) {
                err.println(
                        "gatescope analyze: unknown zone '"
                                + zone
                                + "' (use e.g. UTC, +01:00 or Europe/Berlin)");
                return 2;
            }
        }
        long bytes = 0;
        boolean compressed = false;
        for (Path f : files) {
            bytes += java.nio.file.Files.size(f);
            compressed |= LogFiles.isGzip(f);
        }
        boolean reportProgress = bytes >= PROGRESS_FROM_BYTES;
        // The cluster comes up while the files are sniffed and the job is built.
        try (LocalCluster cluster =
                FileAnalysis.startCluster(Math.max(1, parallelism), reportProgress)) {
            config = FileAnalysis.withHints(files, config, zone != null && !zone.isBlank());
            config = formats.applyTo(config);
            if (!json) {
                err.printf("analyzing %d file(s), %s...%n", files.size(), mebibytes(bytes));
            }
            long started = System.nanoTime();
            long total = compressed ? -1 : bytes;
            FileAnalysis.Result result =
                    FileAnalysis.run(
                            files,
                            config,
                            reportProgress ? p -> progress(err, p, total, started) : null,
                            cluster);
            // Reported before the cluster stops: its shutdown need not delay the answer.
            report(result, err);
        }
        return 0;
    }

    private void report(FileAnalysis.Result result, PrintStream err) throws Exception {
        if (indexDir != null) {
            java.nio.file.Files.createDirectories(indexDir);
            try (FindingsIndex index = new FindingsIndex(indexDir)) {
                List<Finding> all = new java.util.ArrayList<>();
                result.document().incidents().forEach(i -> all.add(Finding.of(i)));
                result.steps().forEach(st -> all.add(Finding.of(st)));
                index.upsert(all);
            }
            if (!json) {
                err.printf(
                        "indexed %d incident(s) and %d timeline step(s) into %s%n",
                        result.document().incidents().size(), result.steps().size(), indexDir);
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (json) {
            out.println(
                    Json.mapper()
                            .writerWithDefaultPrettyPrinter()
                            .writeValueAsString(result.document()));
        } else {
            TextReport.print(result.document(), out);
        }
    }
}
