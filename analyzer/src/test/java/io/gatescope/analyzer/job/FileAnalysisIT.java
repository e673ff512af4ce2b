package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.report.Summary;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the summary counts, through the real job on files that are mostly not requests. */
class FileAnalysisIT {

    @TempDir Path dir;

    static String access(String time, int status) {
        return "10.1.2.3 - - [14/Mar/2026:"
                + time
                + " +0000] \"GET /a HTTP/1.1\" "
                + status
                + " 5 \"-\" \"c\" rt=0.002 uct=\"0.001\" urt=\"0.001\" ua=\"10.0.0.1:80\""
                + " us=\""
                + status
                + "\" host=shop.example.com";
    }

    // Hundreds of thousands of rejections once filled a second collect sink while the client
    // waited on the first: the analysis never ended. The bound only keeps a hang from stalling CI.
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aLogOfTheWrongFormatIsCountedPerReasonAndTheAnalysisEnds() throws Exception {
        Path file = dir.resolve("mixed.log");
        int garbage = 300_000;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            for (int i = 0; i < garbage; i++) {
                w.write("this is not a gateway log line number " + i + "\n");
            }
            for (int i = 0; i < 7; i++) {
                w.write("caf\u00e9 bytes that are not UTF-8 " + i + "\n"); // 0xE9 alone
            }
            for (int s = 0; s < 50; s++) {
                w.write(access(String.format("09:10:%02d", s), 200) + "\n");
            }
        }
        Summary summary = analyze(file);
        assertThat(summary.lines()).isEqualTo(garbage + 7 + 50);
        assertThat(summary.requests()).isEqualTo(50);
        assertThat(summary.rejected()).isEqualTo(garbage + 7);
        assertThat(summary.rejectedByReason())
                .isEqualTo(Map.of("unknown-format", (long) garbage, "not-utf8", 7L));
    }

    @Test
    void requestsOlderThanStepsAlreadyReportedAreCountedAsLate() throws Exception {
        Path file = dir.resolve("late.log");
        // One request a second for half an hour: the operator's watermark (every 1,024 lines)
        // has moved past the first steps, and they are reported, when four hour-old lines come.
        StringBuilder text = new StringBuilder();
        for (int m = 0; m < 30; m++) {
            for (int s = 0; s < 60; s++) {
                text.append(access(String.format("09:%02d:%02d", m, s), 200)).append('\n');
            }
        }
        for (int i = 0; i < 4; i++) {
            text.append(access("08:00:0" + i, 200)).append('\n');
        }
        for (int s = 0; s < 1200; s++) {
            text.append(access(String.format("09:%02d:%02d", 30 + s / 60, s % 60), 200));
            text.append('\n');
        }
        Files.writeString(file, text);
        Summary summary = analyze(file);
        assertThat(summary.requests()).isEqualTo(30 * 60 + 4 + 1200);
        assertThat(summary.late()).isEqualTo(4);
        // The period is what was analysed: the late lines are counted, not part of it.
        assertThat(summary.from()).isEqualTo("2026-03-14T09:00:00Z");
    }

    @Test
    void secretsInTheFailingRequestsNeverReachTheDocument() throws Exception {
        Path access = dir.resolve("access.log");
        Path error = dir.resolve("error.log");
        String uri = "/cb?code=0AUTHC0DE&access_token=S3CR3T";
        StringBuilder a = new StringBuilder();
        StringBuilder e = new StringBuilder();
        for (int m = 0; m < 20; m++) {
            for (int s = 0; s < 60; s += 2) {
                boolean bad = m >= 10 && m < 13;
                String time = String.format("09:%02d:%02d", m, s);
                a.append(access(time, bad ? 502 : 200).replace("/a ", bad ? uri + " " : "/a "))
                        .append('\n');
                if (bad) {
                    e.append("2026/03/14 ")
                            .append(time)
                            .append(" [error] 1#1: *9 connect() failed (111: Connection refused)")
                            .append(" while connecting to upstream, client: 10.1.2.3, server: x,")
                            .append(" request: \"GET ")
                            .append(uri)
                            .append(" HTTP/1.1\", upstream: \"http://10.0.0.1:80")
                            .append(uri)
                            .append("\", host: \"shop.example.com\"\n");
                }
            }
        }
        Files.writeString(access, a);
        Files.writeString(error, e);
        List<Path> files = List.of(access, error);
        String doc =
                io.gatescope.analyzer.report.Json.mapper()
                        .writeValueAsString(
                                FileAnalysis.run(
                                                files,
                                                FileAnalysis.withHints(
                                                        files, AnalyzerConfig.defaults(), false),
                                                2)
                                        .document());
        assertThat(doc).contains("UPSTREAM_DOWN").contains("access_token=REDACTED");
        assertThat(doc).doesNotContain("S3CR3T").doesNotContain("0AUTHC0DE");
    }

    @Test
    void aFloodOfRandomHostHeadersIsCountedUnderABoundedNumberOfServices() throws Exception {
        Path file = dir.resolve("scanner.log");
        int hosts = ServiceAdmission.MAX + 3_000;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < hosts; i++) {
            text.append(
                            access(String.format("09:%02d:%02d", i / 60 % 60, i % 60), 404)
                                    .replace(
                                            "host=shop.example.com",
                                            "host=h" + i + ".scan.example"))
                    .append('\n');
        }
        Files.writeString(file, text);
        List<Path> files = List.of(file);
        FileAnalysis.Result result =
                FileAnalysis.run(
                        files, FileAnalysis.withHints(files, AnalyzerConfig.defaults(), false), 2);
        assertThat(result.document().summary().requests()).isEqualTo(hosts);
        java.util.Set<String> services = new java.util.HashSet<>();
        result.steps().forEach(s -> services.add(s.service));
        // Each of the two byte ranges admits its own first names.
        assertThat(services)
                .contains(ServiceAdmission.OVERFLOW)
                .hasSizeLessThanOrEqualTo(2 * ServiceAdmission.MAX + 1);
    }

    private static Summary analyze(Path file) throws Exception {
        List<Path> files = List.of(file);
        return FileAnalysis.run(
                        files, FileAnalysis.withHints(files, AnalyzerConfig.defaults(), false), 2)
                .document()
                .summary();
    }
}
