package io.gatescope.analyzer.dimensions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DimensionSampleTest {

    static RequestDimensions request(int i) {
        return new RequestDimensions(
                i % 10 == 0 ? "POST" : "GET",
                "/p/" + (i % 7),
                "203.0.113." + (i % 250),
                "",
                "h",
                200,
                "",
                -1);
    }

    static List<Long> hashes(DimensionSample s) {
        List<Long> out = new ArrayList<>();
        s.forEach((h, slot) -> out.add(h));
        return out;
    }

    @Test
    void theSampleDependsOnTheLinesNotOnTheirOrder() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            order.add(i);
        }
        DimensionSample inOrder = new DimensionSample();
        order.forEach(i -> inOrder.offer(LineHash.of("line " + i), request(i)));
        Collections.shuffle(order, new Random(7));
        DimensionSample shuffled = new DimensionSample();
        order.forEach(i -> shuffled.offer(LineHash.of("line " + i), request(i)));
        assertThat(hashes(shuffled)).isEqualTo(hashes(inOrder)).hasSize(DimensionSample.K);
    }

    @Test
    void mergedSamplesAreTheSampleOfTheUnion() {
        DimensionSample a = new DimensionSample();
        DimensionSample b = new DimensionSample();
        DimensionSample all = new DimensionSample();
        for (int i = 0; i < 3_000; i++) {
            long h = LineHash.of("line " + i);
            (i % 3 == 0 ? a : b).offer(h, request(i));
            all.offer(h, request(i));
        }
        a.merge(b);
        assertThat(hashes(a)).isEqualTo(hashes(all));
    }

    @Test
    void belowItsSizeItHoldsEveryRequestAndCountsIdenticalLines() {
        DimensionSample s = new DimensionSample();
        for (int i = 0; i < 40; i++) {
            s.offer(LineHash.of("line " + i), request(i));
        }
        s.offer(LineHash.of("line 3"), request(3));
        assertThat(s.size()).isEqualTo(41);
        assertThat(hashes(s)).hasSize(40);
    }

    @Test
    void itNeverHoldsMoreThanItsSizeHoweverManyRequests() {
        DimensionSample s = new DimensionSample();
        for (int i = 0; i < 200_000; i++) {
            long h = LineHash.of("line " + i);
            if (s.wants(h)) {
                s.offer(h, request(i));
            }
        }
        assertThat(hashes(s)).hasSize(DimensionSample.K);
    }

    @Test
    void theHashOfALineIsTheHashOfItsBytes() {
        byte[] b = "203.0.113.9 - - [14/Mar/2026:09:00:00 +0000] \"GET / HTTP/1.1\" 200".getBytes();
        assertThat(LineHash.of(b, b.length)).isEqualTo(LineHash.of(new String(b)));
        assertThat(LineHash.of(b, b.length - 1)).isNotEqualTo(LineHash.of(b, b.length));
    }
}
