package io.gatescope.analyzer.job;

import io.gatescope.analyzer.detect.DetectorState;
import io.gatescope.analyzer.detect.EarlyWarning;
import io.gatescope.analyzer.detect.Episode;
import io.gatescope.analyzer.detect.EpisodeDetector;
import io.gatescope.analyzer.detect.IncidentAssembler;
import io.gatescope.analyzer.model.Finding;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs the {@link EpisodeDetector} over one service's steps and emits each step as a timeline
 * finding and each new version of an incident (open, updated, closed). At the end of bounded input
 * the last timer closes open episodes and checks for a chronic finding.
 */
public class IncidentDetectorFunction extends KeyedProcessFunction<String, StepStats, Finding> {

    private static final long END_OF_INPUT = Long.MAX_VALUE - 1;
    static final java.time.Duration STREAMING_STATE_TTL = java.time.Duration.ofDays(7);

    private final boolean streaming;
    private transient ValueState<DetectorState> state;

    /**
     * @param streaming the input never ends: check for chronic findings periodically
     */
    public IncidentDetectorFunction(boolean streaming) {
        this.streaming = streaming;
    }

    @Override
    public void open(OpenContext ctx) {
        ValueStateDescriptor<DetectorState> d =
                new ValueStateDescriptor<>("detector", TypeInformation.of(DetectorState.class));
        if (streaming) {
            // A service unseen for a week (renamed, retired) gives its baseline back.
            d.enableTimeToLive(StateTtlConfig.newBuilder(STREAMING_STATE_TTL).build());
        }
        state = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(StepStats step, Context ctx, Collector<Finding> out)
            throws Exception {
        DetectorState s = state.value();
        if (s == null) {
            s = new DetectorState();
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
        }
        long now = step.stepStart + step.stepMillis;
        if (step.provisional) {
            Episode early = EarlyWarning.onProvisionalStep(s, step);
            if (early != null) {
                emit(s, early, now, out);
            }
            state.update(s);
            return;
        }
        out.collect(Finding.of(step));
        boolean closed = false;
        for (Episode e :
                streaming
                        ? EpisodeDetector.onStreamingStep(s, step)
                        : EpisodeDetector.onStep(s, step)) {
            emit(s, e, now, out);
            closed |= !e.open() && "spike".equals(e.kind());
        }
        Episode unconfirmed = EarlyWarning.afterFinalStep(s, step, closed);
        if (unconfirmed != null) {
            Incident i = IncidentAssembler.assemble(unconfirmed, now);
            if (i != null) {
                out.collect(Finding.of(i.retracted()));
            }
        }
        state.update(s);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Finding> out) throws Exception {
        DetectorState s = state.value();
        if (s == null) {
            return;
        }
        long now = s.lastStepStart;
        for (Episode e : EpisodeDetector.onEnd(s)) {
            emit(s, e, now, out);
        }
        state.update(s);
    }

    private static void emit(DetectorState s, Episode e, long now, Collector<Finding> out) {
        Incident i = IncidentAssembler.assemble(e, now, EarlyWarning.idStep(s, e));
        if (i != null) {
            out.collect(Finding.of(i));
        }
    }
}
