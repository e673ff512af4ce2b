package io.gatescope.analyzer.job;

import io.gatescope.analyzer.model.Observation;
import io.gatescope.analyzer.model.StepStats;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sums a service's observations into fixed event-time steps and emits each step once the watermark
 * has passed its end plus a hold (the time the correlator may keep an observation back).
 * Observations for a step already emitted are late: they go to {@link #LATE} and are counted.
 */
public class StepAggregator
        extends KeyedCoProcessFunction<String, Observation, StepStats, StepStats> {

    /** Observations that arrived after their step was emitted. */
    public static final OutputTag<Long> LATE = new OutputTag<>("late-lines") {};

    /** The accumulator that counts them, for a bounded job's result. */
    public static final String LATE_COUNT = "late";

    private final long stepMillis;
    private final long holdMillis;
    private transient MapState<Long, StepStats> open;
    private transient ValueState<Long> lastEmitted;
    private transient LongCounter late;

    public StepAggregator(long stepMillis, long holdMillis) {
        this.stepMillis = stepMillis;
        this.holdMillis = holdMillis;
    }

    @Override
    public void open(OpenContext ctx) {
        open =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "open-steps",
                                        Types.LONG,
                                        TypeInformation.of(StepStats.class)));
        lastEmitted =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-emitted-step", Types.LONG));
        late = getRuntimeContext().getLongCounter(LATE_COUNT);
    }

    @Override
    public void processElement1(Observation o, Context ctx, Collector<StepStats> out)
            throws Exception {
        long step = Math.floorDiv(o.timeMillis(), stepMillis) * stepMillis;
        Long last = lastEmitted.value();
        if (last != null && step <= last) {
            late.add(1);
            ctx.output(LATE, 1L);
            return;
        }
        StepStats s = open.get(step);
        if (s == null) {
            s = new StepStats(o.service(), step, stepMillis);
            ctx.timerService().registerEventTimeTimer(step + stepMillis - 1 + holdMillis);
        }
        s.add(o);
        open.put(step, s);
    }

    /** A partial step of healthy requests from a pre-aggregator. */
    @Override
    public void processElement2(StepStats partial, Context ctx, Collector<StepStats> out)
            throws Exception {
        Long last = lastEmitted.value();
        if (last != null && partial.stepStart <= last) {
            late.add(partial.requests);
            ctx.output(LATE, partial.requests);
            return;
        }
        StepStats s = open.get(partial.stepStart);
        if (s == null) {
            s = new StepStats(partial.service, partial.stepStart, stepMillis);
            ctx.timerService()
                    .registerEventTimeTimer(partial.stepStart + stepMillis - 1 + holdMillis);
        }
        s.merge(partial);
        open.put(partial.stepStart, s);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<StepStats> out) throws Exception {
        long step = ts + 1 - stepMillis - holdMillis;
        StepStats s = open.get(step);
        if (s != null) {
            open.remove(step);
            lastEmitted.update(step);
            s.promoteErrorLinesWhenNoRequests();
            out.collect(s);
        }
    }
}
