package io.gatescope.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatescope.analyzer.index.FindingsIndex;
import io.javalin.testtools.JavalinTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Slack endpoint with signed, unsigned, stale and forged requests. */
class SlackCommandsTest {

    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    @TempDir Path dir;

    static Response post(
            io.javalin.testtools.HttpClient client, String body, String ts, String signature)
            throws Exception {
        Request.Builder b =
                new Request.Builder()
                        .url(client.getOrigin() + "/api/chatops/slack")
                        .post(
                                RequestBody.create(
                                        body,
                                        MediaType.parse("application/x-www-form-urlencoded")));
        if (ts != null) {
            b.header("X-Slack-Request-Timestamp", ts);
        }
        if (signature != null) {
            b.header("X-Slack-Signature", signature);
        }
        return client.request(b.build());
    }

    static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    /** The worked example of Slack's "Verifying requests from Slack" page. */
    @Test
    void theSignatureMatchesSlacksPublishedExample() {
        String body =
                "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
                        + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA"
                        + "&user_name=roadrunner&command=%2Fwebhook-collect&text="
                        + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
                        + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                        + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        String expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThat(SlackSignature.sign(SECRET, "1531420618", bytes)).isEqualTo(expected);
        Instant then = Instant.ofEpochSecond(1531420618L + 30);
        SlackSignature.verify(SECRET, "1531420618", expected, bytes, then);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                SlackSignature.verify(
                                        SECRET,
                                        "1531420618",
                                        expected.replace("a2114", "a2115"),
                                        bytes,
                                        then))
                .isInstanceOf(Problem.class);
    }

    @Test
    void signedCommandsAreAnsweredWithBlocks() throws Exception {
        try (FindingsIndex index = new FindingsIndex(dir)) {
            TestIncidents.fill(index);
            JavalinTest.test(
                    WebApp.create(TestIncidents.context(index, "api-token", SECRET)),
                    (server, client) -> {
                        String body =
                                "token=x&team_id=T1&command=%2Fgatescope&text=why+shop.example.com&response_url=https%3A%2F%2Fhooks.slack.com%2Fx";
                        String ts = now();
                        Response r =
                                post(
                                        client,
                                        body,
                                        ts,
                                        SlackSignature.sign(
                                                SECRET, ts, body.getBytes(StandardCharsets.UTF_8)));
                        assertThat(r.code()).isEqualTo(200);
                        JsonNode msg = new ObjectMapper().readTree(r.body().string());
                        String text = msg.get("blocks").toString();
                        assertThat(text)
                                .contains("UPSTREAM_DOWN")
                                .contains("http://localhost:8080/incidents/inc-down-1")
                                .contains(
                                        "*Trigger:* `OOM_KILL` Gunicorn on ip-10-0-3-11 was killed for memory")
                                .contains("nc -vz");
                        String list = "command=%2Fgatescope&text=incidents";
                        Response l =
                                post(
                                        client,
                                        list,
                                        ts,
                                        SlackSignature.sign(
                                                SECRET, ts, list.getBytes(StandardCharsets.UTF_8)));
                        assertThat(l.body().string()).contains("inc-dns-2");
                        String show = "command=%2Fgatescope&text=show+inc-xss-3";
                        Response s =
                                post(
                                        client,
                                        show,
                                        ts,
                                        SlackSignature.sign(
                                                SECRET, ts, show.getBytes(StandardCharsets.UTF_8)));
                        String shown = s.body().string();
                        assertThat(shown)
                                .doesNotContain("<script>")
                                .contains("&lt;script&gt;")
                                // What the failing requests share, its values escaped as well.
                                .contains("*The failing requests share:*")
                                .contains("method `POST`: 100% of failing, 10% of all requests")
                                .contains("userAgent `&lt;img src=x")
                                .doesNotContain("<img");
                    });
        }
    }

    @Test
    void unsignedStaleAndForgedRequestsAreRejected() throws Exception {
        try (FindingsIndex index = new FindingsIndex(dir)) {
            JavalinTest.test(
                    WebApp.create(TestIncidents.context(index, null, SECRET)),
                    (server, client) -> {
                        String body = "command=%2Fgatescope&text=incidents";
                        assertThat(post(client, body, null, null).code()).isEqualTo(401);
                        String old = Long.toString(Instant.now().getEpochSecond() - 600);
                        assertThat(
                                        post(
                                                        client,
                                                        body,
                                                        old,
                                                        SlackSignature.sign(
                                                                SECRET,
                                                                old,
                                                                body.getBytes(
                                                                        StandardCharsets.UTF_8)))
                                                .code())
                                .isEqualTo(401);
                        String ts = now();
                        assertThat(
                                        post(
                                                        client,
                                                        body,
                                                        ts,
                                                        SlackSignature.sign(
                                                                "another-secret",
                                                                ts,
                                                                body.getBytes(
                                                                        StandardCharsets.UTF_8)))
                                                .code())
                                .isEqualTo(401);
                        String signed =
                                SlackSignature.sign(
                                        SECRET, ts, body.getBytes(StandardCharsets.UTF_8));
                        assertThat(post(client, body + "&text=tampered", ts, signed).code())
                                .isEqualTo(401);
                        assertThat(post(client, body, ts, signed).code()).isEqualTo(200);
                    });
        }
    }
}
