package io.gatescope.analyzer.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.ingest.parse.ParseContext;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasteExplainerTest {

    private final PasteExplainer explainer =
            new PasteExplainer(new ParseContext(ZoneOffset.UTC, 2026, null, 65536));

    private static String nginxError(String message, String upstream) {
        return "2026/03/14 09:00:01 [error] 31#31: *5 "
                + message
                + ", client: 10.0.0.1, server: shop.example.com, request: \"GET /api HTTP/1.1\","
                + " upstream: \""
                + upstream
                + "\", host: \"shop.example.com\"";
    }

    private static final String REFUSED =
            nginxError(
                    "connect() failed (111: Connection refused) while connecting to upstream",
                    "http://10.0.1.5:8080/api");
    private static final String PREMATURE =
            nginxError(
                    "upstream prematurely closed connection while reading response header from"
                            + " upstream",
                    "http://10.0.1.5:8080/api");

    @Test
    void oneAmbiguousLineGivesSeveralModestCandidates() {
        ExplainDocument doc = explainer.explain(PREMATURE);
        assertThat(doc.causes()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(doc.causes()).allSatisfy(c -> assertThat(c.confidence()).isLessThan(0.6));
        assertThat(doc.causes())
                .extracting(Cause::cause)
                .contains("KEEPALIVE_RACE", "UPSTREAM_DOWN", "UPSTREAM_OVERLOAD");
    }

    @Test
    void causesAreRankedMostLikelyFirst() {
        ExplainDocument doc = explainer.explain(PREMATURE);
        List<Double> confidences = doc.causes().stream().map(Cause::confidence).toList();
        assertThat(confidences)
                .hasSizeGreaterThan(1)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void aRefusedConnectPointsAtADownUpstream() {
        ExplainDocument doc = explainer.explain(REFUSED);
        assertThat(doc.causes().get(0).cause()).isEqualTo("UPSTREAM_DOWN");
        assertThat(doc.lines().get(0).failure()).isEqualTo("connection_refused");
        assertThat(doc.lines().get(0).upstream()).isEqualTo("10.0.1.5:8080");
    }

    @Test
    void moreLinesAndMoreKindsOfLinesSharpenTheAnswer() {
        double one = explainer.explain(REFUSED).causes().get(0).confidence();
        String many =
                String.join(
                        "\n", REFUSED, REFUSED.replace("*5", "*6"), REFUSED.replace("*5", "*7"));
        double three = explainer.explain(many).causes().get(0).confidence();
        String access =
                "10.0.0.1 - - [14/Mar/2026:09:00:01 +0000] \"GET /api HTTP/1.1\" 502 157 \"-\""
                        + " \"curl/8\"";
        double mixed = explainer.explain(many + "\n" + access).causes().get(0).confidence();
        assertThat(three).isGreaterThan(one);
        assertThat(mixed).isGreaterThan(three);
        assertThat(mixed).isLessThanOrEqualTo(0.95);
    }

    @Test
    void theUpstreamsOwnLinesNameTheTriggerAndMoveTheRanking() {
        double alone = confidenceOf(explainer.explain(PREMATURE), "UPSTREAM_OVERLOAD");
        ExplainDocument doc =
                explainer.explain(
                        PREMATURE
                                + "\n[2026-03-14 09:00:01 +0000] [12] [CRITICAL] WORKER TIMEOUT"
                                + " (pid:45)\n");
        Cause lead = doc.causes().get(0);
        assertThat(lead.cause()).isEqualTo("UPSTREAM_OVERLOAD");
        assertThat(lead.confidence()).isGreaterThan(alone);
        assertThat(lead.trigger()).isNotNull();
        assertThat(lead.trigger().kind()).isEqualTo("WORKER_TIMEOUT");
        assertThat(doc.lines())
                .extracting(LineReading::source)
                .containsExactly("nginx-error", "upstream");
    }

    @Test
    void aCertificateFailureIsATlsFailure() {
        ExplainDocument doc =
                explainer.explain(
                        nginxError(
                                "SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::"
                                        + "certificate verify failed) while SSL handshaking to upstream",
                                "https://10.0.1.5:443/api"));
        assertThat(doc.causes().get(0).cause()).isEqualTo("TLS_FAILURE");
        assertThat(doc.tellApart()).isNotEmpty();
    }

    @Test
    void noLivePeersIsTheConsequenceNotTheLeadingEvidence() {
        String noLive =
                nginxError("no live upstreams while connecting to upstream", "http://backend/api");
        String timedOut =
                nginxError(
                        "upstream timed out (110: Connection timed out) while reading response"
                                + " header from upstream",
                        "http://10.0.1.5:8080/api");
        ExplainDocument doc =
                explainer.explain(String.join("\n", noLive, noLive, noLive, timedOut));
        Cause lead = doc.causes().get(0);
        assertThat(lead.evidence().get(0).text()).doesNotContain("no live upstreams");
        assertThat(lead.summary()).doesNotContain("no live upstreams");
    }

    @Test
    void everyPastedLineIsListedEvenWhenNotUnderstood() {
        String paste =
                "hello, my site is down\n\n"
                        + REFUSED
                        + "\n{\n  \"DownstreamStatus\": 502,\n  \"RequestMethod\": \"GET\",\n"
                        + "  \"time\": \"2026-03-14T09:00:03Z\"\n}\nthanks!";
        ExplainDocument doc = explainer.explain(paste);
        assertThat(doc.lines()).hasSize(8);
        assertThat(doc.lines().get(0).source()).isEqualTo("unknown");
        assertThat(doc.lines().get(1).source()).isEqualTo("nginx-error");
        assertThat(doc.lines().get(2).source()).isEqualTo("traefik");
        assertThat(doc.lines().subList(3, 7))
                .allSatisfy(l -> assertThat(l.isContinuation()).isTrue());
        assertThat(doc.lines().get(7).source()).isEqualTo("unknown");
        assertThat(doc.lines()).extracting(LineReading::line).contains("thanks!", "}");
    }

    @Test
    void linesWithoutAGatewayErrorGiveNoCause() {
        ExplainDocument doc =
                explainer.explain(
                        "10.0.0.1 - - [14/Mar/2026:09:00:01 +0000] \"GET / HTTP/1.1\" 200 12 \"-\""
                                + " \"curl/8\"");
        assertThat(doc.lines()).hasSize(1);
        assertThat(doc.causes()).isEmpty();
        assertThat(doc.tellApart()).isEmpty();
    }

    @Test
    void theLeadingCandidatesComeWithACommandThatTellsThemApart() {
        ExplainDocument doc = explainer.explain(PREMATURE);
        assertThat(doc.tellApart()).isNotEmpty();
        TellApart first = doc.tellApart().get(0);
        assertThat(first.causes()).first().isEqualTo(doc.causes().get(0).cause());
        assertThat(first.command()).contains("10.0.1.5");
    }

    @Test
    void secretsInPastedLinesAreRedactedInTheEvidence() {
        String withToken = REFUSED.replace("GET /api", "GET /api?access_token=s3cr3tvalue");
        ExplainDocument doc = explainer.explain(withToken);
        assertThat(doc.causes().get(0).evidence().get(0).examples())
                .allSatisfy(e -> assertThat(e).doesNotContain("s3cr3tvalue"));
    }

    private static double confidenceOf(ExplainDocument doc, String cause) {
        return doc.causes().stream()
                .filter(c -> c.cause().equals(cause))
                .mapToDouble(Cause::confidence)
                .findFirst()
                .orElse(0);
    }
}
