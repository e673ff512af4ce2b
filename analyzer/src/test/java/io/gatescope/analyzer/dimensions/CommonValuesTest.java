package io.gatescope.analyzer.dimensions;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.Dimension;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CommonValuesTest {

    final Random random = new Random(3);
    final DimensionSample failing = new DimensionSample();
    final DimensionSample all = new DimensionSample();
    int serial;

    void request(RequestDimensions d, boolean failed) {
        long h = LineHash.of("request " + serial++);
        all.offer(h, d);
        if (failed) {
            failing.offer(h, d);
        }
    }

    RequestDimensions get(String path, int status) {
        return new RequestDimensions(
                "GET",
                path,
                "203.0.113." + random.nextInt(250),
                "curl/8.5.0",
                "shop",
                status,
                "10.0.0." + (1 + random.nextInt(2)) + ":80",
                random.nextInt(3) * 100L);
    }

    static List<String> fields(List<Dimension> dims) {
        return dims.stream().map(d -> d.field() + "=" + d.value()).toList();
    }

    @Test
    void anEndpointCutAtARoundTimeoutStandsOut() {
        for (int i = 0; i < 2_000; i++) {
            if (i % 10 == 0) {
                RequestDimensions render =
                        new RequestDimensions(
                                "POST",
                                "/v2/invoices/{id}/render",
                                "203.0.113." + (i % 250),
                                "curl/8.5.0",
                                "shop",
                                504,
                                "10.0.0.1:80",
                                60_000);
                request(render, true);
            } else {
                request(get(i % 2 == 0 ? "/v2/invoices/{id}" : "/v2/customers", 200), false);
            }
        }
        List<Dimension> dims = CommonValues.of(failing, all);
        assertThat(fields(dims))
                .contains(
                        "path=/v2/invoices/{id}/render", "method=POST", "upstreamTime=60.0–60.1 s")
                .doesNotContain("status=504", "host=shop");
        Dimension path = dims.stream().filter(d -> d.field().equals("path")).findFirst().get();
        assertThat(path.failing()).isEqualTo(1.0);
        assertThat(path.baseline()).isBetween(0.03, 0.2);
        assertThat(DimensionWording.sentence(dims, 200))
                .startsWith("All 200 failing requests were POST /v2/invoices/{id}/render (")
                .contains("cut at 60.0–60.1 s: a 60 s timeout")
                .contains("proxy_read_timeout");
    }

    @Test
    void failuresSpreadLikeTheTrafficHaveNothingInCommon() {
        for (int i = 0; i < 5_000; i++) {
            request(get("/p/" + random.nextInt(5), i % 20 == 0 ? 502 : 200), i % 20 == 0);
        }
        assertThat(CommonValues.of(failing, all)).isEmpty();
        assertThat(DimensionWording.sentence(List.of(), 250)).isEmpty();
    }

    @Test
    void aFewFailuresAreTooFewToSayAnything() {
        for (int i = 0; i < 500; i++) {
            RequestDimensions d =
                    i < 3
                            ? new RequestDimensions("DELETE", "/x", "", "", "shop", 502, "", -1)
                            : get("/y", 200);
            request(d, i < 3);
        }
        assertThat(CommonValues.of(failing, all)).isEmpty();
    }

    @Test
    void oneClientRangeIsNamedByItsRangeAndOneClientByItsAddress() {
        for (int i = 0; i < 1_000; i++) {
            boolean bad = i % 5 == 0;
            String client = bad ? "198.51.100." + (i % 200) : "203.0.113." + (i % 250);
            request(
                    new RequestDimensions("GET", "/a", client, "", "shop", bad ? 502 : 200, "", 0),
                    bad);
        }
        assertThat(fields(CommonValues.of(failing, all))).containsExactly("client=198.51.100.0/24");

        failing.clear();
        all.clear();
        for (int i = 0; i < 1_000; i++) {
            boolean bad = i % 5 == 0;
            String client = bad ? "198.51.100.7" : "203.0.113." + (i % 250);
            request(
                    new RequestDimensions("GET", "/a", client, "", "shop", bad ? 502 : 200, "", 0),
                    bad);
        }
        assertThat(fields(CommonValues.of(failing, all))).containsExactly("client=198.51.100.7");
    }

    @Test
    void aStatusIsListedOnlyWhenTheFailuresMixStatuses() {
        for (int i = 0; i < 1_000; i++) {
            boolean bad = i % 4 == 0;
            int status = bad ? (i % 16 == 0 ? 502 : 504) : 200;
            request(get("/p/" + (i % 5), status), bad);
        }
        assertThat(fields(CommonValues.of(failing, all))).containsExactly("status=504");
    }

    @Test
    void failuresOfPostsAloneSayThatRetriesHidTheRest() {
        Dimension post = new Dimension("method", "POST", 1.0, 0.5);
        assertThat(DimensionWording.sentence(List.of(post), 82))
                .startsWith("All 82 failing requests were POST requests (50% of all requests)")
                .contains("retries only idempotent requests");
        Dimension get = new Dimension("method", "GET", 1.0, 0.5);
        assertThat(DimensionWording.sentence(List.of(get), 82)).doesNotContain("retries");
    }

    @Test
    void fastFailuresAreSaidToFailWithinTheirBandNotToBeCut() {
        Dimension fast = new Dimension("upstreamTime", "0.0–0.1 s", 0.9, 0.2);
        assertThat(DimensionWording.sentence(List.of(fast), 90))
                .isEqualTo("Of the 90 failing requests, 90% failed within 0.0–0.1 s.");
        assertThat(DimensionWording.timeoutSeconds(fast)).isZero();
    }
}
