package io.gatescope.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatescope.analyzer.index.FindingsIndex;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebAppTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    FindingsIndex index;

    @BeforeEach
    void fill() throws Exception {
        index = new FindingsIndex(dir);
        TestIncidents.fill(index);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    Javalin app(String token) {
        return WebApp.create(TestIncidents.context(index, token, "s3cr3t"));
    }

    static JsonNode json(Response r) throws Exception {
        return JSON.readTree(r.body().string());
    }

    @Test
    void healthReportsTheMovingParts() {
        JavalinTest.test(
                app(null),
                (server, client) -> {
                    JsonNode h = json(client.get("/api/health"));
                    assertThat(h.get("status").asText()).isEqualTo("UP");
                    assertThat(h.get("analyzer").asText()).isEqualTo("RUNNING");
                });
    }

    @Test
    void healthIsDegradedWhenAMovingPartIsNotUp() {
        AppContext ok = TestIncidents.context(index, null, null);
        for (Map<String, String> parts :
                List.of(
                        Map.of("kafka", "DOWN: broker unreachable", "analyzer", "RUNNING"),
                        Map.of("kafka", "UP", "analyzer", "RESTARTING"),
                        Map.of("kafka", "UP", "analyzer", "RUNNING", "index", "DOWN: disk full"))) {
            AppContext ctx =
                    new AppContext(index, () -> parts, ok.metrics(), null, null, ok.publicUrl());
            JavalinTest.test(
                    WebApp.create(ctx),
                    (server, client) -> {
                        Response r = client.get("/api/health");
                        assertThat(r.code()).isEqualTo(200);
                        JsonNode h = json(r);
                        assertThat(h.get("status").asText())
                                .as(parts.toString())
                                .isEqualTo("DEGRADED");
                    });
        }
    }

    @Test
    void incidentsAreListedNewestFirstAndFiltered() {
        JavalinTest.test(
                app(null),
                (server, client) -> {
                    JsonNode all = json(client.get("/api/incidents"));
                    assertThat(all.get("total").asInt()).isEqualTo(3);
                    assertThat(all.get("incidents").get(0).get("id").asText())
                            .isEqualTo("inc-dns-2");
                    JsonNode dns = json(client.get("/api/incidents?cause=DNS_FAILURE"));
                    assertThat(dns.get("incidents")).hasSize(1);
                    JsonNode shop =
                            json(
                                    client.get(
                                            "/api/incidents?service=shop.example.com&from=2026-03-14T09:00:00Z&to=2026-03-14T09:30:00Z&limit=5"));
                    assertThat(
                                    shop.get("incidents")
                                            .get(0)
                                            .get("causes")
                                            .get(0)
                                            .get("cause")
                                            .asText())
                            .isEqualTo("UPSTREAM_DOWN");
                    assertThat(json(client.get("/api/incidents?status=open")).get("total").asInt())
                            .isEqualTo(1);
                });
    }

    @Test
    void listAnswersGoGzippedToClientsThatAcceptGzipAndPlainToOthers() {
        JavalinTest.test(
                app(null),
                (server, client) -> {
                    // OkHttp asks for gzip itself and unzips what it gets.
                    String plain = client.get("/api/incidents").body().string();
                    assertThat(JSON.readTree(plain).get("total").asInt()).isEqualTo(3);
                    Response zipped =
                            client.get("/api/incidents", r -> r.header("Accept-Encoding", "gzip"));
                    assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
                    assertThat(zipped.header("Vary")).isEqualTo("Accept-Encoding");
                    try (var in = new java.util.zip.GZIPInputStream(zipped.body().byteStream())) {
                        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                                .isEqualTo(plain);
                    }
                    Response identity =
                            client.get(
                                    "/api/incidents", r -> r.header("Accept-Encoding", "identity"));
                    assertThat(identity.header("Content-Encoding")).isNull();
                    assertThat(identity.body().string()).isEqualTo(plain);
                });
        assertThat(ApiHandlers.acceptsGzip("br, gzip;q=0.5")).isTrue();
        assertThat(ApiHandlers.acceptsGzip("*")).isTrue();
        assertThat(ApiHandlers.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(ApiHandlers.acceptsGzip("gzip; q=0.0, br")).isFalse();
        assertThat(ApiHandlers.acceptsGzip("deflate")).isFalse();
        assertThat(ApiHandlers.acceptsGzip(null)).isFalse();
    }

    @Test
    void aRepeatedListQueryReflectsTheFindingsThatArriveBetween() {
        JavalinTest.test(
                app(null),
                (server, client) -> {
                    String q = "/api/incidents?service=shop.example.com";
                    assertThat(json(client.get(q)).get("total").asInt()).isEqualTo(1);
                    assertThat(json(client.get(q)).get("total").asInt()).isEqualTo(1);
                    index.upsert(
                            List.of(
                                    io.gatescope.analyzer.model.Finding.of(
                                            TestIncidents.incident(
                                                    "inc-new",
                                                    "shop.example.com",
                                                    "UPSTREAM_DOWN",
                                                    "2026-03-15T09:10:00Z",
                                                    "2026-03-15T09:11:00Z",
                                                    "open",
                                                    "x",
                                                    "y"))));
                    JsonNode after = json(client.get(q));
                    assertThat(after.get("total").asInt()).isEqualTo(2);
                    assertThat(after.get("incidents").get(0).get("id").asText())
                            .isEqualTo("inc-new");
                });
    }

    @Test
    void incidentsAreFilteredByTheirTriggerAndSearchFindsTheUpstreamsLines() {
        JavalinTest.test(
                app(null),
                (server, client) -> {
                    JsonNode oom = json(client.get("/api/incidents?trigger=OOM_KILL"));
                    assertThat(oom.get("total").asInt()).isEqualTo(1);
                    assertThat(oom.get("incidents").get(0).get("id").asText())
                            .isEqualTo("inc-down-1");
                    assertThat(
                                    oom.get("incidents")
                                            .get(0)
                                            .get("causes")
                                            .get(0)
                                            .get("trigger")
                                            .get("markers"))
                            .hasSize(2);
                    assertThat(
                                    json(client.get("/api/incidents?trigger=DEPLOY"))
                                            .get("total")
                                            .asInt())
                            .isZero();
                    Response bad = client.get("/api/incidents?trigger=oom");
                    assertThat(bad.code()).isEqualTo(400);
                    assertThat(json(bad).get("detail").asText()).contains("OOM_KILL");
                    JsonNode s = json(client.get("/api/search?q=%22Out%20of%20memory%22"));
                    assertThat(s.get("results").get(0).get("id").asText()).isEqualTo("inc-down-1");
                    assertThat(s.get("results").get(0).get("matches").toString())
                            .contains("Killed process 2231 (gunicorn)");
                    JsonNode near = json(client.get("/api/search?q=postgres"));
                    assertThat(near.get("total").asInt()).isEqualTo(1);
                });
    }

    @Test
    void badParametersGiveProblemDocuments() {
        JavalinTest.test(
                app(null),
                (server, client) -> {
                    Response r = client.get("/api/incidents?from=yesterday");
                    assertThat(r.code()).isEqualTo(400);
                    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                    assertThat(json(r).get("detail").asText()).contains("from");
                    Response missing = client.get("/api/incidents/does-not-exist");
                    assertThat(missing.code()).isEqualTo(404);
                    assertThat(json(missing).get("status").asInt()).isEqualTo(404);
                    Response bad = client.get("/api/search?q=%28unclosed");
                    assertThat(bad.code()).isEqualTo(400);
                    assertThat(json(bad).get("detail").asText()).startsWith("bad query syntax");
                    assertThat(client.get("/api/incidents?limit=-3").code()).isEqualTo(400);
                });
    }

    @Test
    void oneIncidentItsTimelineAndSearch() {
        JavalinTest.test(
                app(null),
                (server, client) -> {
                    JsonNode i = json(client.get("/api/incidents/inc-down-1"));
                    assertThat(i.get("causes").get(0).get("fixes").get(0).get("config").asText())
                            .contains("nc -vz");
                    // Contract section 2: always a list, empty when nothing stands out.
                    assertThat(i.get("dimensions").isArray()).isTrue();
                    assertThat(i.get("dimensions")).isEmpty();
                    JsonNode shared =
                            json(client.get("/api/incidents/inc-xss-3")).get("dimensions");
                    assertThat(shared.get(1).get("field").asText()).isEqualTo("method");
                    assertThat(shared.get(1).get("value").asText()).isEqualTo("POST");
                    assertThat(shared.get(1).get("failing").asDouble()).isEqualTo(1.0);
                    assertThat(shared.get(1).get("baseline").asDouble()).isEqualTo(0.1);
                    JsonNode t = json(client.get("/api/incidents/inc-down-1/timeline?step=1m"));
                    assertThat(t.get("step").asText()).isEqualTo("60s");
                    long errors = 0;
                    for (JsonNode p : t.get("points")) {
                        errors += p.get("status502").asLong();
                    }
                    assertThat(errors).isEqualTo(21 * 35);
                    assertThat(t.get("points").get(0).get("upstreamP95Ms").asLong())
                            .isBetween(50L, 65L);
                    JsonNode s = json(client.get("/api/search?q=resolved"));
                    assertThat(s.get("results").get(0).get("id").asText()).isEqualTo("inc-dns-2");
                    assertThat(s.get("results").get(0).get("matches").get(0).asText())
                            .contains("could not be resolved");
                });
    }

    @Test
    void theApiTokenIsRequiredExceptForHealthAndSlack() {
        JavalinTest.test(
                app("t0ken"),
                (server, client) -> {
                    assertThat(client.get("/api/incidents").code()).isEqualTo(401);
                    assertThat(
                                    client.get(
                                                    "/api/incidents",
                                                    b -> b.header("Authorization", "Bearer wrong"))
                                            .code())
                            .isEqualTo(401);
                    assertThat(
                                    client.get(
                                                    "/api/incidents",
                                                    b -> b.header("Authorization", "Bearer t0ken"))
                                            .code())
                            .isEqualTo(200);
                    assertThat(client.get("/api/health").code()).isEqualTo(200);
                    assertThat(client.get("/").code()).isEqualTo(200);
                });
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicy() {
        JavalinTest.test(
                app(null),
                (server, client) -> {
                    Response r = client.get("/incidents/inc-down-1");
                    assertThat(r.code()).isEqualTo(200);
                    assertThat(r.header("Content-Security-Policy"))
                            .contains("script-src 'self'")
                            .doesNotContain("unsafe-inline");
                    assertThat(client.get("/static/vendor/uplot/uPlot.iife.min.js").code())
                            .isEqualTo(200);
                });
    }

    @Test
    void openApiAndMetricsAreServed() {
        AppContext ctx = TestIncidents.context(index, null, null);
        ctx.metrics().counter("gatescope_test_lines").increment(3);
        JavalinTest.test(
                WebApp.create(ctx),
                (server, client) -> {
                    JsonNode doc = json(client.get("/openapi.json"));
                    assertThat(doc.get("openapi").asText()).startsWith("3.");
                    assertThat(doc.get("paths").has("/api/incidents/{id}/timeline")).isTrue();
                    Response m = client.get("/metrics");
                    assertThat(m.code()).isEqualTo(200);
                    assertThat(m.body().string()).contains("gatescope_test_lines_total 3.0");
                });
    }
}
