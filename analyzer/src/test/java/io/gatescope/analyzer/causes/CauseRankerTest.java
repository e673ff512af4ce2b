package io.gatescope.analyzer.causes;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.StepStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each rule against the patterns that should and should not match it. */
class CauseRankerTest {

    static final long STEP = 10_000;

    /**
     * An episode of `steps` steps; `failing(peer, step)` says which peer fails when, with which
     * class.
     */
    private static List<Cause> rank(
            int steps,
            long requestsPerStep,
            FailureClass cls,
            String[][] peersByStep,
            boolean chronic) {
        List<StepStats> list = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            StepStats s = new StepStats("svc", i * STEP, STEP);
            s.gateway = "NGINX";
            s.requests = requestsPerStep;
            for (String peer : peersByStep[i]) {
                s.errors++;
                s.classCounts.merge(cls.name(), 1L, Long::sum);
                s.peerErrors.merge(peer, 1L, Long::sum);
                s.evidence.merge(cls.name() + "|" + cls.description(), 1L, Long::sum);
            }
            for (String p : new String[] {"a:80", "b:80", "c:80"}) {
                s.peerRequests.put(p, requestsPerStep / 3);
            }
            list.add(s);
        }
        StepStats window = new StepStats("svc", 0, STEP);
        list.forEach(window::merge);
        StepStats baseline = new StepStats("svc", 0, STEP);
        baseline.peerRequests.put("a:80", 1L);
        baseline.peerRequests.put("b:80", 1L);
        baseline.peerRequests.put("c:80", 1L);
        return CauseRanker.rank(new IncidentFeatures(window, baseline, list, chronic));
    }

    private static String[][] all(int steps, String... peers) {
        String[][] out = new String[steps][];
        for (int i = 0; i < steps; i++) {
            out[i] = peers;
        }
        return out;
    }

    @Test
    void refusedOnAllPeersTogetherIsUpstreamDown() {
        List<Cause> c =
                rank(12, 30, FailureClass.CONNECT_REFUSED, all(12, "a:80", "b:80", "c:80"), false);
        assertThat(c.get(0).cause()).isEqualTo("UPSTREAM_DOWN");
        assertThat(c.get(0).fixes()).isNotEmpty();
    }

    @Test
    void refusedOnPeersOneAfterAnotherIsARestart() {
        String[][] seq = new String[12][];
        for (int i = 0; i < 12; i++) {
            seq[i] = new String[] {i < 4 ? "a:80" : i < 8 ? "b:80" : "c:80"};
        }
        List<Cause> c = rank(12, 30, FailureClass.CONNECT_REFUSED, seq, false);
        assertThat(c.get(0).cause()).isEqualTo("UPSTREAM_RESTART");
        assertThat(c).extracting(Cause::cause).contains("UPSTREAM_DOWN");
    }

    @Test
    void rareFastClosesSpreadOverPeersAreAKeepaliveRace() {
        String[][] sparse = new String[360][];
        for (int i = 0; i < 360; i++) {
            sparse[i] =
                    i % 30 == 0
                            ? new String[] {new String[] {"a:80", "b:80", "c:80"}[(i / 30) % 3]}
                            : new String[0];
        }
        List<Cause> c = rank(360, 30, FailureClass.CLOSED_FAST, sparse, true);
        assertThat(c.get(0).cause()).isEqualTo("KEEPALIVE_RACE");
    }

    @Test
    void denseFastClosesOnOnePeerAreNotAKeepaliveRace() {
        List<Cause> c =
                rank(
                        12,
                        30,
                        FailureClass.CLOSED_FAST,
                        all(
                                12, "a:80", "a:80", "a:80", "a:80", "a:80", "a:80", "a:80", "a:80",
                                "a:80", "a:80"),
                        false);
        assertThat(c.get(0).cause()).isNotEqualTo("KEEPALIVE_RACE");
        // A process that resets every connection it accepts: down, though it still accepts.
        assertThat(c.get(0).cause()).isEqualTo("UPSTREAM_DOWN");
        assertThat(c.get(0).summary()).contains("closed or reset as soon as they are used");
        assertThat(c.get(0).proxyStatus()).isEqualTo("connection_terminated");
    }

    @Test
    void directSignaturesNameTheirCause() {
        assertThat(rank(6, 30, FailureClass.DNS, all(6, "a:80"), false).get(0).cause())
                .isEqualTo("DNS_FAILURE");
        Cause tls = rank(6, 30, FailureClass.TLS_CERTIFICATE, all(6, "a:80"), false).get(0);
        assertThat(tls.cause()).isEqualTo("TLS_FAILURE");
        assertThat(tls.proxyStatus()).isEqualTo("tls_certificate_error");
        assertThat(rank(6, 30, FailureClass.HEADER_TOO_BIG, all(6, "a:80"), false).get(0).cause())
                .isEqualTo("BAD_UPSTREAM_RESPONSE");
        assertThat(rank(6, 30, FailureClass.PROXY_LIMIT, all(6, "a:80"), false).get(0).cause())
                .isEqualTo("PROXY_LIMITS");
        assertThat(
                        rank(6, 30, FailureClass.CONNECT_UNREACHABLE, all(6, "a:80"), false)
                                .get(0)
                                .cause())
                .isEqualTo("NETWORK");
        assertThat(
                        rank(6, 30, FailureClass.WS_UPGRADE_FAILED, all(6, "a:80"), false)
                                .get(0)
                                .cause())
                .isEqualTo("WEBSOCKET_UPGRADE");
        assertThat(rank(6, 30, FailureClass.READ_TIMEOUT, all(6, "a:80"), false).get(0).cause())
                .isEqualTo("UPSTREAM_OVERLOAD");
    }

    /** Connect timeouts on every peer, with the upstream's p95 and traffic as given. */
    private static String connectTimeoutsRankedWith(
            long baselineMillis, long windowMillis, long load) {
        return connectTimeoutsRankedWith(baselineMillis, windowMillis, load, -1);
    }

    /** The same, each failed connect's own time logged as {@code failedMillis} (-1: none). */
    private static String connectTimeoutsRankedWith(
            long baselineMillis, long windowMillis, long load, long failedMillis) {
        StepStats baseline = new StepStats("svc", 0, STEP);
        StepStats window = new StepStats("svc", 600_000, STEP);
        baseline.gateway = window.gateway = "ALB";
        for (int i = 0; i < 600; i++) {
            baseline.countRequest(i * 1000L, "ALB", "a:80", 200, baselineMillis, false, 0);
        }
        for (int i = 0; i < 600 * load; i++) {
            window.countRequest(
                    600_000 + i * 1000L / load, "ALB", "a:80", 200, windowMillis, false, 0);
        }
        // With their times logged, enough failures to carry the episode's p95 (14 % of requests).
        int failures = failedMillis >= 0 ? 300 : 60;
        for (int i = 0; i < failures; i++) {
            if (failedMillis >= 0) {
                window.countRequest(600_000 + i, "ALB", "a:80", 504, failedMillis, false, 0);
                window.failedUpstream.record(failedMillis);
            }
            window.errors++;
            window.classCounts.merge(FailureClass.CONNECT_TIMEOUT.name(), 1L, Long::sum);
            window.peerErrors.merge(i % 2 == 0 ? "a:80" : "b:80", 1L, Long::sum);
        }
        return CauseRanker.rank(new IncidentFeatures(window, baseline, List.of(window), false))
                .get(0)
                .cause();
    }

    @Test
    void connectTimeoutsWhileLatencyClimbsWithTrafficAreOverloadNotABrokenPath() {
        assertThat(connectTimeoutsRankedWith(40, 2000, 3)).isEqualTo("UPSTREAM_OVERLOAD");
        assertThat(connectTimeoutsRankedWith(40, 45, 1)).isEqualTo("NETWORK");
        // Slower answers at steady traffic, or more traffic answered as fast: still the path.
        assertThat(connectTimeoutsRankedWith(40, 2000, 1)).isEqualTo("NETWORK");
        assertThat(connectTimeoutsRankedWith(40, 45, 3)).isEqualTo("NETWORK");
        // The timeouts' own 5 s are not the upstream answering slowly: still the path.
        assertThat(connectTimeoutsRankedWith(40, 45, 3, 5000)).isEqualTo("NETWORK");
        assertThat(connectTimeoutsRankedWith(40, 2000, 3, 5000)).isEqualTo("UPSTREAM_OVERLOAD");
    }

    @Test
    void aLambdaTargetsMalformedResponsesGetTheLambdaFixForItsTargetGroup() {
        List<StepStats> steps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            StepStats s = new StepStats("fn-tg", i * STEP, STEP);
            s.gateway = "ALB";
            s.requests = 30;
            s.errors = 20;
            s.classCounts.put(FailureClass.INVALID_RESPONSE.name(), 20L);
            s.evidence.put(
                    "INVALID_RESPONSE|elb_status_code 502, no target, error_reason LambdaInvalidResponse: malformed response",
                    20L);
            steps.add(s);
        }
        Cause top = topCause(steps);
        assertThat(top.cause()).isEqualTo("BAD_UPSTREAM_RESPONSE");
        assertThat(top.summary()).contains("Lambda function behind fn-tg");
        assertThat(top.fixes()).hasSize(1);
        assertThat(top.fixes().get(0).title()).contains("Lambda function");
        assertThat(top.fixes().get(0).config()).contains("--names fn-tg");
    }

    /**
     * HAProxy: three servers fail their health checks for {@code reason}, then requests find no
     * server ({@code <NOSRV>}) for a minute.
     */
    private static Cause haproxyOutageAfterChecksFailWith(FailureClass reason, String text) {
        List<StepStats> steps = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            StepStats s = new StepStats("be_api", i * STEP, STEP);
            s.gateway = "HAPROXY";
            s.requests = 40;
            s.errors = 40;
            s.classCounts.put(FailureClass.NO_LIVE_UPSTREAMS.name(), 40L);
            s.evidence.put("NO_LIVE_UPSTREAMS|termination state SC, no server", 40L);
            if (i == 0) {
                s.errorLines = 3;
                s.classCounts.merge(reason.name(), 3L, Long::sum);
                s.evidence.put(reason.name() + "|server is DOWN, reason: " + text, 3L);
                for (String srv : new String[] {"api1", "api2", "api3"}) {
                    s.peerErrors.put(srv, 1L);
                }
            }
            steps.add(s);
        }
        return topCause(steps);
    }

    /** The top cause of an episode made of {@code steps}, against an empty baseline. */
    private static Cause topCause(List<StepStats> steps) {
        StepStats window = new StepStats(steps.get(0).service, 0, STEP);
        steps.forEach(window::merge);
        StepStats baseline = new StepStats(steps.get(0).service, 0, STEP);
        return CauseRanker.rank(new IncidentFeatures(window, baseline, steps, false)).get(0);
    }

    @Test
    void requestsThatFindNoServerFailForTheReasonTheHealthChecksGave() {
        assertThat(
                        haproxyOutageAfterChecksFailWith(
                                        FailureClass.TLS_HANDSHAKE,
                                        "Layer6 invalid response, info: \"SSL handshake failure\"")
                                .cause())
                .isEqualTo("TLS_FAILURE");
        assertThat(haproxyOutageAfterChecksFailWith(FailureClass.DNS, "DNS NX status").cause())
                .isEqualTo("DNS_FAILURE");
        assertThat(
                        haproxyOutageAfterChecksFailWith(
                                        FailureClass.CONNECT_UNREACHABLE,
                                        "Layer4 connection problem, info: \"No route to host\"")
                                .cause())
                .isEqualTo("NETWORK");
    }

    @Test
    void checksThatOnlySayThePeerIsDownLeaveTheOutageToUpstreamDown() {
        Cause top =
                haproxyOutageAfterChecksFailWith(
                        FailureClass.PEER_MARKED_DOWN,
                        "Layer4 connection problem, info: \"Connection refused\"");
        assertThat(top.cause()).isEqualTo("UPSTREAM_DOWN");
    }

    @Test
    void failuresWithoutDetailAreUnknown() {
        List<Cause> c = rank(6, 30, FailureClass.UNCLASSIFIED, all(6, "a:80"), false);
        assertThat(c.get(0).cause()).isEqualTo("UNKNOWN");
    }

    @Test
    void confidencesAreRankedAndBounded() {
        // An ambiguous signature, so that several candidates are ranked.
        List<Cause> c = rank(12, 300, FailureClass.CLOSED_FAST, all(12, "a:80", "b:80"), false);
        assertThat(c).hasSizeGreaterThan(1);
        for (int i = 0; i < c.size(); i++) {
            assertThat(c.get(i).confidence()).isBetween(0.0, 1.0);
            if (i > 0) {
                assertThat(c.get(i).confidence()).isLessThanOrEqualTo(c.get(i - 1).confidence());
            }
        }
    }

    /**
     * A window where `trigger` failures (a few) took the peers out and many requests then found no
     * live upstream, as nginx logs it.
     */
    private static List<Cause> cascade(FailureClass trigger, long triggers, long noLive) {
        StepStats s = new StepStats("svc", 0, STEP);
        s.gateway = "NGINX";
        s.requests = triggers + noLive + 100;
        s.errors = triggers + noLive;
        s.classCounts.put(trigger.name(), triggers);
        s.classCounts.put(FailureClass.NO_LIVE_UPSTREAMS.name(), noLive);
        s.classCounts.put(FailureClass.PEER_MARKED_DOWN.name(), 2 * triggers);
        s.evidence.put(trigger.name() + "|" + trigger.description(), triggers);
        s.evidence.put("NO_LIVE_UPSTREAMS|no live upstreams while connecting to upstream", noLive);
        s.peerErrors.put("a:80", triggers);
        s.peerErrors.put("b:80", triggers);
        s.peerRequests.put("a:80", 50L);
        s.peerRequests.put("b:80", 50L);
        StepStats baseline = new StepStats("svc", 0, STEP);
        return CauseRanker.rank(new IncidentFeatures(s.copy(), baseline, List.of(s), false));
    }

    @Test
    void failedWebSocketUpgradesThatTookEveryPeerOutRankFirstWithTheConsequenceCounted() {
        List<Cause> c = cascade(FailureClass.WS_UPGRADE_FAILED, 60, 1400);
        assertThat(c.get(0).cause()).isEqualTo("WEBSOCKET_UPGRADE");
        assertThat(c.get(0).summary())
                .startsWith(
                        "60 failed WebSocket upgrades took both peers out; 1,400 other requests")
                .contains("no live upstream");
        assertThat(c.get(0).evidence())
                .anySatisfy(
                        e -> {
                            assertThat(e.text()).startsWith("then no live upstream");
                            assertThat(e.count()).isEqualTo(1400);
                        });
        assertThat(c.get(0).fixes())
                .extracting(f -> f.title())
                .contains("Keep one kind of failure from taking every peer out");
        assertThat(c.stream().filter(x -> x.cause().equals("UPSTREAM_DOWN")))
                .allSatisfy(x -> assertThat(x.confidence()).isLessThan(0.5));
    }

    @Test
    void tooBigHeadersOnOneEndpointThatTookThePeersOutAreABadResponse() {
        List<Cause> c = cascade(FailureClass.HEADER_TOO_BIG, 50, 1000);
        assertThat(c.get(0).cause()).isEqualTo("BAD_UPSTREAM_RESPONSE");
        assertThat(c.get(0).summary()).contains("took both peers out");
    }

    @Test
    void refusedConnectsThatTookThePeersOutStayAnOutage() {
        List<Cause> c = cascade(FailureClass.CONNECT_REFUSED, 40, 500);
        assertThat(c.get(0).cause()).isEqualTo("UPSTREAM_DOWN");
        assertThat(c.get(0).summary()).doesNotContain("took both peers out");
        assertThat(c.get(0).fixes())
                .extracting(f -> f.title())
                .doesNotContain("Keep one kind of failure from taking every peer out");
    }
}
