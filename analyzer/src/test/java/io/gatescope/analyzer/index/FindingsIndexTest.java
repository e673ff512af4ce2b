package io.gatescope.analyzer.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Evidence;
import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Fix;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingsIndexTest {

    @TempDir Path dir;

    static Incident incident(
            String id, String service, String cause, String start, String status, String evidence) {
        Cause c =
                new Cause(
                        cause,
                        0.9,
                        "connection_refused",
                        "summary of " + cause,
                        List.of(
                                new Evidence(
                                        evidence,
                                        12,
                                        List.of("2026/03/14 09:10:00 [error] " + evidence))),
                        List.of(new Fix("fix it", "detail", "proxy_next_upstream error;")));
        return new Incident(
                id,
                "spike",
                service,
                List.of("10.0.0.1:80"),
                start,
                start,
                100,
                12,
                List.of(c),
                status,
                "NGINX",
                0);
    }

    @Test
    void reindexingAnIncidentUpdatesItInsteadOfDuplicating() throws Exception {
        try (FindingsIndex index = new FindingsIndex(dir)) {
            index.upsert(
                    List.of(
                            Finding.of(
                                    incident(
                                            "a1",
                                            "shop",
                                            "UPSTREAM_DOWN",
                                            "2026-03-14T09:10:00Z",
                                            "open",
                                            "connect() failed"))));
            index.upsert(
                    List.of(
                            Finding.of(
                                    incident(
                                            "a1",
                                            "shop",
                                            "UPSTREAM_DOWN",
                                            "2026-03-14T09:10:00Z",
                                            "closed",
                                            "connect() failed"))));
            FindingsIndex.Page page =
                    index.incidents(
                            new FindingsIndex.IncidentQuery(
                                    null, null, null, null, null, null, 10));
            assertThat(page.total()).isEqualTo(1);
            assertThat(page.incidents().get(0).status()).isEqualTo("closed");
        }
    }

    @Test
    void aRetractedIncidentLeavesTheIndex() throws Exception {
        try (FindingsIndex index = new FindingsIndex(dir)) {
            Incident early =
                    incident(
                            "e1",
                            "shop",
                            "UPSTREAM_DOWN",
                            "2026-03-14T09:10:00Z",
                            "open",
                            "connect() failed");
            index.upsert(List.of(Finding.of(early)));
            assertThat(index.incident("e1")).isNotNull();
            index.upsert(List.of(Finding.of(early.retracted())));
            assertThat(index.incident("e1")).isNull();
            assertThat(
                            index.incidents(
                                            new FindingsIndex.IncidentQuery(
                                                    null, null, null, null, null, null, 10))
                                    .total())
                    .isZero();
        }
    }

    @Test
    void anIncidentReplacedByAnotherStaysReachableByIdButIsNeverListedOrFound() throws Exception {
        try (FindingsIndex index = new FindingsIndex(dir)) {
            Incident early =
                    incident(
                            "e2",
                            "shop",
                            "UPSTREAM_DOWN",
                            "2026-03-14T09:10:00Z",
                            "open",
                            "connect() failed");
            Incident fin =
                    incident(
                            "f2",
                            "shop",
                            "UPSTREAM_DOWN",
                            "2026-03-14T09:09:50Z",
                            "open",
                            "connect() failed");
            index.upsert(List.of(Finding.of(early)));
            index.upsert(List.of(Finding.of(early.retracted("f2")), Finding.of(fin)));
            assertThat(index.incident("e2").supersededBy()).isEqualTo("f2");
            var all =
                    index.incidents(
                            new FindingsIndex.IncidentQuery(
                                    null, null, null, null, null, null, 10));
            assertThat(all.incidents()).extracting(Incident::id).containsExactly("f2");
            assertThat(index.search("connect", 10).incidents())
                    .extracting(Incident::id)
                    .containsExactly("f2");
        }
    }

    @Test
    void filtersByServiceCauseTimeAndTextNewestFirst() throws Exception {
        try (FindingsIndex index = new FindingsIndex(dir)) {
            index.upsert(
                    List.of(
                            Finding.of(
                                    incident(
                                            "a",
                                            "shop",
                                            "UPSTREAM_DOWN",
                                            "2026-03-14T09:10:00Z",
                                            "closed",
                                            "connect() failed (111: Connection refused)")),
                            Finding.of(
                                    incident(
                                            "b",
                                            "billing",
                                            "DNS_FAILURE",
                                            "2026-03-14T10:10:00Z",
                                            "open",
                                            "billing.internal could not be resolved")),
                            Finding.of(
                                    incident(
                                            "c",
                                            "shop",
                                            "TLS_FAILURE",
                                            "2026-03-14T11:10:00Z",
                                            "open",
                                            "certificate has expired"))));
            assertThat(
                            index.incidents(
                                            new FindingsIndex.IncidentQuery(
                                                    null, null, "shop", null, null, null, 10))
                                    .incidents())
                    .extracting(Incident::id)
                    .containsExactly("c", "a");
            assertThat(
                            index.incidents(
                                            new FindingsIndex.IncidentQuery(
                                                    null,
                                                    null,
                                                    null,
                                                    "DNS_FAILURE",
                                                    null,
                                                    null,
                                                    10))
                                    .incidents())
                    .extracting(Incident::id)
                    .containsExactly("b");
            long t = Instant.parse("2026-03-14T10:00:00Z").toEpochMilli();
            assertThat(
                            index.incidents(
                                            new FindingsIndex.IncidentQuery(
                                                    t, null, null, null, null, null, 10))
                                    .incidents())
                    .extracting(Incident::id)
                    .containsExactly("c", "b");
            assertThat(index.search("expired", 10).incidents())
                    .extracting(Incident::id)
                    .containsExactly("c");
            assertThat(
                            index.incidents(
                                            new FindingsIndex.IncidentQuery(
                                                    null, null, null, null, "open", "resolved", 10))
                                    .incidents())
                    .extracting(Incident::id)
                    .containsExactly("b");
            assertThat(index.incident("b").service()).isEqualTo("billing");
            assertThat(index.incident("nope")).isNull();
        }
    }

    @Test
    void badQuerySyntaxIsAClearErrorAndQueriesAreBounded() throws Exception {
        try (FindingsIndex index = new FindingsIndex(dir)) {
            assertThatThrownBy(() -> index.search("service:(shop AND", 10))
                    .isInstanceOf(BadQueryException.class)
                    .hasMessageStartingWith("bad query syntax");
            assertThatThrownBy(() -> index.search("x".repeat(2000), 10))
                    .isInstanceOf(BadQueryException.class);
            assertThat(index.search("*:*", 100_000).incidents())
                    .hasSizeLessThanOrEqualTo(FindingsIndex.MAX_LIMIT);
        }
    }

    @Test
    void stepsComeBackInTimeOrderForAService() throws Exception {
        try (FindingsIndex index = new FindingsIndex(dir)) {
            StepStats s1 = new StepStats("shop", 20_000, 10_000);
            s1.requests = 5;
            s1.upstream.record(120);
            StepStats s0 = new StepStats("shop", 10_000, 10_000);
            StepStats other = new StepStats("billing", 10_000, 10_000);
            index.upsert(
                    List.of(Finding.of(s1), Finding.of(s0), Finding.of(other), Finding.of(s1)));
            List<StepStats> steps = index.steps("shop", 0, 100_000, 100);
            assertThat(steps).extracting(s -> s.stepStart).containsExactly(10_000L, 20_000L);
            assertThat(steps.get(1).upstream.percentile(50)).isBetween(110L, 130L);
        }
    }
}
