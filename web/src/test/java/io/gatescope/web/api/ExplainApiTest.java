package io.gatescope.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatescope.analyzer.index.FindingsIndex;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/explain}, the {@code /explain} page and {@code /gatescope explain}. */
class ExplainApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String REFUSED =
            "2026/03/14 09:00:01 [error] 31#31: *5 connect() failed (111: Connection refused)"
                    + " while connecting to upstream, client: 10.0.0.1, server: shop.example.com,"
                    + " request: \"GET /api HTTP/1.1\", upstream: \"http://10.0.1.5:8080/api\","
                    + " host: \"shop.example.com\"";

    @TempDir Path dir;
    FindingsIndex index;

    @BeforeEach
    void open() throws Exception {
        index = new FindingsIndex(dir);
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    static Response explain(HttpClient client, String body, String token) throws Exception {
        Request.Builder b =
                new Request.Builder()
                        .url(client.getOrigin() + "/api/explain")
                        .post(RequestBody.create(body, MediaType.parse("text/plain")));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.request(b.build());
    }

    @Test
    void pastedLinesAreAnsweredWithTheContractsDocument() {
        JavalinTest.test(
                WebApp.create(TestIncidents.context(index, "t0ken", null)),
                (server, client) -> {
                    Response r = explain(client, REFUSED + "\nnot a log line at all\n", "t0ken");
                    assertThat(r.code()).isEqualTo(200);
                    JsonNode doc = JSON.readTree(r.body().string());
                    assertThat(doc.get("lines")).hasSize(2);
                    assertThat(doc.get("lines").get(0).get("source").asText())
                            .isEqualTo("nginx-error");
                    assertThat(doc.get("lines").get(0).get("failure").asText())
                            .isEqualTo("connection_refused");
                    assertThat(doc.get("lines").get(1).get("source").asText()).isEqualTo("unknown");
                    assertThat(doc.get("lines").get(1).get("line").asText())
                            .isEqualTo("not a log line at all");
                    assertThat(doc.get("causes").get(0).get("cause").asText())
                            .isEqualTo("UPSTREAM_DOWN");
                    assertThat(doc.get("causes").get(0).get("fixes")).isNotEmpty();
                    assertThat(doc.get("tellApart").get(0).get("command").asText())
                            .contains("10.0.1.5");
                });
    }

    @Test
    void explainingNeedsTheApiToken() {
        JavalinTest.test(
                WebApp.create(TestIncidents.context(index, "t0ken", null)),
                (server, client) -> {
                    assertThat(explain(client, REFUSED, null).code()).isEqualTo(401);
                    assertThat(explain(client, REFUSED, "wrong").code()).isEqualTo(401);
                });
    }

    @Test
    void aPastePastOneMebibyteIsRefusedWith413AndAProblemDocument() {
        JavalinTest.test(
                WebApp.create(TestIncidents.context(index, null, null)),
                (server, client) -> {
                    String big = (REFUSED + "\n").repeat((1 << 20) / REFUSED.length() + 2);
                    Response r = explain(client, big, null);
                    assertThat(r.code()).isEqualTo(413);
                    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                    assertThat(JSON.readTree(r.body().string()).get("detail").asText())
                            .contains("gatescope analyze");
                    // Just under the bound is answered.
                    String fits = (REFUSED + "\n").repeat((1 << 20) / (REFUSED.length() + 1));
                    assertThat(explain(client, fits, null).code()).isEqualTo(200);
                });
    }

    @Test
    void theExplainPageIsServedUnderTheContentSecurityPolicy() {
        JavalinTest.test(
                WebApp.create(TestIncidents.context(index, null, null)),
                (server, client) -> {
                    Response r = client.get("/explain");
                    assertThat(r.code()).isEqualTo(200);
                    assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'");
                    assertThat(r.body().string()).contains("id=\"paste-form\"");
                    JsonNode api = JSON.readTree(client.get("/openapi.json").body().string());
                    assertThat(api.at("/paths/~1api~1explain/post/requestBody")).isNotNull();
                    assertThat(api.at("/paths/~1api~1explain/post/security").isMissingNode())
                            .isFalse();
                });
    }

    @Test
    void slackExplainsPastedLinesWithTheirEscapesUndone() {
        JavalinTest.test(
                WebApp.create(TestIncidents.context(index, null, SlackCommandsTest.SECRET)),
                (server, client) -> {
                    // Slack sends &, < and > escaped in the command's text.
                    String slackText =
                            "explain "
                                    + REFUSED.replace("&", "&amp;")
                                            .replace("<", "&lt;")
                                            .replace(">", "&gt;")
                                    + "\n<script>alert(1)</script>";
                    String body =
                            "command=%2Fgatescope&text="
                                    + URLEncoder.encode(slackText, StandardCharsets.UTF_8);
                    String ts = SlackCommandsTest.now();
                    Response r =
                            SlackCommandsTest.post(
                                    client,
                                    body,
                                    ts,
                                    SlackSignature.sign(
                                            SlackCommandsTest.SECRET,
                                            ts,
                                            body.getBytes(StandardCharsets.UTF_8)));
                    assertThat(r.code()).isEqualTo(200);
                    JsonNode msg = JSON.readTree(r.body().string());
                    assertThat(msg.get("text").asText()).startsWith("Most likely UPSTREAM_DOWN");
                    String blocks = msg.get("blocks").toString();
                    assertThat(blocks).contains("nginx-error").contains("unknown");
                    assertThat(blocks).doesNotContain("<script>");
                });
    }
}
