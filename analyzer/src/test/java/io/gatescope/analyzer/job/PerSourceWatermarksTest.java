package io.gatescope.analyzer.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which sources hold the streaming watermark back, with a clock the test moves. */
class PerSourceWatermarksTest {

    static final long OOO = 30_000;
    static final long SKEW = 600_000;
    static final long IDLE = 60_000;
    static final long T0 = 1_773_478_800_000L;

    final AtomicLong nanos = new AtomicLong();
    PerSourceWatermarks<RawLine> w;

    @BeforeEach
    void create() {
        w = generator(true);
    }

    PerSourceWatermarks<RawLine> generator(boolean discover) {
        return new PerSourceWatermarks<>(
                RawLine::source, RawLine::control, OOO, SKEW, IDLE, nanos::get, discover);
    }

    void wall(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    /** Lines of both files for the first {@code minutes}, past the discovery phase. */
    void bothFor(int minutes) {
        for (int s = 0; s <= minutes * 60; s += 10) {
            w.observe("access", T0 + s * 1000L);
            w.observe("error", T0 + s * 1000L);
        }
    }

    @Test
    void forTheFirstSkewOfLogTimeTheWatermarkStaysThatFarBehindWhileSourcesAreFound() {
        w.observe("access", T0);
        w.observe("access", T0 + 300_000);
        assertThat(w.current()).isEqualTo(T0 + 300_000 - SKEW - OOO - 1);
        w.observe("access", T0 + 660_000);
        assertThat(w.current()).isEqualTo(T0 + 660_000 - OOO - 1);
    }

    @Test
    void discoveryEndsAfterTheIdleTimeOfWallClockEvenBeforeTheSkewOfLogTime() {
        w.observe("access", T0);
        wall(IDLE - 1);
        w.observe("access", T0 + 30_000);
        assertThat(w.current()).isEqualTo(T0 + 30_000 - SKEW - OOO - 1);
        wall(1);
        w.observe("access", T0 + 31_000);
        // A live service finalises steps a minute after its start, not after maxSkew.
        assertThat(w.current()).isEqualTo(T0 + 31_000 - OOO - 1);
    }

    @Test
    void aSourceFirstHeardOfAfterDiscoveryThatLagsIsStillAwaitedAtItsOwnTime() {
        w.observe("access", T0);
        wall(IDLE);
        w.observe("access", T0 + 120_000);
        w.observe("error", T0 + 90_000);
        assertThat(w.current()).isEqualTo(T0 + 90_000 - OOO - 1);
    }

    @Test
    void aFileReadByItselfNeedsNoDiscovery() {
        w = generator(false);
        w.observe("file", T0);
        w.observe("file", T0 + 60_000);
        assertThat(w.current()).isEqualTo(T0 + 60_000 - OOO - 1);
    }

    @Test
    void theWatermarkWaitsForTheSourceThatLags() {
        bothFor(11);
        for (int s = 660; s <= 900; s += 10) {
            w.observe("access", T0 + s * 1000L);
            w.observe("error", T0 + (s - 180) * 1000L); // three minutes behind
        }
        assertThat(w.current()).isEqualTo(T0 + 720_000 - OOO - 1);
        wall(IDLE - 1); // silent, but not for long: still awaited
        assertThat(w.current()).isEqualTo(T0 + 720_000 - OOO - 1);
        wall(2); // silent past the idle time: the stream has ended, nothing holds it back
        assertThat(w.current()).isGreaterThan(T0 + 900_000 - OOO - 1);
    }

    @Test
    void aSilentSourceThatWasCurrentStopsHoldingAfterTheIdleTime() {
        bothFor(11);
        for (int s = 670; s <= 900; s += 10) {
            w.observe("access", T0 + s * 1000L);
        }
        wall(IDLE - 1);
        w.observe("access", T0 + 901_000);
        assertThat(w.current()).isEqualTo(T0 + 660_000 - OOO - 1);
        wall(2);
        assertThat(w.current()).isEqualTo(T0 + 901_000 - OOO - 1);
    }

    @Test
    void anEndOfFileNoticeReleasesAQuietFileAtOnceUntilItGoesStale() {
        bothFor(11);
        w.notice("error", RawLine.EOF);
        w.observe("access", T0 + 663_000);
        assertThat(w.current()).isEqualTo(T0 + 663_000 - OOO - 1);
        // Five seconds of log time later the notice is old: the file holds again.
        w.observe("access", T0 + 670_000);
        assertThat(w.current()).isEqualTo(T0 + 660_000 - OOO - 1);
    }

    @Test
    void anAnnouncedFileWithoutLinesIsAwaitedAtTheBoundForTheIdleTimeEvenAtItsEnd() {
        bothFor(11);
        w.notice("new.log", RawLine.OPEN);
        w.observe("access", T0 + 661_000);
        w.observe("error", T0 + 661_000);
        assertThat(w.current()).isEqualTo(T0 + 661_000 - SKEW - OOO - 1);
        // Shipped to its end, but an empty file says nothing of its first line's time.
        w.notice("new.log", RawLine.EOF);
        assertThat(w.current()).isEqualTo(T0 + 661_000 - SKEW - OOO - 1);
        wall(IDLE);
        w.observe("access", T0 + 662_000);
        w.observe("error", T0 + 662_000);
        assertThat(w.current()).isEqualTo(T0 + 662_000 - OOO - 1);
    }

    @Test
    void aSourceFurtherBehindThanTheSkewBoundIsAwaitedOnlyAtTheBoundAndOnlyWhileItMaySend() {
        bothFor(11);
        for (int s = 670; s <= 1400; s += 10) {
            w.observe("access", T0 + s * 1000L);
        }
        w.observe("error", T0 + 665_000); // behind by more than the bound
        assertThat(w.current()).isEqualTo(T0 + 1_400_000 - SKEW - OOO - 1);
        w.notice("error", RawLine.EOF); // shipped to its end: no longer awaited
        assertThat(w.current()).isEqualTo(T0 + 1_400_000 - OOO - 1);
    }

    @Test
    void aQuietSourceFurtherBehindThanTheBoundIsNotAwaited() {
        bothFor(11);
        for (int s = 670; s <= 1400; s += 10) {
            w.observe("access", T0 + s * 1000L);
            if (s == 1000) {
                wall(IDLE);
            }
        }
        assertThat(w.current()).isEqualTo(T0 + 1_400_000 - OOO - 1);
    }

    @Test
    void whenEverySourceIsCaughtUpTheStreamsClockRunsOnWithTheWallClock() {
        bothFor(11);
        w.notice("access", RawLine.EOF);
        w.notice("error", RawLine.EOF);
        assertThat(w.current()).isEqualTo(T0 + 660_000 - OOO - 1);
        wall(3_000);
        assertThat(w.current()).isEqualTo(T0 + 663_000 - OOO - 1);
    }

    @Test
    void aStreamWithoutLinesIsIdleAndOneWithLinesNeverIs() {
        java.util.List<String> said = new java.util.ArrayList<>();
        org.apache.flink.api.common.eventtime.WatermarkOutput out =
                new org.apache.flink.api.common.eventtime.WatermarkOutput() {
                    @Override
                    public void emitWatermark(
                            org.apache.flink.api.common.eventtime.Watermark watermark) {
                        said.add("watermark");
                    }

                    @Override
                    public void markIdle() {
                        said.add("idle");
                    }

                    @Override
                    public void markActive() {
                        said.add("active");
                    }
                };
        w.onPeriodicEmit(out);
        assertThat(said).containsExactly("idle");
        said.clear();
        bothFor(11);
        w.notice("access", RawLine.EOF);
        w.notice("error", RawLine.EOF);
        wall(120_000);
        w.onPeriodicEmit(out);
        assertThat(said).containsExactly("watermark");
    }

    @Test
    void oneLineFromTheFarFutureMovesNothingUntilConfirmed() {
        bothFor(11);
        long future = T0 + 86_400_000;
        w.observe("access", future);
        w.observe("error", T0 + 661_000);
        assertThat(w.current()).isLessThan(T0 + 661_000);
        for (int i = 0; i < PerSourceWatermarks.CONFIRMATIONS; i++) {
            w.observe("access", future + i);
        }
        wall(IDLE); // the error log says no more; the access log goes on from the new time
        w.observe("access", future + 1000);
        assertThat(w.current()).isGreaterThan(future - 2 * OOO);
    }
}
