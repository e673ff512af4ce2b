package io.gatescope.web.cli;

import io.gatescope.analyzer.explain.ExplainDocument;
import io.gatescope.analyzer.explain.ExplainText;
import io.gatescope.analyzer.explain.PasteExplainer;
import io.gatescope.analyzer.report.Json;
import io.gatescope.ingest.parse.ParseContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatescope explain}: what a few pasted log lines mean, the likely causes, what to check.
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description =
                "Explain a few log lines as you would paste them (a file, or standard input):"
                        + " what each says, the likely causes with fixes, and what to check next.")
final class ExplainCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the JSON document of the contract on stdout.")
    boolean json;

    @Mixin LogFormatOptions formats;

    @Option(
            names = "--zone",
            defaultValue = "${env:GATESCOPE_ZONE}",
            description = "Zone for time stamps without one (default: UTC).")
    String zone;

    @Parameters(
            arity = "0..1",
            paramLabel = "FILE",
            description = "The lines to explain; standard input when absent or '-'.")
    String file;

    @Override
    public Integer call() {
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        ParseContext ctx;
        String text;
        try {
            ctx = context();
            text = read();
        } catch (IllegalArgumentException e) {
            err.println("gatescope explain: " + e.getMessage());
            return 2;
        }
        ExplainDocument doc = new PasteExplainer(ctx).explain(text);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (json) {
            try {
                out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            } catch (IOException e) {
                err.println("gatescope explain: " + Errors.oneLine(e));
                return 1;
            }
        } else {
            ExplainText.print(doc, out);
        }
        return 0;
    }

    private ParseContext context() {
        ParseContext ctx = ParseContext.defaults();
        if (zone != null && !zone.isBlank()) {
            try {
                ctx = ctx.withZone(ZoneId.of(zone));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(
                        "unknown zone '" + zone + "' (use e.g. UTC, +01:00 or Europe/Berlin)");
            }
        }
        formats.check();
        return formats.applyTo(ctx);
    }

    /** The paste, at most {@link PasteExplainer#MAX_BYTES}. */
    private String read() {
        try (InputStream in =
                file == null || file.equals("-")
                        ? System.in
                        : Files.newInputStream(Path.of(file))) {
            byte[] bytes = in.readNBytes(PasteExplainer.MAX_BYTES + 1);
            if (bytes.length > PasteExplainer.MAX_BYTES) {
                throw new IllegalArgumentException(
                        "more than 1 MiB of lines: explain is for a paste; use 'gatescope analyze"
                                + " FILE...' for log files");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + Errors.oneLine(e));
        }
    }
}
