package io.gatescope.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: answers, exit codes, one-line errors. */
class CommandLineTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String REFUSED =
            "2026/03/14 09:00:01 [error] 31#31: *5 connect() failed (111: Connection refused)"
                    + " while connecting to upstream, client: 10.0.0.1, server: shop.example.com,"
                    + " request: \"GET /api HTTP/1.1\", upstream: \"http://10.0.1.5:8080/api\","
                    + " host: \"shop.example.com\"\n";

    static final Path SAMPLE = Path.of("..", "sample-logs", "nginx-upstream-down");

    @TempDir Path dir;

    @Test
    void explainReadsStandardInputAndAnswersInWords() {
        CommandLineRun r = CommandLineRun.of(REFUSED, "explain");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains("What the lines say:")
                .contains("[nginx-error]")
                .contains("1. UPSTREAM_DOWN")
                .contains("To tell them apart:")
                .contains("    $ ");
    }

    @Test
    void explainJsonIsTheContractsDocumentForAFile() throws Exception {
        Path f = dir.resolve("paste.txt");
        Files.writeString(f, "kubectl says hi\n" + REFUSED, StandardCharsets.UTF_8);
        CommandLineRun r = CommandLineRun.of("", "explain", "--json", f.toString());
        assertThat(r.code()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("lines")).hasSize(2);
        assertThat(doc.get("lines").get(0).get("source").asText()).isEqualTo("unknown");
        assertThat(doc.get("causes").get(0).get("cause").asText()).isEqualTo("UPSTREAM_DOWN");
        assertThat(doc.has("tellApart")).isTrue();
    }

    @Test
    void explainWithoutAGatewayErrorSaysSo() {
        CommandLineRun r =
                CommandLineRun.of(
                        "10.0.0.1 - - [14/Mar/2026:09:00:01 +0000] \"GET / HTTP/1.1\" 200 12\n",
                        "explain");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("No gateway error in these lines");
    }

    @Test
    void explainRefusesMoreThanOneMebibyteWithOneLine() {
        CommandLineRun r =
                CommandLineRun.of(REFUSED.repeat((1 << 20) / REFUSED.length() + 1), "explain");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("more than 1 MiB").contains("gatescope analyze");
        assertThat(r.errIsOneLine()).isTrue();
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingFileABadZoneAndAnUnknownOptionAreOneLineUsageErrors() {
        CommandLineRun missing =
                CommandLineRun.of("", "explain", dir.resolve("nope.log").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("gatescope explain: no such file");
        CommandLineRun zone = CommandLineRun.of(REFUSED, "explain", "--zone", "Mars/Base");
        assertThat(zone.code()).isEqualTo(2);
        assertThat(zone.err()).contains("unknown zone 'Mars/Base'");
        CommandLineRun flag = CommandLineRun.of("", "explain", "--bogus");
        assertThat(flag.code()).isEqualTo(2);
        assertThat(flag.err()).contains("Unknown option: '--bogus'");
        CommandLineRun analyze =
                CommandLineRun.of("", "analyze", dir.resolve("none.log").toString());
        assertThat(analyze.code()).isEqualTo(2);
        assertThat(analyze.err()).contains("no such file");
        CommandLineRun format =
                CommandLineRun.of("", "analyze", "--nginx-log-format", "hello", SAMPLE.toString());
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("no $variable");
        CommandLineRun analyzeZone =
                CommandLineRun.of("", "analyze", "--zone", "Nowhere/X", SAMPLE.toString());
        assertThat(analyzeZone.code()).isEqualTo(2);
        for (CommandLineRun r :
                new CommandLineRun[] {missing, zone, flag, analyze, format, analyzeZone}) {
            assertThat(r.errIsOneLine()).as(r.err()).isTrue();
        }
    }

    @Test
    void aHaproxyFormatWithoutAStatusIsRefused() {
        CommandLineRun r =
                CommandLineRun.of(REFUSED, "explain", "--haproxy-log-format", "%ci:%cp [%tr] %ft");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errIsOneLine()).as(r.err()).isTrue();
    }

    @Test
    void analyzeOfAFewLinesPointsToExplain() throws Exception {
        Path f = dir.resolve("few.log");
        Files.writeString(f, REFUSED, StandardCharsets.UTF_8);
        CommandLineRun r = CommandLineRun.of("", "analyze", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("No incidents").contains("gatescope explain");
    }

    @Test
    void analyzeJsonFindsTheSampleOutage() throws Exception {
        CommandLineRun r =
                CommandLineRun.of(
                        "",
                        "analyze",
                        "--json",
                        Path.of("..", "sample-logs", "nginx-upstream-down").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("incidents")).isNotEmpty();
        assertThat(doc.get("incidents").get(0).get("causes").get(0).get("cause").asText())
                .isEqualTo("UPSTREAM_DOWN");
    }

    @Test
    void helpListsEveryCommand() {
        CommandLineRun r = CommandLineRun.of("", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("analyze", "explain", "serve", "demo", "ship");
    }

    /** Every flag's environment twin, as the launcher's users set it: in a JVM of its own. */
    @Test
    void environmentVariablesStandInForTheirFlags() throws Exception {
        Path paste = dir.resolve("paste.txt");
        Files.writeString(paste, REFUSED, StandardCharsets.UTF_8);
        for (String[] env :
                new String[][] {
                    {"GATESCOPE_ZONE", "Mars/Base", "unknown zone 'Mars/Base'"},
                    {"GATESCOPE_HAPROXY_LOG_FORMAT", "%ci:%cp [%tr] %ft", "needs %ST"},
                    {"GATESCOPE_NGINX_LOG_FORMAT", "hello", "no $variable"}
                }) {
            ProcessBuilder pb =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    GatescopeCommand.class.getName(),
                                    "explain",
                                    paste.toString())
                            .redirectErrorStream(true);
            pb.environment().put(env[0], env[1]);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(env[0] + ": " + out).isEqualTo(2);
            assertThat(out).as(env[0]).contains(env[2]);
        }
    }

    /**
     * The human reports, byte for byte: any change to what a user reads shows in review. After an
     * intended change: {@code mvn -pl web test -Dtest=CommandLineTest -Dgolden.update=true}.
     */
    @Test
    void theHumanReportsAreTheGoldenOnes() throws Exception {
        assertGolden(
                CommandLineRun.of(
                        "", "analyze", Path.of("..", "sample-logs", "vm-oom-kill").toString()),
                "analyze-vm-oom-kill.txt");
        assertGolden(
                CommandLineRun.of(
                        "",
                        "analyze",
                        Path.of("..", "sample-logs", "nginx-render-timeout").toString()),
                "analyze-nginx-render-timeout.txt");
        assertGolden(
                CommandLineRun.of("", "explain", GOLDEN.resolve("explain-paste.txt").toString()),
                "explain-paste.out.txt");
    }

    static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    private static void assertGolden(CommandLineRun r, String name) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, r.out(), StandardCharsets.UTF_8);
        }
        assertThat(r.out()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
