package io.gatescope.analyzer.job;

import io.gatescope.analyzer.classify.Observations;
import io.gatescope.analyzer.classify.RequestClassifier;
import io.gatescope.analyzer.model.StepStats;
import io.gatescope.ingest.event.AccessEvent;
import io.gatescope.ingest.event.LogEvent;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Streaming's early warning: counts a service's gateway errors into a provisional step as they
 * arrive, without waiting for the watermark or the error-line join, and hands a snapshot to the
 * detector every {@link #EMIT_MILLIS} of processing time while it changes (an early firing, in the
 * manner of a continuous processing-time trigger). The snapshot is marked {@link
 * StepStats#provisional}; the detector decides from it whether the spike is already certain. Keyed
 * by service.
 */
public class EarlyFailureCounter extends KeyedProcessFunction<String, LogEvent, StepStats> {

    static final long EMIT_MILLIS = 250;

    private final long stepMillis;
    private final String defaultService;
    private transient ValueState<StepStats> current;
    private transient ValueState<Boolean> scheduled;

    public EarlyFailureCounter(long stepMillis, String defaultService) {
        this.stepMillis = stepMillis;
        this.defaultService = defaultService;
    }

    /** The events this counts: requests the client saw fail at the gateway. */
    public static boolean counts(LogEvent e) {
        return e instanceof AccessEvent a && RequestClassifier.isGatewayError(a);
    }

    /** The key: the request's service. */
    public static String service(LogEvent e, String defaultService) {
        return RequestCorrelator.serviceName((AccessEvent) e, defaultService);
    }

    @Override
    public void open(OpenContext ctx) {
        // A service that went quiet leaves nothing behind: its last provisional step expires.
        StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofMinutes(10)).build();
        ValueStateDescriptor<StepStats> step =
                new ValueStateDescriptor<>("provisional-step", TypeInformation.of(StepStats.class));
        step.enableTimeToLive(ttl);
        ValueStateDescriptor<Boolean> emit =
                new ValueStateDescriptor<>("early-emit-scheduled", Boolean.class);
        emit.enableTimeToLive(ttl);
        current = getRuntimeContext().getState(step);
        scheduled = getRuntimeContext().getState(emit);
    }

    @Override
    public void processElement(LogEvent e, Context ctx, Collector<StepStats> out) throws Exception {
        AccessEvent a = (AccessEvent) e;
        long start = Math.floorDiv(a.timeMillis(), stepMillis) * stepMillis;
        StepStats step = current.value();
        if (step != null && start < step.stepStart) {
            return; // an older step: the final path has it, the warning is about the newest
        }
        if (step == null || start > step.stepStart) {
            step = new StepStats(ctx.getCurrentKey(), start, stepMillis);
            step.provisional = true;
        }
        step.add(Observations.ofRequest(a, null, ctx.getCurrentKey()));
        current.update(step);
        if (scheduled.value() == null) {
            scheduled.update(true);
            long now = ctx.timerService().currentProcessingTime();
            ctx.timerService().registerProcessingTimeTimer(now + EMIT_MILLIS);
        }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<StepStats> out) throws Exception {
        scheduled.clear();
        StepStats step = current.value();
        if (step != null) {
            out.collect(step);
        }
    }
}
