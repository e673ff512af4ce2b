package io.gatescope.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gatescope.analyzer.report.Json;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTheBucketPrecision() {
        LatencyHistogram h = new LatencyHistogram();
        Random rnd = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            h.record(1 + rnd.nextInt(1000));
        }
        assertThat((double) h.percentile(50)).isCloseTo(500, within(40.0));
        assertThat((double) h.percentile(99)).isCloseTo(990, within(70.0));
        assertThat(new LatencyHistogram().percentile(50)).isEqualTo(-1);
    }

    @Test
    void jsonCarriesTheUsedBucketsOnlyAndReadsThemBack() throws Exception {
        LatencyHistogram h = new LatencyHistogram();
        h.record(0);
        h.record(12);
        h.record(12);
        h.record(4_000_000);
        String json = Json.mapper().writeValueAsString(h);
        assertThat(json).doesNotContain("counts").hasSizeLessThan(80);
        LatencyHistogram back = Json.mapper().readValue(json, LatencyHistogram.class);
        assertThat(back).isEqualTo(h);
        assertThat(back.percentile(60)).isEqualTo(h.percentile(60));
    }

    @Test
    void theWholeArrayThatEarlierVersionsWroteIsStillRead() throws Exception {
        LatencyHistogram h = new LatencyHistogram();
        h.record(7);
        h.record(300);
        String dense =
                "{\"counts\":"
                        + java.util.Arrays.toString(h.counts).replace(" ", "")
                        + ",\"total\":2}";
        assertThat(Json.mapper().readValue(dense, LatencyHistogram.class)).isEqualTo(h);
    }

    @Test
    void bucketsOutsideTheHistogramAreIgnoredNotFatal() throws Exception {
        LatencyHistogram h =
                Json.mapper()
                        .readValue(
                                "{\"total\":1,\"buckets\":[9999,5,-1,2,3,1]}",
                                LatencyHistogram.class);
        assertThat(h.counts[3]).isEqualTo(1);
        assertThat(h.usedBuckets()).containsExactly(3, 1);
    }
}
