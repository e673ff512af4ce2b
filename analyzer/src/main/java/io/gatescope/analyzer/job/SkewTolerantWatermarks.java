package io.gatescope.analyzer.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks that a single line from the far future cannot drag ahead: a
 * time more than {@link #MAX_JUMP_MS} beyond the current maximum moves the watermark only once
 * {@link #CONFIRMATIONS} such lines in a row confirm it (a real gap in the log, not a bad clock).
 */
public class SkewTolerantWatermarks<T> implements WatermarkGenerator<T> {

    static final long MAX_JUMP_MS = 3_600_000;
    static final int CONFIRMATIONS = 50;

    private final long outOfOrderMillis;
    private long max = Long.MIN_VALUE;
    private int jumps;

    public SkewTolerantWatermarks(long outOfOrderMillis) {
        this.outOfOrderMillis = outOfOrderMillis;
    }

    @Override
    public void onEvent(T e, long ts, WatermarkOutput out) {
        if (max == Long.MIN_VALUE || ts <= max + MAX_JUMP_MS) {
            max = Math.max(max, ts);
            jumps = 0;
        } else if (++jumps >= CONFIRMATIONS) {
            max = ts;
            jumps = 0;
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {
        if (max != Long.MIN_VALUE) {
            out.emitWatermark(new Watermark(max - outOfOrderMillis - 1));
        }
    }
}
