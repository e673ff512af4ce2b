package io.gatescope.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {

    private final AnswerCache cache = new AnswerCache();

    @Test
    void requestsArrivingWhileAnAnswerIsComputedWaitForThatOneComputation() throws Exception {
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AnswerCache.Answer>> answers = new ArrayList<>();
            List<Thread> callers = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(
                        pool.submit(
                                () -> {
                                    callers.add(Thread.currentThread());
                                    return cache.get(
                                            "q",
                                            7,
                                            () -> {
                                                computed.incrementAndGet();
                                                await(release);
                                                return "{\"total\":1}";
                                            });
                                }));
            }
            // Every caller has reached the cache when all eight are parked: one in the
            // computation (on the latch), seven waiting for its answer. No sleep and hope.
            while (callers.size() < 8
                    || callers.stream()
                            .anyMatch(
                                    t ->
                                            t.getState() != Thread.State.WAITING
                                                    && t.getState() != Thread.State.TIMED_WAITING
                                                    && t.getState() != Thread.State.BLOCKED)) {
                Thread.onSpinWait();
            }
            release.countDown();
            for (Future<AnswerCache.Answer> a : answers) {
                assertThat(text(a.get(10, TimeUnit.SECONDS))).isEqualTo("{\"total\":1}");
            }
            assertThat(computed).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anAnswerKeepsItsJsonAndTheSameGzippedAndSendingItLeavesItWhole() throws Exception {
        AnswerCache.Answer a = cache.get("q", 1, () -> "{\"incidents\":[\"é\"]}");
        a.json().position(3); // a careless reader does not shorten later answers
        try (var in =
                new java.util.zip.GZIPInputStream(
                        new java.io.ByteArrayInputStream(bytes(a.gzip())))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(text(a))
                    .isEqualTo("{\"incidents\":[\"é\"]}");
        }
        assertThat(a.json().isReadOnly()).isTrue();
    }

    @Test
    void aNewIndexVersionIsComputedAgainAndAFailureIsNotKept() {
        assertThat(text(cache.get("q", 1, () -> "a"))).isEqualTo("a");
        assertThat(text(cache.get("q", 1, () -> "b"))).isEqualTo("a");
        assertThat(text(cache.get("q", 2, () -> "b"))).isEqualTo("b");
        assertThatThrownBy(
                        () ->
                                cache.get(
                                        "q",
                                        3,
                                        () -> {
                                            throw new IllegalArgumentException("bad query");
                                        }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad query");
        assertThat(text(cache.get("q", 3, () -> "c"))).isEqualTo("c");
    }

    private static String text(AnswerCache.Answer a) {
        return new String(bytes(a.json()), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(java.nio.ByteBuffer b) {
        java.nio.ByteBuffer d = b.duplicate().clear();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
