package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.report.AnalysisDocument;
import io.gatescope.ingest.read.LogFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real Flink job over every scenario in sample-logs/ and checks it against the scenario's
 * expected/NAME.json: the incidents' windows (within 30 s), peers, kind and top cause, and that
 * nothing else is reported.
 */
class SampleScenariosIT {

    static final Path SAMPLES = Path.of("..", "sample-logs");
    static final Duration SLACK = Duration.ofSeconds(30);

    static Stream<String> scenarios() throws Exception {
        try (Stream<Path> s = Files.list(SAMPLES.resolve("expected"))) {
            return s
                    .map(p -> p.getFileName().toString().replace(".json", ""))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void analysisFindsExactlyTheExpectedIncidents(String scenario) throws Exception {
        JsonNode expected =
                new ObjectMapper()
                        .readTree(SAMPLES.resolve("expected").resolve(scenario + ".json").toFile());
        List<Path> files = LogFiles.expand(List.of(SAMPLES.resolve(scenario)));
        AnalysisDocument doc =
                FileAnalysis.run(
                                files,
                                FileAnalysis.withHints(files, AnalyzerConfig.defaults(), false),
                                2)
                        .document();

        assertThat(doc.summary().rejected()).as("rejected lines").isZero();
        assertThat(doc.summary().late()).as("late lines").isZero();
        assertThat(doc.incidents()).as("incidents").hasSize(expected.get("incidents").size());
        List<Incident> remaining = new ArrayList<>(doc.incidents());
        for (JsonNode want : expected.get("incidents")) {
            Incident got =
                    remaining.stream()
                            .filter(i -> i.service().equals(want.get("service").asText()))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no incident for "
                                                            + want.get("service")
                                                            + " in "
                                                            + doc.incidents()));
            remaining.remove(got);
            assertThat(got.topCause()).as("top cause").isEqualTo(want.get("cause").asText());
            assertThat(got.causes().get(0).confidence()).isGreaterThanOrEqualTo(0.5);
            assertThat(got.causes().get(0).evidence()).as("evidence").isNotEmpty();
            assertThat(got.causes().get(0).fixes()).as("fixes").isNotEmpty();
            assertThat(got.kind())
                    .isEqualTo(want.has("kind") ? want.get("kind").asText() : "spike");
            if (want.has("start")) {
                assertWithin(got.start(), want.get("start").asText());
            }
            if (want.has("end")) {
                assertWithin(got.end(), want.get("end").asText());
            }
            // A trigger only where the upstream's own lines show one, never by time alone.
            String trigger =
                    got.causes().get(0).trigger() == null
                            ? null
                            : got.causes().get(0).trigger().kind();
            assertThat(trigger)
                    .as("trigger")
                    .isEqualTo(want.has("trigger") ? want.get("trigger").asText() : null);
            if (want.has("trigger")) {
                assertThat(got.causes().get(0).trigger().evidence()).isNotEmpty();
                assertThat(got.causes().get(0).trigger().fixes()).isNotEmpty();
            }
            if (want.has("targets")) {
                List<String> targets = new ArrayList<>();
                want.get("targets").forEach(t -> targets.add(t.asText()));
                assertThat(got.targets()).containsExactlyInAnyOrderElementsOf(targets);
            }
            // The values the failing requests share, where the scenario has some; none listed
            // where the expectation says so with an empty list.
            if (want.has("dimensions")) {
                List<String> dims = new ArrayList<>();
                want.get("dimensions").forEach(d -> dims.add(d.asText()));
                List<String> gotDims =
                        got.dimensions().stream().map(d -> d.field() + "=" + d.value()).toList();
                if (dims.isEmpty()) {
                    assertThat(gotDims).as("dimensions").isEmpty();
                } else {
                    assertThat(gotDims).as("dimensions").containsAll(dims);
                }
            }
        }
    }

    @Test
    void theSameLinesGiveTheSameIdsAndCausesWhateverTheParallelism() throws Exception {
        List<Path> files = LogFiles.expand(List.of(SAMPLES.resolve("nginx-upstream-down")));
        var a = FileAnalysis.run(files, AnalyzerConfig.defaults(), 2).document();
        var b = FileAnalysis.run(files, AnalyzerConfig.defaults(), 1).document();
        assertThat(a.incidents()).isNotEmpty();
        assertThat(a.incidents())
                .extracting(Incident::id)
                .isEqualTo(b.incidents().stream().map(Incident::id).toList());
        assertThat(a.incidents().get(0).causes()).isEqualTo(b.incidents().get(0).causes());
    }

    private static void assertWithin(String actual, String expected) {
        Duration d = Duration.between(Instant.parse(expected), Instant.parse(actual)).abs();
        assertThat(d).as(actual + " vs expected " + expected).isLessThanOrEqualTo(SLACK);
    }
}
